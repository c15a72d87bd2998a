package dev.upgradesentinel.gke;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.QuotaProjectIdProvider;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.model.ClusterRef;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The GKE API, read-only, over its REST form and the JDK's HTTP client: clusters, their upgrade
 * information and operations, as the JSON the API answers. It is the one way the functions reach
 * GKE; the client library is not used because the newest one served predates the upgrade-info
 * methods and the 2025–26 cluster fields.
 *
 * <p>What a client library would otherwise do is done here, and nothing more:
 *
 * <ul>
 *   <li>Credentials from Application Default Credentials ({@code google-auth-library}) with the
 *       {@code cloud-platform} scope: the host follows their universe domain, their quota project
 *       is sent as {@code x-goog-user-project}, and an answer of 401 refreshes the token and sends
 *       the request once more.
 *   <li>A versioned {@code User-Agent} and {@code x-goog-api-client}.
 *   <li>A deadline for each attempt and one for the call, both covering the whole answer, body
 *       included, so a server that stalls halfway through a body cannot hold the call.
 *   <li>Retries of {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED} and {@code RESOURCE_EXHAUSTED}
 *       (429), with a growing, jittered delay, never shorter than the delay the API asked for in
 *       its {@code RetryInfo}, and only while the call's deadline allows.
 *   <li>Google's error body read with its {@code details}: the {@code ErrorInfo} reason tells "API
 *       not enabled" ({@code SERVICE_DISABLED}) apart from "permission denied".
 * </ul>
 *
 * <p>Against an emulator ({@code GKE_EMULATOR_HOST}) it speaks plaintext HTTP without credentials.
 * Thread-safe; one per instance.
 */
public final class GkeApi implements Warmable {
  private static final Logger log = Logger.getLogger(GkeApi.class.getName());

  static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  static final String VERSION = version();
  static final String USER_AGENT = "gke-upgrade-sentinel/" + VERSION;
  static final String API_CLIENT =
      "gl-java/"
          + System.getProperty("java.version", "unknown")
          + " gke-upgrade-sentinel/"
          + VERSION;

  private static final String QUOTA_PROJECT_HEADER = "x-goog-user-project";
  private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
  private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
  private static final int MAX_DESCRIPTION = 300;

  /** The least time worth starting an attempt with, for attempts of 2 s or longer. */
  private static final long MIN_ATTEMPT = Duration.ofMillis(500).toNanos();

  /** The canonical status names, the only ones taken from an error body. */
  private static final Set<String> CANONICAL =
      Set.of(
          "CANCELLED",
          "UNKNOWN",
          "INVALID_ARGUMENT",
          "DEADLINE_EXCEEDED",
          "NOT_FOUND",
          "ALREADY_EXISTS",
          "PERMISSION_DENIED",
          "UNAUTHENTICATED",
          "RESOURCE_EXHAUSTED",
          "FAILED_PRECONDITION",
          "ABORTED",
          "OUT_OF_RANGE",
          "UNIMPLEMENTED",
          "INTERNAL",
          "UNAVAILABLE",
          "DATA_LOSS");

  /**
   * How a call is retried.
   *
   * @param total the whole call, retries and delays included
   * @param attempt the longest one attempt may take, its answer's body included
   * @param initialDelay the delay before the second attempt
   * @param multiplier how much each delay grows
   * @param maxDelay the longest delay this client chooses (the API may ask for a longer one)
   */
  public record Retry(
      Duration total,
      Duration attempt,
      Duration initialDelay,
      double multiplier,
      Duration maxDelay) {
    /**
     * 20 s a call, 10 s an attempt: a function has 60 s by default and still has to post, and a
     * cluster that cannot be read in 20 s is better left to a Pub/Sub redelivery than to the
     * function's timeout; one stuck attempt still leaves room for another.
     */
    public static final Retry DEFAULT =
        new Retry(
            Duration.ofSeconds(20),
            Duration.ofSeconds(10),
            Duration.ofMillis(250),
            2.0,
            Duration.ofSeconds(4));

    public Retry {
      Objects.requireNonNull(total, "total == null");
      Objects.requireNonNull(attempt, "attempt == null");
      Objects.requireNonNull(initialDelay, "initialDelay == null");
      Objects.requireNonNull(maxDelay, "maxDelay == null");
      if (multiplier < 1.0) {
        throw new IllegalArgumentException("multiplier < 1");
      }
    }
  }

  /** Supplies credentials once they are first needed; null for none. */
  @FunctionalInterface
  interface CredentialsLoader {
    Credentials load() throws IOException;
  }

