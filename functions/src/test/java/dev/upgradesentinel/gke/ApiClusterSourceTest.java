package dev.upgradesentinel.gke;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FakeGkeServer.GkeError;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster source over the GKE API's REST form, against {@link FakeGkeServer} answering with the
 * captured cluster JSON: what it reads, and how each refusal is sorted.
 */
class ApiClusterSourceTest {
  private static final String PROJECT = "acme-prod";
  private static final ClusterRef REF = new ClusterRef(PROJECT, "us-central1", "legacy-web");

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

  @Test
  void get_cluster_readsItWithItsPoolsInOneRequest() {
    gke.addCluster(
        PROJECT,
        Fixtures.cluster("clusters/standard-docker.json", PROJECT, "us-central1", "legacy-web"));

    ClusterInfo cluster = source.get(REF);

    assertThat(cluster.ref()).isEqualTo(REF);
    assertThat(cluster.nodePools().stream().map(NodePoolInfo::imageType).toList())
        .containsExactly("COS", "UBUNTU");
    assertThat(cluster.autoprovisioningEnabled()).isTrue();
    assertThat(gke.requestedPaths())
        .containsExactly("/v1/projects/acme-prod/locations/us-central1/clusters/legacy-web");
  }

  @Test
  void get_namesFromAnEvent_areEncodedAsSegmentsOfTheirOwn() {
    ClusterRef odd = new ClusterRef(PROJECT, "us-central1", "a/../b?c=d");

    assertThrows(ClusterNotFoundException.class, () -> source.get(odd));

    assertThat(gke.requestedPaths())
        .containsExactly(
            "/v1/projects/acme-prod/locations/us-central1/clusters/a%2F..%2Fb%3Fc%3Dd");
  }

  @Test
  void get_projectNumberInRef_reportsTheProjectTheSelfLinkNames() {
    gke.addCluster(
        "123456789012",
        Fixtures.cluster("clusters/containerd.json", PROJECT, "us-central1", "ledger"));

    ClusterInfo cluster = source.get(new ClusterRef("123456789012", "us-central1", "ledger"));

    assertThat(cluster.ref()).isEqualTo(new ClusterRef(PROJECT, "us-central1", "ledger"));
  }

  @Test
  void list_everyLocation_inOneRequestAndMissingZonesLogged() throws Exception {
    gke.addCluster(
        PROJECT, Fixtures.cluster("clusters/standard-docker.json", PROJECT, "us-central1", "a"));
    gke.addCluster(
        PROJECT, Fixtures.cluster("clusters/autopilot.json", PROJECT, "europe-west1", "b"));
    gke.missingZones(PROJECT, "us-east1-d");

    try (LogCapture logs = new LogCapture()) {
      List<ClusterInfo> clusters = source.list(PROJECT);

      assertThat(clusters).hasSize(2);
      assertThat(clusters.get(1).autopilot()).isTrue();
      assertThat(logs.text()).contains("missingZones=us-east1-d");
    }
    assertThat(gke.requestedPaths()).containsExactly("/v1/projects/acme-prod/locations/-/clusters");
  }

  @Test
  void list_projectWithoutClusters_isTheEmptyAnswer() {
    assertThat(source.list("empty-project")).isEmpty();
  }

  @Test
  void get_notFound_throwsClusterNotFound() {
    assertThrows(ClusterNotFoundException.class, () -> source.get(REF));
  }

  @Test
  void list_unknownProject_throwsAccessNotTransient() {
    gke.failProject("nope", GkeError.of("NOT_FOUND", "project nope not found"));

    ClusterAccessException e =
        assertThrows(ClusterAccessException.class, () -> source.list("nope"));

    assertThat(e).hasMessageThat().isEqualTo("NOT_FOUND: project nope not found");
  }

  @Test
  void get_permissionDenied_throwsAccessWithTheCodeAndTheApiMessage() {
    gke.failProject(PROJECT, GkeError.of("PERMISSION_DENIED", "Required container.clusters.get"));

    ClusterAccessException e = assertThrows(ClusterAccessException.class, () -> source.get(REF));

    assertThat(e).hasMessageThat().isEqualTo("PERMISSION_DENIED: Required container.clusters.get");
  }

  @Test
  void get_apiNotEnabled_throwsAccessNamingTheProjectAndTheCommand() {
    gke.failProject(PROJECT, GkeApiTest.serviceDisabled("987654321098"));

    ClusterAccessException e = assertThrows(ClusterAccessException.class, () -> source.get(REF));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "SERVICE_DISABLED: container.googleapis.com is not enabled in projects/987654321098;"
                + " enable it with gcloud services enable container.googleapis.com"
                + " --project=987654321098");
  }

  @Test
  void get_invalidArgument_isAccessAndOtherRefusalsAreTransient() {
    gke.failProject(PROJECT, GkeError.of("INVALID_ARGUMENT", "bad location"));
    assertThrows(ClusterAccessException.class, () -> source.get(REF));

    for (String status : List.of("UNAVAILABLE", "INTERNAL", "RESOURCE_EXHAUSTED", "UNKNOWN")) {
      gke.failProject(PROJECT, GkeError.of(status, "refused"));

      TransientFailureException e =
          assertThrows(TransientFailureException.class, () -> source.get(REF));

      assertThat(e).hasMessageThat().isEqualTo(status + ": refused");
    }
  }

  @Test
  void upgradeInfo_readsGkesAnswerForTheCluster() {
    gke.addCluster(
        PROJECT,
        Fixtures.cluster("clusters/containerd.json", PROJECT, "us-central1", "legacy-web"));
    gke.clusterUpgradeInfo(
        PROJECT,
        "us-central1",
        "legacy-web",
        Fixtures.cluster("upgrade-info/minor-paused-by-exclusion.json"));

    UpgradeInfo info = source.upgradeInfo(REF);

    assertThat(info.pausedReasons()).contains("MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES");
    assertThat(gke.requestedPaths())
        .containsExactly(
            "/v1/projects/acme-prod/locations/us-central1/clusters/legacy-web"
                + ":fetchClusterUpgradeInfo");
  }

  @Test
  void upgradeInfo_refused_isSortedAsTheClusterReadIs() {
    gke.failProject(PROJECT, GkeError.of("PERMISSION_DENIED", "Required container.clusters.get"));

    assertThrows(ClusterAccessException.class, () -> source.upgradeInfo(REF));
    gke.failProject(PROJECT, GkeError.of("UNAVAILABLE", "backend down"));
    assertThrows(TransientFailureException.class, () -> source.upgradeInfo(REF));
  }

  @Test
  void get_answerThatIsNotACluster_throwsTransientNamingTheFieldNotItsValue() {
    com.google.gson.JsonObject broken =
        Fixtures.cluster("clusters/containerd.json", PROJECT, "us-central1", "legacy-web");
    broken.addProperty("nodePools", "secret");
    gke.addCluster(PROJECT, broken);

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> source.get(REF));

    assertThat(e).hasMessageThat().contains("field nodePools is not an array");
    assertThat(e).hasMessageThat().doesNotContain("secret");
  }
}
