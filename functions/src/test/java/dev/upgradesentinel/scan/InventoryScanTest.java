package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;

import com.google.cloud.asset.v1.ContentType;
import com.google.cloud.asset.v1.ListAssetsRequest;
import com.google.gson.JsonObject;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.gke.ApiClusterSource;
import dev.upgradesentinel.gke.GkeApis;
import dev.upgradesentinel.gke.InventoryClusterSource;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.testing.FakeAssetServer;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.Fixtures;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet scans of a scope through Cloud Asset Inventory, with the real Asset client against an
 * in-process gRPC Asset API, against the same fleet read project by project from an in-process GKE
 * API.
 */
class InventoryScanTest {
  private static final String ORG = "organizations/123456789012";
  private static final String FOLDER = "folders/445566778899";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T03:00:00Z"), ZoneOffset.UTC);

  private FakeGkeServer gke;
  private FakeAssetServer assets;
  private ApiClusterSource gkeSource;
  private InventoryClusterSource inventory;

  @BeforeEach
  void start() throws Exception {
    gke = new FakeGkeServer().start();
    assets = new FakeAssetServer().start();
    gkeSource = GkeApis.oneAttempt(gke.target());
    inventory = InventoryClusterSource.create(assets.target());
  }

  @AfterEach
  void stop() throws Exception {
    inventory.close();
    assets.close();
    gke.close();
  }

  /**
   * Gives each project a Docker cluster, a migrated one and an Autopilot one, in both APIs; the
   * first half of the projects sit in the folder.
   */
  private List<String> fleet(int projects) {
    List<JsonObject> shapes =
        List.of(
            Fixtures.cluster("clusters/standard-docker.json"),
            Fixtures.cluster("clusters/containerd.json"),
            Fixtures.cluster("clusters/autopilot.json"));
    List<String> names = List.of("payments", "search", "web");
    List<String> ids = new ArrayList<>();
    for (int p = 0; p < projects; p++) {
      String project = String.format("org-fleet-%04d", p);
      ids.add(project);
      for (int c = 0; c < shapes.size(); c++) {
        String location = c == 2 ? "europe-west1" : "us-central1";
        JsonObject cluster =
            Fixtures.placed(shapes.get(c).deepCopy(), project, location, names.get(c));
        gke.addCluster(project, cluster);
        if (p < projects / 2) {
          assets.addCluster(project, cluster, ORG, FOLDER);
        } else {
          assets.addCluster(project, cluster, ORG);
        }
      }
    }
    return ids;
  }

  private FleetScanner scanner() {
    return new FleetScanner(
            gkeSource,
            RateLimiter.perMinute(60_000, Ticker.SYSTEM),
            16,
            CLOCK,
            new FleetScanner.Backoff(
                Ticker.SYSTEM, ThreadLocalRandom::current, Duration.ofMillis(10)))
        .withInventory(inventory, RateLimiter.perMinute(6_000, Ticker.SYSTEM));
  }

  private static ScanRequest scope(String scope, String location) {
    return new ScanRequest(
        "scan-org",
        ScanRequest.Kind.SWEEP,
        List.of(),
        location,
        "",
        false,
        "",
        "test",
        1,
        1,
        scope);
  }

  private static ScanRequest projects(List<String> projects) {
    return new ScanRequest(
        "scan-org", ScanRequest.Kind.SWEEP, projects, "-", "", false, "", "test", 1, 1);
  }

  @Test
  void organizationScope_givesTheSameReportAsProjectByProject_inPagesOf1000() {
    List<String> projects = fleet(400);
    ScanReport report = new ScanReport(new GuidanceRenderer(Language.EN, CLOCK));

    ScanResult byInventory = scanner().scan(scope(ORG, "-"));
    ScanResult byProject = scanner().scan(projects(projects));

    JsonObject inventoryJson = report.json(byInventory);
    JsonObject projectJson = report.json(byProject);
    JsonObject read = inventoryJson.remove("inventory").getAsJsonObject();
    assertThat(inventoryJson).isEqualTo(projectJson);
    assertThat(byInventory.assessments()).hasSize(1_200);
    assertThat(byInventory.projects()).isEqualTo(400);
    assertThat(byInventory.count(dev.upgradesentinel.assess.Verdict.BLOCKED)).isEqualTo(400);
    assertThat(read.get("scope").getAsString()).isEqualTo(ORG);
    assertThat(read.get("readTime").getAsString()).isEqualTo("2026-12-02T02:40:00Z");
    assertThat(read.get("pages").getAsInt()).isEqualTo(2);
    List<ListAssetsRequest> calls = assets.requests();
    assertThat(calls).hasSize(2);
    for (ListAssetsRequest call : calls) {
      assertThat(call.getParent()).isEqualTo(ORG);
      assertThat(call.getAssetTypesList()).containsExactly("container.googleapis.com/Cluster");
      assertThat(call.getContentType()).isEqualTo(ContentType.RESOURCE);
      assertThat(call.getPageSize()).isEqualTo(1000);
    }
    assertThat(calls.get(1).getPageToken()).isNotEmpty();
    assertThat(report.table(byInventory))
        .contains(
            "read from Cloud Asset Inventory: " + ORG + " as of 2026-12-02T02:40:00Z (2 pages)");
  }