  /** Waits between attempts; tests record the waits instead. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final HttpClient http;
  private final CredentialsLoader loader;
  private final Retry retry;
  private final Sleeper sleeper;
  private final Object lock = new Object();
  private volatile Credentials credentials; // null until loaded
  private volatile String base; // the API's base URL, once known

  /**
   * @param fixedBase the base URL to call, such as an emulator's {@code http://host:port}; null for
   *     {@code https://container.} and the credentials' universe domain
   * @param loader where credentials come from; null to send none (an emulator)
   */
  GkeApi(
      HttpClient http, String fixedBase, CredentialsLoader loader, Retry retry, Sleeper sleeper) {
    this.http = Objects.requireNonNull(http, "http == null");
    this.loader = loader;
    this.retry = Objects.requireNonNull(retry, "retry == null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
    this.base = fixedBase;
  }

  /**
   * The real GKE API with Application Default Credentials, or an emulator.
   *
   * @param emulatorHostOrNull {@code host:port} of a plaintext GKE REST API without credentials;
   *     null or blank for the real API
   * @param http the instance's HTTP client
   */
  public static GkeApi create(String emulatorHostOrNull, HttpClient http) {
    if (emulatorHostOrNull != null && !emulatorHostOrNull.isBlank()) {
      return new GkeApi(
          http, "http://" + emulatorHostOrNull.strip(), null, Retry.DEFAULT, GkeApi::pause);
    }
    return new GkeApi(
        http,
        null,
        () -> GoogleCredentials.getApplicationDefault().createScoped(List.of(CLOUD_PLATFORM)),
        Retry.DEFAULT,
        GkeApi::pause);
  }

  /** {@code projects.locations.clusters.get}: one cluster with its node pools. */
  public JsonObject cluster(ClusterRef ref) {
    return get(clusterPath(ref));
  }

  /**
   * {@code projects.locations.clusters.list} of every location ({@code -}): the API's {@code
   * {"clusters":[...],"missingZones":[...]}}, or {@code {}} for a project without clusters.
   */
  public JsonObject clusters(String project) {
    return get("/v1/projects/" + segment(project) + "/locations/-/clusters");
  }

  /**
   * {@code projects.locations.clusters.fetchClusterUpgradeInfo}: GKE's own answer about the
   * cluster's upgrades (auto-upgrade status, paused reasons, targets, end of support, the recent
   * upgrades).
   */
  public JsonObject clusterUpgradeInfo(ClusterRef ref) {
    return clusterUpgradeInfo(ref, retry.total());
  }

  /**
   * {@code fetchClusterUpgradeInfo} within {@code total}, retries included: a caller that goes on
   * without the answer gives it less time than a whole call.
   */
  public JsonObject clusterUpgradeInfo(ClusterRef ref, Duration total) {
    return get(clusterPath(ref) + ":fetchClusterUpgradeInfo", total);
  }

  /** {@code projects.locations.clusters.nodePools.fetchNodePoolUpgradeInfo}, for one pool. */
  public JsonObject nodePoolUpgradeInfo(ClusterRef ref, String pool) {
    return nodePoolUpgradeInfo(ref, pool, retry.total());
  }

  /** {@code fetchNodePoolUpgradeInfo} within {@code total}, retries included. */
  public JsonObject nodePoolUpgradeInfo(ClusterRef ref, String pool, Duration total) {
    return get(
        clusterPath(ref)
            + "/nodePools/"
            + segment(Objects.requireNonNull(pool, "pool == null"))
            + ":fetchNodePoolUpgradeInfo",
        total);
  }

  /** {@code projects.locations.operations.get}: an operation, with its error when it failed. */
  public JsonObject operation(String project, String location, String operation) {
    return operation(project, location, operation, retry.total());
  }

  /** {@code operations.get} within {@code total}, retries included. */
  public JsonObject operation(String project, String location, String operation, Duration total) {
    return get(
        "/v1/projects/"
            + segment(project)
            + "/locations/"
            + segment(location)
            + "/operations/"
            + segment(operation),
        total);
  }

  private static String clusterPath(ClusterRef ref) {
    Objects.requireNonNull(ref, "ref == null");
    return "/v1/projects/"
        + segment(ref.project())
        + "/locations/"
        + segment(ref.location())
        + "/clusters/"
        + segment(ref.name());
  }

  /**
   * Loads the credentials and gets their first token, so a cold instance has it before its first
   * request needs it. A failure is left for the first call to meet and report.
   */
  @Override
  public void warmUp() {
    try {
      Credentials current = credentials();
      if (current != null) {
        current.getRequestMetadata(URI.create(baseUrl()));
      }
    } catch (IOException | GkeApiException e) {
      log.fine("Credentials not ready yet, the first call will try again: " + e);
    }
  }

  /**
   * Sends {@code GET base + path} and returns the JSON object it answered, retrying what is worth
   * retrying within the call's deadline.
   *
   * @throws GkeApiException when the call failed: the API's error, or the last retryable one once
   *     the deadline leaves no room for another attempt
   */
  JsonObject get(String path) {
    return get(path, retry.total());
  }

  /** {@link #get(String)} within {@code total} rather than the retry's own. */
  JsonObject get(String path, Duration total) {
    long deadline = System.nanoTime() + Math.min(total.toNanos(), retry.total().toNanos());
    long delay = retry.initialDelay().toNanos();
    long minAttempt = Math.min(MIN_ATTEMPT, retry.attempt().toNanos() / 4);
    boolean refreshed = false;
    for (int attempt = 1; ; attempt++) {
      GkeApiException failure;
      try {
        long left = Math.max(deadline - System.nanoTime(), 1);
        return object(once(path, Duration.ofNanos(Math.min(retry.attempt().toNanos(), left))));
      } catch (GkeApiException e) {
        failure = e;
      }
      if (failure.status().equals("UNAUTHENTICATED") && failure.httpStatus() == 401 && !refreshed) {
        // The token was revoked or expired early: fetch a new one and send the request once more.
        refreshed = true;
        if (refresh()) {
          continue;
        }
      }
      long pause = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
      if (failure.retryDelay().isPresent()) {
        pause = Math.max(pause, failure.retryDelay().get().toNanos());
      }
      // Another attempt needs room for an answer, or it would end in a deadline error that hides
      // the error worth reporting.
      if (!failure.retryable() || System.nanoTime() + pause + minAttempt >= deadline) {
        throw failure;
      }
      log.fine(
          "Retrying GKE API " + path + " attempt=" + attempt + " after " + failure.getMessage());
      try {
        sleeper.sleep(Duration.ofNanos(pause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GkeApiException("CANCELLED", 0, "interrupted while waiting to retry", e);
      }
      delay = Math.min((long) (delay * retry.multiplier()), retry.maxDelay().toNanos());
    }
  }

  private static JsonObject object(JsonElement answer) {
    if (!answer.isJsonObject()) {
      throw new GkeApiException("INTERNAL", 200, "the answer is not a JSON object", null);
    }
    return answer.getAsJsonObject();
  }

  private JsonElement once(String path, Duration timeout) {
    URI uri = URI.create(baseUrl() + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT)
            .header("x-goog-api-client", API_CLIENT)
            .GET();
    Credentials current = credentials();
    if (current != null) {
      Map<String, List<String>> metadata;
      try {
        metadata = current.getRequestMetadata(uri);
      } catch (IOException e) {
        // The token could not be fetched or refreshed: the metadata server or the token service.
        throw new GkeApiException("UNAVAILABLE", 0, "no access token: " + e.getMessage(), e);
      }
      for (Map.Entry<String, List<String>> header : metadata.entrySet()) {
        for (String value : header.getValue()) {
          request.header(header.getKey(), value);
        }
      }
      // Some credentials leave their quota project out of their own metadata.
      if (current instanceof QuotaProjectIdProvider quota
          && quota.getQuotaProjectId() != null
          && metadata.keySet().stream().noneMatch(QUOTA_PROJECT_HEADER::equalsIgnoreCase)) {
        request.header(QUOTA_PROJECT_HEADER, quota.getQuotaProjectId());
      }
    }
    CompletableFuture<HttpResponse<String>> call =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> answer;
    try {
      // The future completes once the whole body is read, so this bounds a stalled body too.
      answer = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new GkeApiException("DEADLINE_EXCEEDED", 0, "no whole answer within " + timeout, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String status =
          cause instanceof java.net.http.HttpTimeoutException ? "DEADLINE_EXCEEDED" : "UNAVAILABLE";
      throw new GkeApiException(status, 0, cause.getClass().getSimpleName(), cause);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new GkeApiException("CANCELLED", 0, "interrupted", e);
    }
    if (answer.statusCode() / 100 != 2) {
      throw error(answer.statusCode(), answer.body(), answer.headers().firstValue("Retry-After"));
    }
    try {
      return JsonParser.parseString(answer.body());
    } catch (JsonParseException e) {
      throw new GkeApiException("INTERNAL", answer.statusCode(), "the answer is not JSON", null);
    }
  }

  /** The base URL: the one given, or {@code https://container.} and the universe domain. */
  String baseUrl() {
    String known = base;
    if (known != null) {
      return known;
    }
    Credentials current = credentials();
    String universe;
    try {
      universe = current.getUniverseDomain();
    } catch (IOException e) {
      throw new GkeApiException(
          "UNAVAILABLE", 0, "the credentials' universe domain: " + e.getMessage(), e);
    }
    known = "https://container." + (universe == null ? "googleapis.com" : universe);
    base = known;
    return known;
  }

  private Credentials credentials() {
    if (loader == null) {
      return null;
    }
    Credentials current = credentials;
    if (current != null) {
      return current;
    }
    synchronized (lock) {
      if (credentials == null) {
        try {
          credentials = loader.load();
        } catch (IOException e) {
          // No Application Default Credentials: a configuration problem a retry does not fix.
          throw new GkeApiException(
              "UNAUTHENTICATED", 0, "no Application Default Credentials: " + e.getMessage(), e);
        }
      }
      return credentials;
    }
  }

  /** Fetches a new token; false when there are no credentials to refresh, or it failed. */
  private boolean refresh() {
    Credentials current = credentials();
    if (current == null) {
      return false;
    }
    try {
      current.refresh();
      return true;
    } catch (IOException | RuntimeException e) {
      log.fine("Refreshing the GKE API's access token failed: " + e);
      return false;
    }
  }

  /**
   * One path segment, percent-encoded: a name from an event cannot add segments or a query.
   * Letters, digits and {@code -._~} stay as they are.
   */
  static String segment(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * The error an answer carries: Google's {@code {"error":{"code","message","status","details"}}},
   * or, when the body is not that (a proxy's page, say), the status its HTTP code stands for. A
   * {@code Retry-After} header in seconds counts as a RetryInfo when the body gave none.
   */
  static GkeApiException error(int httpStatus, String body, java.util.Optional<String> retryAfter) {
    String status = null;
    String message = "";
    String reason = null;
    Map<String, String> metadata = new HashMap<>();
    Duration retryDelay = null;
    try {
      JsonElement json = JsonParser.parseString(body);
      JsonElement error = json.isJsonObject() ? json.getAsJsonObject().get("error") : null;
      if (error != null && error.isJsonObject()) {
        JsonObject e = error.getAsJsonObject();
        String named = string(e.get("status"));
        if (named != null && CANONICAL.contains(named)) {
          status = named;
        }
        String text = string(e.get("message"));
        message = text == null ? "" : text;
        JsonElement details = e.get("details");
        if (details != null && details.isJsonArray()) {
          for (JsonElement detail : (JsonArray) details) {
            if (!detail.isJsonObject()) {
              continue;
            }
            JsonObject d = detail.getAsJsonObject();
            String type = string(d.get("@type"));
            if (ERROR_INFO.equals(type) && reason == null) {
              reason = string(d.get("reason"));
              JsonElement meta = d.get("metadata");
              if (meta != null && meta.isJsonObject()) {
                for (Map.Entry<String, JsonElement> m : meta.getAsJsonObject().entrySet()) {
                  String value = string(m.getValue());
                  if (value != null) {
                    metadata.put(m.getKey(), value);
                  }
                }
              }
            } else if (RETRY_INFO.equals(type)) {
              retryDelay = duration(string(d.get("retryDelay")));
            }
          }
        }
      }
    } catch (JsonParseException | IllegalStateException e) {
      // Not Google's error shape: the HTTP status is all there is.
    }
    if (retryDelay == null && retryAfter.isPresent()) {
      retryDelay = retryAfterSeconds(retryAfter.get());
    }
    return new GkeApiException(
        status != null ? status : statusOf(httpStatus),
        httpStatus,
        printable(message),
        reason,
        metadata,
        retryDelay,
        null);
  }

  private static String string(JsonElement element) {
    return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
  }

  /** A {@code google.protobuf.Duration} in JSON: seconds with an {@code s}, such as "1.5s". */
  static Duration duration(String value) {
    if (value == null || !value.matches("[0-9]{1,9}(\\.[0-9]{1,9})?s")) {
      return null;
    }
    BigDecimal seconds = new BigDecimal(value.substring(0, value.length() - 1));
    return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
  }

  private static Duration retryAfterSeconds(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.matches("[0-9]{1,6}") ? Duration.ofSeconds(Long.parseLong(v)) : null;
  }

  /**
   * The canonical status an HTTP status stands for, as Google's API design guide maps them (and a
   * bad gateway as gRPC's mapping does: unavailable).
   */
  static String statusOf(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 412 -> "FAILED_PRECONDITION";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 500 -> "INTERNAL";
      case 501 -> "UNIMPLEMENTED";
      case 502, 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> "UNKNOWN";
    };
  }

  /** A server's message for a log line: one line, no control characters, not too long. */
  private static String printable(String message) {
    String flat = message.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return flat.length() <= MAX_DESCRIPTION ? flat : flat.substring(0, MAX_DESCRIPTION) + "...";
  }

  static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
  }

  /** This build's version, from the resource Maven writes; "dev" when run from sources alone. */
  private static String version() {
    try (InputStream in = GkeApi.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "dev");
      return version.isBlank() || version.startsWith("$") ? "dev" : version;
    } catch (IOException e) {
      return "dev";
    }
  }
}
