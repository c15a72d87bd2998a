package dev.upgradesentinel.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GKE API for tests: a real HTTP server on 127.0.0.1 that speaks the API's REST form in plaintext
 * ({@code GKE_EMULATOR_HOST=}{@link #target()}), answering from clusters the test adds as the JSON
 * the API returns (see {@link Fixtures#cluster}):
 *
 * <ul>
 *   <li>{@code GET /v1/projects/P/locations/L/clusters/C}
 *   <li>{@code GET /v1/projects/P/locations/L/clusters} ({@code L} may be {@code -})
 *   <li>{@code GET .../clusters/C:fetchClusterUpgradeInfo} and {@code
 *       .../clusters/C/nodePools/N:fetchNodePoolUpgradeInfo}, from answers the test sets (auto
 *       upgrades {@code ACTIVE} for a cluster it set nothing for)
 *   <li>{@code GET /v1/projects/P/locations/L/operations/O}, from operations the test adds
 * </ul>
 *
 * <p>Errors are Google's JSON error bodies with the HTTP status of their canonical code. It can
 * fail requests, report missing zones, answer slowly and enforce a per-second quota. Every method
 * is safe to call while requests are being served.
 */
public final class FakeGkeServer implements AutoCloseable {

  private static final Pattern CLUSTER =
      Pattern.compile(
          "/v1/projects/([^/]+)/locations/([^/]+)/clusters/([^/:]+)"
              + "(?::(fetchClusterUpgradeInfo)|/nodePools/([^/:]+):(fetchNodePoolUpgradeInfo))?");
  private static final Pattern LIST =
      Pattern.compile("/v1/projects/([^/]+)/locations/([^/]+)/clusters");
  private static final Pattern OPERATION =
      Pattern.compile("/v1/projects/([^/]+)/locations/([^/]+)/operations/([^/]+)");

  /** An error the fake answers with: a canonical status, its HTTP status, a message. */
  public record GkeError(int http, String status, String message, JsonArray details) {

    /** The error of a canonical status, with the HTTP status Google maps it to. */
    public static GkeError of(String status, String message) {
      int http =
          switch (status) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "PERMISSION_DENIED" -> 403;
            case "NOT_FOUND" -> 404;
            case "ABORTED", "ALREADY_EXISTS" -> 409;
            case "RESOURCE_EXHAUSTED" -> 429;
            case "CANCELLED" -> 499;
            case "UNIMPLEMENTED" -> 501;
            case "UNAVAILABLE" -> 503;
            case "DEADLINE_EXCEEDED" -> 504;
            default -> 500;
          };
      return new GkeError(http, status, message, new JsonArray());
    }

    /** The body Google's APIs send: {@code {"error":{"code","message","status","details"}}}. */
    public String body() {
      JsonObject error = new JsonObject();
      error.addProperty("code", http);
      error.addProperty("message", message);
      error.addProperty("status", status);
      if (!details.isEmpty()) {
        error.add("details", details.deepCopy());
      }
      JsonObject body = new JsonObject();
      body.add("error", error);
      return body.toString();
    }
  }

  private final Map<String, List<JsonObject>> clustersByProject = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> upgradeInfo = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> operations = new ConcurrentHashMap<>();
  private final Map<String, GkeError> failingProjects = new ConcurrentHashMap<>();
  private final Map<String, GkeError> failingUpgradeInfo = new ConcurrentHashMap<>();
  private final Map<String, List<String>> missingZonesByProject = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> paths = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Long> admittedWithinSecond = new ArrayDeque<>();
  private final AtomicInteger quotaErrors = new AtomicInteger();
  private final AtomicInteger randomFailures = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;
  private volatile Duration maxLatency = Duration.ZERO;
  private volatile int quotaPerSecond;
  private int scheduledFailures; // guarded by this
  private GkeError scheduledError; // guarded by this
  private double randomFailureRate; // guarded by this
  private GkeError randomError; // guarded by this
  private Random random = new Random(0); // guarded by this
  private HttpServer server;
  private ExecutorService executor;

  /**
   * Starts serving on a free port of 127.0.0.1.
   *
   * @return this server, so that {@code try (var gke = new FakeGkeServer().start())} reads well
   */
  public FakeGkeServer start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** The {@code host:port} to give {@code GKE_EMULATOR_HOST}. */
  public String target() {
    if (server == null) {
      throw new IllegalStateException("FakeGkeServer not started");
    }
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Adds a cluster to a project, found later by its {@code location} (or {@code zone}) and name.
   * The fake keeps its own copy.
   */
  public void addCluster(String project, JsonObject cluster) {
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(cluster, "cluster == null");
    clustersByProject
        .computeIfAbsent(project, p -> new CopyOnWriteArrayList<>())
        .add(cluster.deepCopy());
  }

  /** Puts a cluster in a project in place of the one of the same location and name, if any. */
  public void replaceCluster(String project, JsonObject cluster) {
    Objects.requireNonNull(cluster, "cluster == null");
    List<JsonObject> clusters =
        clustersByProject.computeIfAbsent(
            Objects.requireNonNull(project, "project == null"), p -> new CopyOnWriteArrayList<>());
    JsonObject copy = cluster.deepCopy();
    synchronized (clusters) {
      for (int i = 0; i < clusters.size(); i++) {
        JsonObject c = clusters.get(i);
        if (name(c).equals(name(copy)) && locationOf(c).equals(locationOf(copy))) {
          // In place, so a concurrent read sees the old cluster or the new, never none.
          clusters.set(i, copy);
          return;
        }
      }
      clusters.add(copy);
    }
  }

  /** What {@code fetchClusterUpgradeInfo} answers for the cluster. */
  public void clusterUpgradeInfo(String project, String location, String cluster, JsonObject info) {
    upgradeInfo.put(project + "/" + location + "/" + cluster, info.deepCopy());
  }

  /** What {@code fetchNodePoolUpgradeInfo} answers for one pool of the cluster. */
  public void nodePoolUpgradeInfo(
      String project, String location, String cluster, String pool, JsonObject info) {
    upgradeInfo.put(project + "/" + location + "/" + cluster + "/" + pool, info.deepCopy());
  }

  /**
   * Fails {@code fetchClusterUpgradeInfo} of one cluster, from now on, with {@code error}, while
   * its other reads answer: an older API, a role without the permission, the method's own quota.
   */
  public void failUpgradeInfo(String project, String location, String cluster, GkeError error) {
    failingUpgradeInfo.put(project + "/" + location + "/" + cluster, error);
  }

  /** An operation that {@code operations.get} answers, by its name in its location. */
  public void addOperation(String project, String location, String name, JsonObject operation) {
    operations.put(project + "/" + location + "/" + name, operation.deepCopy());
  }

  /** Fails the next {@code n} requests, whatever they ask for, with {@code error}. */
  public synchronized void failNext(int n, GkeError error) {
    scheduledFailures = n;
    scheduledError = Objects.requireNonNull(error, "error == null");
  }

  /**
   * Fails about {@code fraction} of the requests from now on with {@code error}, drawn from a
   * seeded random, so that a run can be repeated; a fraction of 0 stops it.
   */
  public synchronized void failRandomly(double fraction, GkeError error, long seed) {
    randomFailureRate = fraction;
    randomError = Objects.requireNonNull(error, "error == null");
    random = new Random(seed);
  }

  /** How many requests {@link #failRandomly} failed. */
  public int randomFailureCount() {
    return randomFailures.get();
  }

  /** Fails every request naming {@code project}, from now on, with {@code error}. */
  public void failProject(String project, GkeError error) {
    failingProjects.put(project, error);
  }

  /** Makes the cluster list of {@code project} report these zones as unreachable. */
  public void missingZones(String project, String... zones) {
    missingZonesByProject.put(project, List.of(zones));
  }

  /** Delays every answer by {@code delay}, to exercise client deadlines. */
  public void latency(Duration delay) {
    latency = Objects.requireNonNull(delay, "delay == null");
    maxLatency = delay;
  }

  /** Delays every answer by a random time from {@code min} to {@code max}, as a real API varies. */
  public void latency(Duration min, Duration max) {
    latency = Objects.requireNonNull(min, "min == null");
    maxLatency = Objects.requireNonNull(max, "max == null");
  }

  /**
   * The most requests that arrived within any window of the given length, to check a client's rate
   * limit; computed from every arrival since start.
   */
  public int maxRequestsWithin(Duration window) {
    List<Long> times = arrivals.stream().sorted().toList();
    long width = window.toNanos();
    int most = 0;
    int start = 0;
    for (int end = 0; end < times.size(); end++) {
      while (times.get(end) - times.get(start) >= width) {
        start++;
      }
      most = Math.max(most, end - start + 1);
    }
    return most;
  }

  /**
   * Answers RESOURCE_EXHAUSTED (429), as GKE does past its quota, to any request beyond {@code
   * limit} within a sliding second; 0 turns the quota off.
   */
  public void quotaPerSecond(int limit) {
    quotaPerSecond = limit;
  }

  /** How many requests were refused by {@link #quotaPerSecond}. */
  public int quotaErrors() {
    return quotaErrors.get();
  }

  /** How many requests arrived, failed ones and client retries included. */
  public int requestCount() {
    return requests.get();
  }

  /** The paths requested, in order of arrival. */
  public List<String> requestedPaths() {
    return List.copyOf(paths);
  }

  @Override
  public void close() throws InterruptedException {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      paths.add(path);
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, GkeError.of("UNIMPLEMENTED", "this fake only reads"));
        return;
      }
      Matcher cluster = CLUSTER.matcher(path);
      Matcher list = LIST.matcher(path);
      Matcher operation = OPERATION.matcher(path);
      String project =
          cluster.matches()
              ? decode(cluster.group(1))
              : list.matches()
                  ? decode(list.group(1))
                  : operation.matches() ? decode(operation.group(1)) : null;
      GkeError failure = admit(project);
      if (failure != null) {
        send(exchange, failure);
      } else if (cluster.matches()) {
        answerCluster(exchange, cluster);
      } else if (list.matches()) {
        answerList(exchange, project, decode(list.group(2)));
      } else if (operation.matches()) {
        String key = project + "/" + decode(operation.group(2)) + "/" + decode(operation.group(3));
        JsonObject found = operations.get(key);
        if (found == null) {
          send(exchange, GkeError.of("NOT_FOUND", "Not found: operation " + key + "."));
        } else {
          send(exchange, 200, found.toString());
        }
      } else {
        send(exchange, GkeError.of("NOT_FOUND", "The requested URL was not found."));
      }
    }
  }

  private void answerCluster(HttpExchange exchange, Matcher m) throws IOException {
    String project = decode(m.group(1));
    String location = decode(m.group(2));
    String name = decode(m.group(3));
    String resource = "projects/" + project + "/locations/" + location + "/clusters/" + name;
    JsonObject found =
        clustersByProject.getOrDefault(project, List.of()).stream()
            .filter(c -> locationOf(c).equals(location) && name(c).equals(name))
            .findFirst()
            .orElse(null);
    if (found == null) {
      send(exchange, GkeError.of("NOT_FOUND", "Not found: " + resource + "."));
      return;
    }
    String key = project + "/" + location + "/" + name;
    if (m.group(4) != null || m.group(6) != null) {
      if (m.group(6) != null) {
        key += "/" + decode(m.group(5));
      }
      GkeError failure = failingUpgradeInfo.get(key);
      if (failure != null) {
        send(exchange, failure);
        return;
      }
      // GKE answers for every cluster; one the test set nothing for has auto-upgrades active.
      JsonObject info = upgradeInfo.get(key);
      send(exchange, 200, info == null ? "{\"autoUpgradeStatus\":[\"ACTIVE\"]}" : info.toString());
      return;
    }
    send(exchange, 200, found.toString());
  }

  private void answerList(HttpExchange exchange, String project, String location)
      throws IOException {
    JsonArray clusters = new JsonArray();
    for (JsonObject c : clustersByProject.getOrDefault(project, List.of())) {
      if (location.equals("-") || locationOf(c).equals(location)) {
        clusters.add(c);
      }
    }
    JsonObject answer = new JsonObject();
    if (!clusters.isEmpty()) {
      answer.add("clusters", clusters); // the API answers {} for a project without clusters
    }
    List<String> missing = missingZonesByProject.getOrDefault(project, List.of());
    if (!missing.isEmpty()) {
      JsonArray zones = new JsonArray();
      missing.forEach(zones::add);
      answer.add("missingZones", zones);
    }
    send(exchange, 200, answer.toString());
  }

  /** Counts the request, waits out the latency, and returns the error to fail with, if any. */
  private GkeError admit(String project) {
    requests.incrementAndGet();
    long now = System.nanoTime();
    arrivals.add(now);
    if (overQuota(now)) {
      quotaErrors.incrementAndGet();
      return GkeError.of(
          "RESOURCE_EXHAUSTED",
          "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service"
              + " 'container.googleapis.com'.");
    }
    Duration delay = latency;
    if (maxLatency.compareTo(delay) > 0) {
      delay =
          delay.plusNanos(
              ThreadLocalRandom.current().nextLong(maxLatency.minus(delay).toNanos() + 1));
    }
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return GkeError.of("CANCELLED", "interrupted");
      }
    }
    GkeError scheduled = takeScheduledFailure();
    if (scheduled != null) {
      return scheduled;
    }
    return project == null ? null : failingProjects.get(project);
  }

  /**
   * Whether a request arriving now exceeds the per-second quota; admitted ones count against it.
   */
  private boolean overQuota(long now) {
    int limit = quotaPerSecond;
    if (limit <= 0) {
      return false;
    }
    synchronized (admittedWithinSecond) {
      while (!admittedWithinSecond.isEmpty()
          && now - admittedWithinSecond.peekFirst() >= TimeUnit.SECONDS.toNanos(1)) {
        admittedWithinSecond.pollFirst();
      }
      if (admittedWithinSecond.size() >= limit) {
        return true;
      }
      admittedWithinSecond.addLast(now);
      return false;
    }
  }

  private synchronized GkeError takeScheduledFailure() {
    if (scheduledFailures <= 0) {
      if (randomFailureRate > 0 && random.nextDouble() < randomFailureRate) {
        randomFailures.incrementAndGet();
        return randomError;
      }
      return null;
    }
    scheduledFailures--;
    return scheduledError;
  }

  private static void send(HttpExchange exchange, GkeError error) throws IOException {
    send(exchange, error.http(), error.body());
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String name(JsonObject cluster) {
    return cluster.has("name") ? cluster.get("name").getAsString() : "";
  }

  /** Older clusters carry their location only in {@code zone}. */
  private static String locationOf(JsonObject cluster) {
    if (cluster.has("location") && !cluster.get("location").getAsString().isEmpty()) {
      return cluster.get("location").getAsString();
    }
    return cluster.has("zone") ? cluster.get("zone").getAsString() : "";
  }
}