  @Test
  void scopeLargerThanABatch_isReadInBatchesFromEachPageToken_thatTogetherGiveTheWholeReport() {
    fleet(1_000);
    FleetScanner onePageABatch =
        scanner().withInventory(inventory, RateLimiter.perMinute(6_000, Ticker.SYSTEM), 1);
    ScanResult whole = scanner().scan(scope(ORG, "-"));
    int wholeCalls = assets.requests().size();

    List<dev.upgradesentinel.assess.Assessment> batches = new ArrayList<>();
    List<ScanResult.Inventory> reads = new ArrayList<>();
    ScanRequest request = scope(ORG, "-");
    while (true) {
      // Each batch travels on the topic as JSON.
      ScanResult batch = onePageABatch.scan(ScanRequest.fromJson(request.toJson(), "unused"));
      batches.addAll(batch.assessments());
      reads.add(batch.inventory().orElseThrow());
      if (!batch.inventory().orElseThrow().continues()) {
        break;
      }
      request = request.continuation(batch.inventory().orElseThrow().nextPageToken(), false);
    }

    assertThat(whole.assessments()).hasSize(3_000);
    assertThat(reads.stream().map(ScanResult.Inventory::pages).toList())
        .containsExactly(1, 1, 1)
        .inOrder();
    assertThat(request.batch()).isEqualTo(3);
    // The same verdicts and blockers; GKE's answer is read once per group in each batch and
    // derived for the rest, so which cluster was asked may differ between the two reads.
    assertThat(verdicts(batches)).isEqualTo(verdicts(whole.assessments()));
    assertThat(batches.stream().allMatch(a -> a.upgradeStatus().info().isPresent())).isTrue();
    assertThat(whole.assessments().stream().allMatch(a -> a.upgradeStatus().info().isPresent()))
        .isTrue();
    List<ListAssetsRequest> batchCalls =
        assets.requests().subList(wholeCalls, assets.requests().size());
    assertThat(batchCalls.stream().map(ListAssetsRequest::getPageToken).toList())
        .isEqualTo(
            assets.requests().subList(0, wholeCalls).stream()
                .map(ListAssetsRequest::getPageToken)
                .toList());
    ScanReport report = new ScanReport(new GuidanceRenderer(Language.EN, CLOCK));
    ScanResult first = onePageABatch.scan(scope(ORG, "-"));
    assertThat(report.json(first).getAsJsonObject("inventory").get("complete").getAsBoolean())
        .isFalse();
    assertThat(report.json(whole).getAsJsonObject("inventory").get("complete").getAsBoolean())
        .isTrue();
    assertThat(report.table(first)).contains("(1 page, the rest in later batches)");
  }

  @Test
  void folderScopeAndLocation_selectTheirClusters() {
    fleet(10);

    ScanResult result = scanner().scan(scope(FOLDER, "europe-west1"));

    assertThat(result.assessments()).hasSize(5);
    assertThat(result.assessments().stream().map(a -> a.ref().name()).distinct().toList())
        .containsExactly("web");
    assertThat(result.assessments().stream().map(a -> a.ref().project()).sorted().toList())
        .containsExactly(
            "org-fleet-0000",
            "org-fleet-0001",
            "org-fleet-0002",
            "org-fleet-0003",
            "org-fleet-0004")
        .inOrder();
  }

  @Test
  void quotaExhausted_isRetriedWithBackoff_andNothingIsLost() {
    fleet(50);
    assets.failNext(2, Status.RESOURCE_EXHAUSTED);

    ScanResult result = scanner().scan(scope(ORG, "-"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.assessments()).hasSize(150);
    assertThat(assets.requests()).hasSize(3);
  }

  @Test
  void permissionDenied_isAnErrorNamingTheRoleAtTheScope() {
    fleet(2);
    assets.failNext(1, Status.PERMISSION_DENIED);

    ScanResult result = scanner().scan(scope(ORG, "-"));

    assertThat(result.assessments()).isEmpty();
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).project()).isEqualTo(ORG);
    assertThat(result.errors().get(0).message()).contains("roles/cloudasset.viewer");
    assertThat(assets.requests()).hasSize(1);
  }

  @Test
  void scopeRequest_travelsAsJson_andIsNotSplit() {
    ScanRequest request = scope(ORG, "-");

    ScanRequest parsed = ScanRequest.fromJson(request.toJson(), "unused");

    assertThat(parsed).isEqualTo(request);
    assertThat(parsed.split(100)).containsExactly(request);
    assertThat(ScanRequest.fromJson("{\"kind\":\"sweep\",\"scope\":\"folders/12\"}", "s1").scope())
        .isEqualTo("folders/12");
  }

  private static List<String> verdicts(List<dev.upgradesentinel.assess.Assessment> assessments) {
    return assessments.stream()
        .map(
            a ->
                a.ref()
                    + "="
                    + a.verdict()
                    + a.blockers().stream().map(b -> " " + b.key()).toList())
        .sorted()
        .toList();
  }
}
