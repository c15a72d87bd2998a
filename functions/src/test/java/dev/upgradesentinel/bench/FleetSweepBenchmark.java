package dev.upgradesentinel.bench;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.gke.ApiClusterSource;
import dev.upgradesentinel.gke.GkeApis;
import dev.upgradesentinel.gke.InventoryClusterSource;
import dev.upgradesentinel.scan.FleetScanner;
import dev.upgradesentinel.scan.ScanRequest;
import dev.upgradesentinel.scan.ScanResult;
import dev.upgradesentinel.scan.Ticker;
import dev.upgradesentinel.testing.FakeAssetServer;
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

  /**
   * The same fleet read two ways in one run: project by project from the GKE API (as above), and as
   * one organization from Cloud Asset Inventory answering each page of 1,000 in 300 ms under its
   * quota of 100 ListAssets a minute. Prints both times, their ratio, the quota errors of each and
   * whether the verdicts agree.
   */
  @Test
  void sweep_1000Projects_organizationScopeSideBySide() throws Exception {
    try (FakeGkeServer gke = new FakeGkeServer().start();
        FakeAssetServer assets = new FakeAssetServer().start();
        InventoryClusterSource inventory = InventoryClusterSource.create(assets.target())) {
      ApiClusterSource source = GkeApis.source(gke.target());
      // Spread over 8 locations: 40 groups of one location, version and release channel.
      List<String> projects = addFleet(gke, assets, PROJECTS, LOCATIONS);
      gke.latency(Duration.ofMillis(100), Duration.ofMillis(300));
      gke.quotaPerSecond(50);
      assets.latency(Duration.ofMillis(300));
      assets.quotaPerMinute(100);
      FleetScanner scanner = scanner(source, inventory);

      long start = System.nanoTime();
      ScanResult byProject = scanner.scan(request(projects, ""));
      double projectSeconds = (System.nanoTime() - start) / 1e9;
      int projectRequests = gke.requestCount();
      int projectQuotaErrors = gke.quotaErrors();
      start = System.nanoTime();
      ScanResult byInventory = scanner.scan(request(List.of(), ORG));
      double inventorySeconds = (System.nanoTime() - start) / 1e9;

      boolean same = verdicts(byProject).equals(verdicts(byInventory));
      System.out.printf(
          "%nOrganization sweep: projects=%d clusters=%d perProjectSeconds=%.1f (gkeRequests=%d"
              + " quotaErrors=%d statuses read=%d derived=%d) inventorySeconds=%.2f (pages=%d"
              + " assetQuotaErrors=%d gkeRequests=%d gkeQuotaErrors=%d statuses read=%d derived=%d)"
              + " ratio=%.3fx sameVerdicts=%b peakRssMiB=%d%n",
          PROJECTS,
          byInventory.assessments().size(),
          projectSeconds,
          projectRequests,
          projectQuotaErrors,
          statuses(byProject, true),
          statuses(byProject, false),
          inventorySeconds,
          assets.requests().size(),
          assets.quotaErrors(),
          gke.requestCount() - projectRequests,
          gke.quotaErrors() - projectQuotaErrors,
          statuses(byInventory, true),
          statuses(byInventory, false),
          inventorySeconds / projectSeconds,
          same,
          peakRssMiB());
      assertThat(same).isTrue();
      assertThat(byInventory.assessments()).hasSize(PROJECTS * CLUSTERS_PER_PROJECT);
      assertThat(assets.quotaErrors()).isEqualTo(0);
      // Every cluster has GKE's answer, read or derived and labelled so, without a 429.
      for (ScanResult result : List.of(byProject, byInventory)) {
        assertThat(statuses(result, true) + statuses(result, false))
            .isEqualTo(PROJECTS * CLUSTERS_PER_PROJECT);
      }
      assertThat(gke.quotaErrors() - projectQuotaErrors).isEqualTo(0);
    }
  }

  /**
   * 10,000 clusters (2,000 projects) through one organization scope: the peak resident memory of
   * this JVM, which holds the fake Asset API's index too, against the worker's deployed 512 MiB.
   */
  @Test
  void sweep_10000ClustersThroughOneScope_peakMemory() throws Exception {
    try (FakeGkeServer gke = new FakeGkeServer().start();
        FakeAssetServer assets = new FakeAssetServer().start();
        InventoryClusterSource inventory = InventoryClusterSource.create(assets.target())) {
      ApiClusterSource source = GkeApis.source(gke.target());
      addFleet(gke, assets, 2 * PROJECTS);
      long before = usedHeapAfterGc();
      long start = System.nanoTime();
      ScanResult result = scanner(source, inventory).scan(request(List.of(), ORG));
      double seconds = (System.nanoTime() - start) / 1e9;
      // What the scan keeps until its report is written: the scanner's share of the heap.
      long retained = usedHeapAfterGc() - before;
      System.out.printf(
          "%nOrganization sweep: clusters=%d pages=%d seconds=%.2f retainedHeapMiB=%d"
              + " peakRssMiB=%d (this JVM, the fake APIs and their 10,000 clusters included;"
              + " the worker is deployed with --memory=512Mi)%n",
          result.assessments().size(),
          assets.requests().size(),
          seconds,
          retained / (1024 * 1024),
          peakRssMiB());
      assertThat(result.assessments()).hasSize(2 * PROJECTS * CLUSTERS_PER_PROJECT);
    }
  }

  private static final String ORG = "organizations/123456789012";

  private static final String[] LOCATIONS = {
    "us-central1",
    "us-east1",
    "us-west1",
    "europe-west1",
    "europe-west4",
    "asia-northeast1",
    "asia-northeast3",
    "australia-southeast1"
  };

  /** Statuses GKE was asked for ({@code read}) or derived from those answers. */
  private static long statuses(ScanResult result, boolean read) {
    return result.assessments().stream()
        .filter(a -> read ? a.upgradeStatus().read() : a.upgradeStatus().derivedFrom().isPresent())
        .count();
  }

  private static FleetScanner scanner(ApiClusterSource source, InventoryClusterSource inventory) {
    return FleetScanner.create(source, Config.fromEnv(Map.of()).scan(), Clock.systemUTC())
        .withInventory(inventory, FleetScanner.inventoryPace(Ticker.SYSTEM));
  }

  private static ScanRequest request(List<String> projects, String scope) {
    return new ScanRequest(
        "scan-bench", ScanRequest.Kind.SWEEP, projects, "-", "", false, "", "bench", 1, 1, scope);
  }

  private static List<String> verdicts(ScanResult result) {
    return result.assessments().stream().map(a -> a.ref() + "=" + a.verdict()).sorted().toList();
  }

  private void sweep(Map<String, String> env) throws Exception {
    try (FakeGkeServer gke = new FakeGkeServer().start()) {
      ApiClusterSource source = GkeApis.source(gke.target());
      List<String> projects = addFleet(gke, null, PROJECTS);
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

  /** The fleet in the GKE API, and in the Asset API under one organization when given one. */
  private static List<String> addFleet(FakeGkeServer gke, FakeAssetServer assets, int count) {
    return addFleet(gke, assets, count, new String[] {"us-central1"});
  }

  /** As above, project {@code p} in {@code locations[p % locations.length]}. */
  private static List<String> addFleet(
      FakeGkeServer gke, FakeAssetServer assets, int count, String[] locations) {
    String[] fixtures = {
      "clusters/standard-docker.json",
      "clusters/containerd.json",
      "clusters/autopilot.json",
      "clusters/windows.json",
      "clusters/legacy-lowercase.json"
    };
    List<JsonObject> templates = new ArrayList<>();
    for (String fixture : fixtures) {
      templates.add(Fixtures.cluster(fixture));
    }
    List<String> projects = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      String project = String.format("fleet-%04d", p);
      projects.add(project);
      for (int c = 0; c < CLUSTERS_PER_PROJECT; c++) {
        String name = "cluster-" + c;
        JsonObject cluster =
            Fixtures.placed(
                templates.get(c).deepCopy(), project, locations[p % locations.length], name);
        gke.addCluster(project, cluster);
        if (assets != null) {
          assets.addCluster(project, cluster, ORG);
        }
      }
    }
    return projects;
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
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
