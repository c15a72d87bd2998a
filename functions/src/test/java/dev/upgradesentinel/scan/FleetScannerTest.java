package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.gke.ApiClusterSource;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.gke.GkeApis;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FakeGkeServer.GkeError;
import dev.upgradesentinel.testing.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scanner against a gRPC GKE API through the real client, with latency and failures. */
class FleetScannerTest {
  /** Requests sent on time may reach the server a few milliseconds apart from their slots. */
  static final int JITTER = 5;

  private FakeGkeServer gke;
  private ApiClusterSource source;

  @BeforeEach
  void start() throws Exception {
    gke = new FakeGkeServer().start();
    source = GkeApis.oneAttempt(gke.target());
  }

  @AfterEach
  void stop() throws Exception {
    gke.close();
  }

  /** Gives each project a blocked cluster and an Autopilot one, as GKE would list them. */
  static List<String> addProjects(FakeGkeServer gke, int count) {
    JsonObject docker = Fixtures.cluster("clusters/standard-docker.json");
    JsonObject autopilot = Fixtures.cluster("clusters/autopilot.json");
    List<String> projects =
        IntStream.range(0, count).mapToObj(i -> String.format("fleet-%04d", i)).toList();
    for (String project : projects) {
      gke.addCluster(project, placed(docker, project, "payments"));
      gke.addCluster(project, placed(autopilot, project, "web"));
    }
    return projects;
  }

  private static JsonObject placed(JsonObject cluster, String project, String name) {
    return Fixtures.placed(cluster.deepCopy(), project, "us-central1", name);
  }

  private static ScanRequest request(List<String> projects) {
    return new ScanRequest(
        "scan-test", ScanRequest.Kind.SWEEP, projects, "-", "", false, "", "test", 1, 1);
  }

  private FleetScanner scanner(RateLimiter limiter, int concurrency) {
    return new FleetScanner(
        source,
        limiter,
        concurrency,
        Clock.systemUTC(),
        new FleetScanner.Backoff(Ticker.SYSTEM, ThreadLocalRandom::current, Duration.ofMillis(10)));
  }

  @Test
  void scan_500ProjectsWithLatency_oneRequestPerProjectUnderTheRateLimitAndComplete() {
    List<String> projects = addProjects(gke, 500);
    gke.latency(Duration.ofMillis(100), Duration.ofMillis(300));
    // 100 per second with a burst of 5; 32 in flight at ~200 ms would send 160 per second unpaced.
    RateLimiter limiter = new RateLimiter(6_000, 5, Ticker.SYSTEM);

    long start = System.nanoTime();
    ScanResult result = scanner(limiter, 32).scan(request(projects));
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

    System.out.println(
        "fleet scan projects=500 ratePerMinute=6000 concurrency=32 millis=" + millis);
    // One list a project, and GKE's upgrade info once for each of the 2 location, version and
    // channel groups: the other 998 statuses are derived from those answers.
    assertThat(gke.requestCount()).isEqualTo(502);
    assertThat(result.assessments().stream().filter(a -> a.upgradeStatus().read()).count())
        .isEqualTo(2);
    assertThat(
            result.assessments().stream()
                .filter(a -> a.upgradeStatus().derivedFrom().isPresent())
                .count())
        .isEqualTo(998);
    // Burst plus one second's rate; arrivals at the server carry a little scheduling jitter.
    assertThat(gke.maxRequestsWithin(Duration.ofSeconds(1))).isAtMost(5 + 100 + JITTER);
    assertThat(result.errors()).isEmpty();
    assertThat(result.assessments()).hasSize(1_000);
    assertThat(result.count(Verdict.BLOCKED)).isEqualTo(500);
    assertThat(result.count(Verdict.NOT_APPLICABLE)).isEqualTo(500);
    assertThat(result.assessments().stream().map(a -> a.ref().project()).distinct().count())
        .isEqualTo(500);
  }

  @Test
  void scan_projectPermissionDenied_reportsItAndKeepsTheRest() {
    List<String> projects = addProjects(gke, 3);
    gke.failProject(
        projects.get(1), GkeError.of("PERMISSION_DENIED", "caller lacks container.clusters.list"));

    ScanResult result =
        scanner(new RateLimiter(6_000, 10, Ticker.SYSTEM), 4).scan(request(projects));

    assertThat(result.assessments()).hasSize(4);
    assertThat(result.errors())
        .containsExactly(
            new ScanError(
                projects.get(1), "PERMISSION_DENIED: caller lacks container.clusters.list"));
  }

