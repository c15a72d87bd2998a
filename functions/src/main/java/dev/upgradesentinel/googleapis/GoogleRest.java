package dev.upgradesentinel.googleapis;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Calls one Google API over its REST form: GET and POST requests with the credentials the API
 * wants, JSON bodies and answers, and the retries Google's client libraries make for reads
 * (UNAVAILABLE and DEADLINE_EXCEEDED, with a growing, jittered delay, within a total time).
 *
 * <p>Against an emulator ({@code host:port}) it speaks plaintext HTTP without credentials.
 * Otherwise it uses Application Default Credentials with the {@code cloud-platform} scope: on Cloud
 * Run, the service account's token from the metadata server, which the credentials cache and
 * refresh.
 *
 * <p>Thread-safe; one per API per instance.
 */
public final class GoogleRest {
  private static final Logger log = Logger.getLogger(GoogleRest.class.getName());

  static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  private static final String USER_AGENT = "gke-upgrade-sentinel";
  private static final int MAX_DESCRIPTION = 300;

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
   * @param attempt the longest one attempt may take
   * @param initialDelay the delay before the second attempt
   * @param multiplier how much each delay grows
   * @param maxDelay the longest delay
   * @param maxAttempts attempts at most; 0 for as many as the total time allows
   */
  public record Retry(
      Duration total,
      Duration attempt,
      Duration initialDelay,
      double multiplier,
      Duration maxDelay,
      int maxAttempts) {
    public Retry {
      Objects.requireNonNull(total, "total == null");
      Objects.requireNonNull(attempt, "attempt == null");
      Objects.requireNonNull(initialDelay, "initialDelay == null");
      Objects.requireNonNull(maxDelay, "maxDelay == null");
      if (multiplier < 1.0 || maxAttempts < 0) {
        throw new IllegalArgumentException("multiplier < 1 or maxAttempts < 0");
      }
    }

    /** The same, with at most {@code attempts} attempts. */
    public Retry withMaxAttempts(int attempts) {
      return new Retry(total, attempt, initialDelay, multiplier, maxDelay, attempts);
    }
  }

  /** Supplies credentials once they are first needed; null for none. */
  @FunctionalInterface
  interface CredentialsLoader {
    Credentials load() throws IOException;
  }

  private final HttpClient http;
  private final String base;
  private final CredentialsLoader loader;
  private final Retry retry;
  private final Object lock = new Object();
  private volatile Credentials credentials; // null until loaded, or when there are none

  GoogleRest(HttpClient http, String base, CredentialsLoader loader, Retry retry) {
    this.http = Objects.requireNonNull(http, "http == null");
    this.base = Objects.requireNonNull(base, "base == null");
    this.loader = loader;
    this.retry = Objects.requireNonNull(retry, "retry == null");
  }

  /**
   * The API at {@code https://host}, with Application Default Credentials, or an emulator.
   *
   * @param host the API's host, such as {@code container.googleapis.com}
   * @param emulatorHostOrNull {@code host:port} of a plaintext emulator without credentials; null
   *     or blank for the real API
   */
  public static GoogleRest forApi(
      String host, String emulatorHostOrNull, HttpClient http, Retry retry) {
    if (emulatorHostOrNull != null && !emulatorHostOrNull.isBlank()) {
      return new GoogleRest(http, "http://" + emulatorHostOrNull, null, retry);
    }
    return new GoogleRest(
        http,
        "https://" + host,
        () -> GoogleCredentials.getApplicationDefault().createScoped(List.of(CLOUD_PLATFORM)),
        retry);
  }

  /**
   * Sends {@code GET base + path} and returns the JSON object it answered, retrying what is worth
   * retrying.
   *
   * @param path the request's path and query, already encoded (see {@link #segment}), starting with
   *     a slash
   * @throws GoogleApiException when the call failed: the API's error, or {@code UNAVAILABLE} or
   *     {@code DEADLINE_EXCEEDED} once the retries are spent, or {@code UNAUTHENTICATED} when there
   *     are no credentials to call it with
   */
  public JsonObject get(String path) {
    return get(path, retry.total());
  }

  /**
   * As {@link #get(String)}, within {@code within} when that is shorter than the retries' total:
   * the time a caller has left for the whole call.
   */
  public JsonObject get(String path, Duration within) {
    return object(call(path, null, within));
  }

  /**
   * Sends {@code POST base + path} with a JSON body, within {@code within}, retrying as {@link
   * #get(String)} does. Only for requests that may be sent twice: a retried attempt whose first
   * answer was lost applies it again (a write conditioned on what it read then fails its condition,
   * which the caller reads as such).
   */
  public JsonObject post(String path, JsonObject body, Duration within) {
    return object(call(path, Objects.requireNonNull(body, "body == null"), within));
  }

