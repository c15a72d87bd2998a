package dev.upgradesentinel.bench;

import static com.google.common.truth.Truth.assertThat;

import com.google.container.v1.Cluster;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.gke.ApiClusterSource;
import dev.upgradesentinel.scan.FleetScanner;
import dev.upgradesentinel.scan.ScanRequest;
import dev.upgradesentinel.scan.ScanResult;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fleet sweep of 1,000 projects with 5 clusters each, with the deployed defaults, against a GKE
 * API answering in 100–300 ms that refuses requests past 50 a second as its quota would: prints the
 * wall time against the quota floor (1,000 requests at 3,000 per minute: 20 s), the quota errors,
 * and the peak resident memory of this JVM (the scanner and the fake API together).
 */
class FleetSweepBenchmark {
  private static final int PROJECTS = 1_000;
  private static final int CLUSTERS_PER_PROJECT = 5;

  @Test
  void sweep_1000ProjectsAt50PerSecondQuota_defaultRate() throws Exception {
    sweep(Map.of());
  }

  /** 95% of the quota: closer to the floor, at the price of the margin other callers rely on. */
  @Test
  void sweep_1000ProjectsAt50PerSecondQuota_nearQuotaRate() throws Exception {
    sweep(Map.of("SCAN_RATE_PER_MINUTE", "2850"));
  }

  private void sweep(Map<String, String> env) throws Exception {
    try (FakeGkeServer gke = new FakeGkeServer().start();
        ApiClusterSource source = ApiClusterSource.create(gke.target())) {
      List<String> projects = addFleet(gke);
      gke.latency(Duration.ofMillis(100), Duration.ofMillis(300));
      gke.quotaPerSecond(50);
      FleetScanner scanner =
          FleetScanner.create(source, Config.fromEnv(env).scan(), Clock.systemUTC());

      long start = System.nanoTime();
      ScanResult result =
          scanner.scan(
              new ScanRequest(
                  "scan-bench",
                  ScanRequest.Kind.SWEEP,
                  projects,
                  "-",
                  "",
                  false,
                  "",
                  "bench",
                  1,
                  1));
      double seconds = (System.nanoTime() - start) / 1e9;
      double floor = PROJECTS / (3_000 / 60.0);

      System.out.printf(
          "%nFleet sweep: ratePerMinute=%d projects=%d clusters=%d seconds=%.1f"
              + " quotaFloorSeconds=%.1f ratio=%.2fx quotaErrors=%d requests=%d maxPerSecond=%d"
              + " errors=%d peakRssMiB=%d%n",
          Config.fromEnv(env).scan().ratePerMinute(),
          PROJECTS,
          result.assessments().size(),
          seconds,
          floor,
          seconds / floor,
          gke.quotaErrors(),
          gke.requestCount(),
          gke.maxRequestsWithin(Duration.ofSeconds(1)),
          result.errors().size(),
          peakRssMiB());
      assertThat(result.assessments()).hasSize(PROJECTS * CLUSTERS_PER_PROJECT);
      assertThat(result.errors()).isEmpty();
    }
  }

  private static List<String> addFleet(FakeGkeServer gke) {
    String[] fixtures = {
      "clusters/standard-docker.json",
      "clusters/containerd.json",
      "clusters/autopilot.json",
      "clusters/windows.json",
      "clusters/legacy-lowercase.json"
    };
    List<Cluster> templates = new ArrayList<>();
    for (String fixture : fixtures) {
      templates.add(Fixtures.cluster(fixture));
    }
    List<String> projects = new ArrayList<>();
    for (int p = 0; p < PROJECTS; p++) {
      String project = String.format("fleet-%04d", p);
      projects.add(project);
      for (int c = 0; c < CLUSTERS_PER_PROJECT; c++) {
        String name = "cluster-" + c;
        gke.addCluster(
            project,
            templates.get(c).toBuilder()
                .setName(name)
                .setLocation("us-central1")
                .setSelfLink(
                    "https://container.googleapis.com/v1/projects/"
                        + project
                        + "/locations/us-central1/clusters/"
                        + name)
                .build());
      }
    }
    return projects;
  }

  /** The high-water mark of this process's resident memory, from Linux's /proc. */
  private static long peakRssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