  @Test
  void scan_quotaExhaustedTwice_retriesAndSucceeds() {
    List<String> projects = addProjects(gke, 1);
    gke.failNext(2, GkeError.of("RESOURCE_EXHAUSTED", "quota"));

    ScanResult result =
        scanner(new RateLimiter(6_000, 10, Ticker.SYSTEM), 1).scan(request(projects));

    assertThat(result.errors()).isEmpty();
    assertThat(result.assessments()).hasSize(2);
    // Two failures, the list, and one upgrade info for each of the two clusters' groups.
    assertThat(gke.requestCount()).isEqualTo(5);
  }

  @Test
  void scan_quotaExhaustedEveryTime_givesUpAfterMaxAttemptsWithAnError() {
    List<String> projects = addProjects(gke, 1);
    gke.failProject(projects.get(0), GkeError.of("RESOURCE_EXHAUSTED", "quota"));

    ScanResult result =
        scanner(new RateLimiter(6_000, 10, Ticker.SYSTEM), 1).scan(request(projects));

    assertThat(gke.requestCount()).isEqualTo(FleetScanner.MAX_ATTEMPTS);
    assertThat(result.errors().get(0).message()).startsWith("RESOURCE_EXHAUSTED");
  }

  @Test
  void scan_backoff_isJitteredAndGrows() {
    FakeTicker ticker = new FakeTicker();
    List<String> projects = addProjects(gke, 1);
    gke.failProject(projects.get(0), GkeError.of("RESOURCE_EXHAUSTED", "quota"));
    FleetScanner scanner =
        new FleetScanner(
            source,
            new RateLimiter(6_000, 10, ticker),
            1,
            Clock.systemUTC(),
            new FleetScanner.Backoff(ticker, () -> new java.util.Random(7), Duration.ofSeconds(1)));

    scanner.scan(request(projects));

    assertThat(ticker.sleeps).hasSize(FleetScanner.MAX_ATTEMPTS - 1);
    for (int i = 0; i < ticker.sleeps.size(); i++) {
      assertThat(ticker.sleeps.get(i)).isAtMost(Duration.ofSeconds(1L << i));
    }
    assertThat(ticker.sleeps.stream().distinct().count()).isGreaterThan(1L);
  }

  @Test
  void scan_oneCluster_usesGetAndLocation() {
    addProjects(gke, 1);
    ScanRequest one =
        new ScanRequest(
            "scan-1",
            ScanRequest.Kind.CHECK,
            List.of("fleet-0000"),
            "us-central1",
            "payments",
            false,
            "",
            "test",
            1,
            1);

    ScanResult result = scanner(new RateLimiter(6_000, 10, Ticker.SYSTEM), 4).scan(one);

    assertThat(result.assessments()).hasSize(1);
    assertThat(result.assessments().get(0).verdict()).isEqualTo(Verdict.BLOCKED);
  }

  @Test
  void scan_unknownCluster_throwsNotFound() {
    addProjects(gke, 1);
    ScanRequest one =
        new ScanRequest(
            "scan-1",
            ScanRequest.Kind.CHECK,
            List.of("fleet-0000"),
            "us-central1",
            "nope",
            false,
            "",
            "test",
            1,
            1);

    assertThrows(
        ClusterNotFoundException.class,
        () -> scanner(new RateLimiter(6_000, 10, Ticker.SYSTEM), 4).scan(one));
  }

  @Test
  void scan_locationFilter_keepsOnlyThatLocation() {
    List<String> projects = addProjects(gke, 2);
    ScanRequest europe =
        new ScanRequest(
            "scan-1",
            ScanRequest.Kind.CHECK,
            projects,
            "europe-west1",
            "",
            false,
            "",
            "test",
            1,
            1);

    ScanResult result = scanner(new RateLimiter(6_000, 10, Ticker.SYSTEM), 4).scan(europe);

    assertThat(result.assessments()).isEmpty();
    assertThat(gke.requestCount()).isEqualTo(2);
  }
}