  /**
   * As {@link #post}, for the methods that answer a JSON array: a server stream, which the REST
   * form sends whole, as an array of its messages.
   */
  public JsonArray postForArray(String path, JsonObject body, Duration within) {
    JsonElement answer = call(path, Objects.requireNonNull(body, "body == null"), within);
    if (!answer.isJsonArray()) {
      throw new GoogleApiException("INTERNAL", 200, "the answer is not a JSON array", null);
    }
    return answer.getAsJsonArray();
  }

  private static JsonObject object(JsonElement answer) {
    if (!answer.isJsonObject()) {
      throw new GoogleApiException("INTERNAL", 200, "the answer is not a JSON object", null);
    }
    return answer.getAsJsonObject();
  }

  private JsonElement call(String path, JsonObject bodyOrNull, Duration within) {
    URI uri = URI.create(base + path);
    long deadline =
        System.nanoTime() + Math.min(retry.total().toNanos(), Math.max(within.toNanos(), 1));
    long delay = retry.initialDelay().toNanos();
    for (int attempt = 1; ; attempt++) {
      long left = deadline - System.nanoTime();
      GoogleApiException failure;
      try {
        return once(
            uri,
            bodyOrNull,
            Duration.ofNanos(Math.min(retry.attempt().toNanos(), Math.max(left, 1))));
      } catch (GoogleApiException e) {
        failure = e;
      }
      long pause = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
      boolean spent =
          (retry.maxAttempts() > 0 && attempt >= retry.maxAttempts())
              || System.nanoTime() + pause >= deadline;
      if (!failure.retryable() || spent) {
        throw failure;
      }
      log.fine("Retrying " + uri.getPath() + " after " + failure.getMessage());
      sleep(pause);
      delay = Math.min((long) (delay * retry.multiplier()), retry.maxDelay().toNanos());
    }
  }

  /**
   * Loads the credentials and gets their first token, so a cold instance has it before its first
   * request needs it. A failure is left for the first call to meet and report.
   */
  public void warmUp() {
    try {
      Credentials current = credentials();
      if (current != null) {
        current.getRequestMetadata(URI.create(base));
      }
    } catch (IOException | GoogleApiException e) {
      log.fine("Credentials not ready yet, the first call will try again: " + e);
    }
  }

  /**
   * One path segment, percent-encoded: a name from an event cannot add segments or a query.
   * Letters, digits and {@code -._~} stay as they are.
   */
  public static String segment(String value) {
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

  private JsonElement once(URI uri, JsonObject bodyOrNull, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
    if (bodyOrNull == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(bodyOrNull.toString()));
    }
    Credentials current;
    try {
      current = credentials();
      if (current != null) {
        for (Map.Entry<String, List<String>> header : current.getRequestMetadata(uri).entrySet()) {
          for (String value : header.getValue()) {
            request.header(header.getKey(), value);
          }
        }
      }
    } catch (IOException e) {
      // The token could not be fetched or refreshed: the metadata server or the token service.
      throw new GoogleApiException("UNAVAILABLE", 0, "no access token: " + e.getMessage(), e);
    }
    HttpResponse<String> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new GoogleApiException("DEADLINE_EXCEEDED", 0, "no answer within " + timeout, e);
    } catch (IOException e) {
      throw new GoogleApiException("UNAVAILABLE", 0, e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GoogleApiException("CANCELLED", 0, "interrupted", e);
    }
    if (answer.statusCode() / 100 != 2) {
      throw error(answer.statusCode(), answer.body());
    }
    try {
      return JsonParser.parseString(answer.body());
    } catch (JsonParseException e) {
      throw new GoogleApiException("INTERNAL", answer.statusCode(), "the answer is not JSON", null);
    }
  }

  private Credentials credentials() throws IOException {
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
          throw new GoogleApiException(
              "UNAUTHENTICATED", 0, "no Application Default Credentials: " + e.getMessage(), e);
        }
      }
      return credentials;
    }
  }

  /**
   * The error an answer carries: Google's {@code {"error":{"code","message","status"}}}, or, when
   * the body is not that (a proxy's page, say), the status its HTTP code stands for.
   */
  static GoogleApiException error(int httpStatus, String body) {
    String status = null;
    String message = "";
    try {
      JsonElement json = JsonParser.parseString(body);
      JsonElement error = json.isJsonObject() ? json.getAsJsonObject().get("error") : null;
      if (error != null && error.isJsonObject()) {
        JsonElement named = error.getAsJsonObject().get("status");
        if (named != null && named.isJsonPrimitive() && CANONICAL.contains(named.getAsString())) {
          status = named.getAsString();
        }
        JsonElement text = error.getAsJsonObject().get("message");
        if (text != null && text.isJsonPrimitive()) {
          message = text.getAsString();
        }
      }
    } catch (JsonParseException | IllegalStateException e) {
      // Not Google's error shape: the HTTP status is all there is.
    }
    return new GoogleApiException(
        status != null ? status : statusOf(httpStatus), httpStatus, printable(message), null);
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

  private static void sleep(long nanos) {
    try {
      Thread.sleep(Duration.ofNanos(nanos).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GoogleApiException("CANCELLED", 0, "interrupted while waiting to retry", e);
    }
  }
}
