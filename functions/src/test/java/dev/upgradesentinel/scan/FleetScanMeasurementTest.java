package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.gke.ApiClusterSource;
import dev.upgradesentinel.testing.FakeGkeServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 1,000-project scan with the deployed defaults against an API answering in 100–300 ms: prints
 * the wall time next to the quota floor (1,000 requests at 3,000 per minute = 20 s), and checks
 * that no minute came near the quota.
 */
class FleetScanMeasurementTest {

  @Test
  void scan_1000ProjectsWithDefaults_staysUnderTheQuotaAndPrintsTheWallTime() throws Exception {
    try (FakeGkeServer gke = new FakeGkeServer().start();
        ApiClusterSource source = ApiClusterSource.create(gke.target())) {
      List<String> projects = FleetScannerTest.addProjects(gke, 1_000);
      gke.latency(Duration.ofMillis(100), Duration.ofMillis(300));
      FleetScanner scanner = FleetScanner.create(source, Config.fromEnv(Map.of()).scan(), Clock.systemUTC());

      long start = System.nanoTime();
      ScanResult result =
          scanner.scan(new ScanRequest("scan-measure", ScanRequest.Kind.SWEEP, projects, "-", "", false, "", "test", 1, 1));
      double seconds = (System.nanoTime() - start) / 1e9;

      System.out.printf(
          "fleet scan projects=1000 ratePerMinute=2400 concurrency=16 seconds=%.1f quotaFloorSeconds=20.0"
              + " limitFloorSeconds=24.0 maxPerSecond=%d maxPerMinute=%d%n",
          seconds, gke.maxRequestsWithin(Duration.ofSeconds(1)), gke.maxRequestsWithin(Duration.ofMinutes(1)));
      assertThat(result.assessments()).hasSize(2_000);
      assertThat(gke.requestCount()).isEqualTo(1_000);
      assertThat(gke.maxRequestsWithin(Duration.ofMinutes(1))).isLessThan(3_000);
      assertThat(gke.maxRequestsWithin(Duration.ofSeconds(1))).isAtMost(40 + 40 + FleetScannerTest.JITTER);
    }
  }
}
