package dev.upgradesentinel.testing;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GKE API for tests: a real gRPC server on 127.0.0.1 that answers getCluster and listClusters
 * from clusters the test adds, so the real {@code ClusterManagerClient} can be pointed at it in
 * plaintext ({@code GKE_EMULATOR_HOST=}{@link #target()}).
 *
 * <p>It can fail requests with a chosen status, report missing zones and answer slowly. Every
 * method is safe to call while requests are being served.
 */
public final class FakeGkeServer implements AutoCloseable {

  private static final Pattern CLUSTER_NAME =
      Pattern.compile("projects/([^/]+)/locations/([^/]+)/clusters/([^/]+)");
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)/locations/([^/]+)");

  private final Map<String, List<Cluster>> clustersByProject = new ConcurrentHashMap<>();
  private final Map<String, Status> failingProjects = new ConcurrentHashMap<>();
  private final Map<String, List<String>> missingZonesByProject = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;
  private volatile Duration maxLatency = Duration.ZERO;
  private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
  private final java.util.ArrayDeque<Long> admittedWithinSecond = new java.util.ArrayDeque<>();
  private final AtomicInteger quotaErrors = new AtomicInteger();
  private volatile int quotaPerSecond;
  private int scheduledFailures; // guarded by this
  private Status scheduledStatus; // guarded by this
  private Server server;
  private double randomFailureRate; // guarded by this
  private Status randomStatus; // guarded by this
  private Random random = new Random(0); // guarded by this
  private final AtomicInteger randomFailures = new AtomicInteger();

  /**
   * Starts serving on a free port of 127.0.0.1.
   *
   * @return this server, so that {@code try (var gke = new FakeGkeServer().start())} reads well
   */
  public FakeGkeServer start() throws IOException {
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(new ClusterManager())
            .build()
            .start();
    return this;
  }

  /** The {@code host:port} to give {@code GKE_EMULATOR_HOST}. */
  public String target() {
    if (server == null) {
      throw new IllegalStateException("FakeGkeServer not started");
    }
    return "127.0.0.1:" + server.getPort();
  }

  /** Adds a cluster to a project, found later by its {@code location} (or zone) and name. */
  public void addCluster(String project, Cluster cluster) {
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(project, "project == null");
    clustersByProject.computeIfAbsent(project, p -> new CopyOnWriteArrayList<>()).add(cluster);
  }

  /** Puts a cluster in a project in place of the one of the same location and name, if any. */
  public void replaceCluster(String project, Cluster cluster) {
    Objects.requireNonNull(cluster, "cluster == null");
    List<Cluster> clusters =
        clustersByProject.computeIfAbsent(
            Objects.requireNonNull(project, "project == null"), p -> new CopyOnWriteArrayList<>());
    synchronized (clusters) {
      for (int i = 0; i < clusters.size(); i++) {
        Cluster c = clusters.get(i);
        if (c.getName().equals(cluster.getName()) && locationOf(c).equals(locationOf(cluster))) {
          // In place, so a concurrent read sees the old cluster or the new, never none.
          clusters.set(i, cluster);
          return;
        }
      }
      clusters.add(cluster);
    }
  }

  /** Fails the next {@code n} requests, whatever they ask for, with {@code status}. */
  public synchronized void failNext(int n, Status status) {
    scheduledFailures = n;
    scheduledStatus = Objects.requireNonNull(status, "status == null");
  }

  /**
   * Fails about {@code fraction} of the requests from now on with {@code status}, drawn from a
   * seeded random, so that a run can be repeated; a fraction of 0 stops it.
   */
  public synchronized void failRandomly(double fraction, Status status, long seed) {
    randomFailureRate = fraction;
    randomStatus = Objects.requireNonNull(status, "status == null");
    random = new Random(seed);
  }

  /** How many requests {@link #failRandomly} failed. */
  public int randomFailureCount() {
    return randomFailures.get();
  }

  /** Fails every request naming {@code project}, from now on, with {@code status}. */
  public void failProject(String project, Status status) {
    failingProjects.put(project, status);
  }

  /** Makes listClusters of {@code project} report these zones as unreachable. */
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
   * Answers RESOURCE_EXHAUSTED, as GKE does past its quota, to any request beyond {@code limit}
   * within a sliding second; 0 turns the quota off.
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

  @Override
  public void close() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
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

  private synchronized Status takeScheduledFailure() {
    if (scheduledFailures <= 0) {
      if (randomFailureRate > 0 && random.nextDouble() < randomFailureRate) {
        randomFailures.incrementAndGet();
        return randomStatus;
      }
      return null;
    }
    scheduledFailures--;
    return scheduledStatus;
  }

  /** Counts the request, waits out the latency, and returns the status to fail with, if any. */
  private Status admit(String project) {
    requests.incrementAndGet();
    long now = System.nanoTime();
    arrivals.add(now);
    if (overQuota(now)) {
      quotaErrors.incrementAndGet();
      return Status.RESOURCE_EXHAUSTED.withDescription(
          "Quota exceeded for quota metric 'Requests'");
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
        return Status.CANCELLED.withDescription("interrupted");
      }
    }
    Status scheduled = takeScheduledFailure();
    if (scheduled != null) {
      return scheduled;
    }
    return project == null ? null : failingProjects.get(project);
  }

  @SuppressWarnings("deprecation") // older clusters carry their location only in zone
  private static String locationOf(Cluster cluster) {
    return cluster.getLocation().isEmpty() ? cluster.getZone() : cluster.getLocation();
  }

  private final class ClusterManager extends ClusterManagerGrpc.ClusterManagerImplBase {

    @Override
    public void getCluster(GetClusterRequest request, StreamObserver<Cluster> response) {
      Matcher name = CLUSTER_NAME.matcher(request.getName());
      boolean valid = name.matches();
      Status failure = admit(valid ? name.group(1) : null);
      if (failure != null) {
        response.onError(failure.asRuntimeException());
        return;
      }
      if (!valid) {
        response.onError(
            Status.INVALID_ARGUMENT
                .withDescription("Malformed cluster name: " + request.getName())
                .asRuntimeException());
        return;
      }
      clustersByProject.getOrDefault(name.group(1), List.of()).stream()
          .filter(c -> locationOf(c).equals(name.group(2)) && c.getName().equals(name.group(3)))
          .findFirst()
          .ifPresentOrElse(
              cluster -> {
                response.onNext(cluster);
                response.onCompleted();
              },
              () ->
                  response.onError(
                      Status.NOT_FOUND
                          .withDescription("Not found: " + request.getName() + ".")
                          .asRuntimeException()));
    }

    @Override
    public void listClusters(
        ListClustersRequest request, StreamObserver<ListClustersResponse> response) {
      Matcher parent = PARENT.matcher(request.getParent());
      boolean valid = parent.matches();
      Status failure = admit(valid ? parent.group(1) : null);
      if (failure != null) {
        response.onError(failure.asRuntimeException());
        return;
      }
      if (!valid) {
        response.onError(
            Status.INVALID_ARGUMENT
                .withDescription("Malformed parent: " + request.getParent())
                .asRuntimeException());
        return;
      }
      String location = parent.group(2);
      List<Cluster> clusters =
          clustersByProject.getOrDefault(parent.group(1), List.of()).stream()
              .filter(c -> location.equals("-") || locationOf(c).equals(location))
              .toList();
      response.onNext(
          ListClustersResponse.newBuilder()
              .addAllClusters(clusters)
              .addAllMissingZones(missingZonesByProject.getOrDefault(parent.group(1), List.of()))
              .build());
      response.onCompleted();
    }
  }
}
