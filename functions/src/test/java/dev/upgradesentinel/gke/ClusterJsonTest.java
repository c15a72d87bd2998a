package dev.upgradesentinel.gke;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.testing.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterJsonTest {

  private static JsonObject fixture(String path) {
    return JsonParser.parseString(Fixtures.text(path)).getAsJsonObject();
  }

  private static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  @Test
  void toClusterInfo_standardDockerCluster_mapsPoolsNapAndLabels() {
    ClusterInfo info =
        ClusterJson.toClusterInfo(
            fixture("clusters/standard-docker.json"), "123456789", "us-central1");

    assertThat(info.ref()).isEqualTo(new ClusterRef("acme-prod", "us-central1", "legacy-web"));
    assertThat(info.autopilot()).isFalse();
    assertThat(info.controlPlaneVersion()).isEqualTo("1.23.17-gke.1700");
    assertThat(info.releaseChannel()).isEqualTo("REGULAR");
    assertThat(info.nodePools())
        .containsExactly(
            new NodePoolInfo(
                "default-pool",
                "COS",
                "1.23.17-gke.1700",
                1,
                false,
                Optional.empty(),
                "e2-standard-4",
                Optional.of(new NodePoolInfo.UpgradeSettings("SURGE", 1, 0)),
                Optional.empty()),
            new NodePoolInfo(
                "batch-pool",
                "UBUNTU",
                "1.23.17-gke.1700",
                2,
                false,
                Optional.empty(),
                "n2-highmem-8",
                Optional.empty(),
                Optional.empty()))
        .inOrder();
    assertThat(info.autoprovisioningEnabled()).isTrue();
    assertThat(info.autoprovisioningImageType()).isEqualTo("COS");
    assertThat(info.labels()).containsExactly("env", "prod", "team", "web");
  }

  @Test
  void toClusterInfo_autopilotCluster_isAutopilotWithContainerdDefaults() {
    ClusterInfo info = ClusterJson.toClusterInfo(fixture("clusters/autopilot.json"), "p", "l");

    assertThat(info.autopilot()).isTrue();
    assertThat(info.ref()).isEqualTo(new ClusterRef("acme-prod", "europe-west1", "shop-autopilot"));
    assertThat(info.autoprovisioningImageType()).isEqualTo("COS_CONTAINERD");
    assertThat(info.nodePools()).hasSize(1);
  }

  @Test
  void toClusterInfo_containerdCluster_zonalSelfLinkGivesProjectAndNoNap() {
    ClusterInfo info = ClusterJson.toClusterInfo(fixture("clusters/containerd.json"), "p", "l");

    assertThat(info.ref()).isEqualTo(new ClusterRef("acme-staging", "us-east1-b", "api-staging"));
    assertThat(info.releaseChannel()).isEqualTo("STABLE");
    assertThat(info.autoprovisioningEnabled()).isFalse();
    assertThat(info.autoprovisioningImageType()).isEmpty();
    assertThat(info.nodePools().stream().map(NodePoolInfo::imageType))
        .containsExactly("COS_CONTAINERD", "UBUNTU_CONTAINERD");
    assertThat(info.labels()).isEmpty();
  }

  @Test
  void toClusterInfo_windowsClusterWithoutChannel_keepsWindowsPoolAndEmptyChannel() {
    ClusterInfo info = ClusterJson.toClusterInfo(fixture("clusters/windows.json"), "p", "l");

    assertThat(info.releaseChannel()).isEmpty();
    assertThat(info.controlPlaneVersion()).isEqualTo("1.21.0-gke.1000");
    assertThat(info.nodePools())
        .containsExactly(
            new NodePoolInfo(
                "linux-pool",
                "COS_CONTAINERD",
                "1.21.0-gke.1000",
                1,
                false,
                Optional.empty(),
                "e2-standard-2",
                Optional.empty(),
                Optional.empty()),
            new NodePoolInfo(
                "windows-pool",
                "WINDOWS_LTSC",
                "1.21.0-gke.1000",
                2,
                false,
                Optional.empty(),
                "n1-standard-4",
                Optional.empty(),
                Optional.empty()))
        .inOrder();
  }

  @Test
  void toClusterInfo_poolWithoutConfig_hasEmptyImageTypeAndUnknownCount() {
    ClusterInfo info =
        ClusterJson.toClusterInfo(fixture("clusters/legacy-lowercase.json"), "p", "l");

    assertThat(info.ref()).isEqualTo(new ClusterRef("acme-legacy", "us-central1-c", "old-batch"));
    assertThat(info.nodePools())
        .containsExactly(
            new NodePoolInfo(
                "default-pool",
                "cos",
                "1.22.17-gke.4000",
                2,
                false,
                Optional.empty(),
                "n1-standard-1",
                Optional.empty(),
                Optional.empty()),
            new NodePoolInfo("bare-pool", "", "1.22.17-gke.4000", -1))
        .inOrder();
  }

  @Test
  void toClusterInfo_noNodePoolsButLegacyNodeConfig_inventsNoPool() {
    ClusterInfo info =
        ClusterJson.toClusterInfo(
            json(
                "{\"name\":\"bare\",\"location\":\"us-central1-a\","
                    + "\"nodeConfig\":{\"imageType\":\"COS\"}}"),
            "p",
            "l");

    assertThat(info.nodePools()).isEmpty();
    assertThat(info.controlPlaneVersion()).isEmpty();
    assertThat(info.autoprovisioningEnabled()).isFalse();
  }

  @Test
  void toClusterInfo_noSelfLinkNoLocation_usesZoneThenFallbacks() {
    assertThat(
            ClusterJson.toClusterInfo(
                    json("{\"name\":\"c\",\"zone\":\"europe-west4-a\"}"), "a", "l")
                .ref())
        .isEqualTo(new ClusterRef("a", "europe-west4-a", "c"));
    assertThat(ClusterJson.toClusterInfo(json("{\"name\":\"c\"}"), "asked", "loc").ref())
        .isEqualTo(new ClusterRef("asked", "loc", "c"));
  }

  @Test
  void toClusterInfo_nullsAndNumbersAsTheApiJsonAllows_readAsDefaultsAndValues() {
    ClusterInfo info =
        ClusterJson.toClusterInfo(
            json(
                "{\"name\":\"c\",\"autopilot\":null,\"releaseChannel\":{\"channel\":2},"
                    + "\"nodePools\":[{\"name\":\"p\",\"initialNodeCount\":\"3\",\"config\":null}]}"),
            "p",
            "l");

    assertThat(info.autopilot()).isFalse();
    assertThat(info.releaseChannel()).isEqualTo("REGULAR");
    assertThat(info.nodePools()).containsExactly(new NodePoolInfo("p", "", "", 3));
  }

  @Test
  void toClusterInfo_channelNewerThanThisCode_isNoChannel() {
    assertThat(
            ClusterJson.toClusterInfo(
                    json("{\"name\":\"c\",\"releaseChannel\":{\"channel\":\"SOMEDAY\"}}"), "p", "l")
                .releaseChannel())
        .isEmpty();
    assertThat(
            ClusterJson.toClusterInfo(
                    json("{\"name\":\"c\",\"releaseChannel\":{\"channel\":\"UNSPECIFIED\"}}"),
                    "p",
                    "l")
                .releaseChannel())
        .isEmpty();
  }

  @Test
  void toClusterInfo_fieldOfTheWrongType_namesTheFieldNotTheValue() {
    for (String[] c :
        new String[][] {
          {"{\"name\":\"c\",\"nodePools\":\"secret-value\"}", "nodePools"},
          {"{\"name\":\"c\",\"nodePools\":[\"secret-value\"]}", "nodePools[0]"},
          {
            "{\"name\":\"c\",\"nodePools\":[{\"config\":{\"imageType\":7}}]}",
            "nodePools[0].config.imageType"
          },
          {
            "{\"name\":\"c\",\"nodePools\":[{\"initialNodeCount\":\"secret-value\"}]}",
            "nodePools[0].initialNodeCount"
          },
          {"{\"name\":\"c\",\"autopilot\":{\"enabled\":\"secret-value\"}}", "autopilot.enabled"},
          {
            "{\"name\":\"c\",\"resourceLabels\":{\"team\":{\"x\":\"secret-value\"}}}",
            "resourceLabels"
          },
          {"{\"name\":[\"secret-value\"]}", "name"},
        }) {
      ClusterJson.InvalidClusterException e =
          assertThrows(
              ClusterJson.InvalidClusterException.class,
              () -> ClusterJson.toClusterInfo(json(c[0]), "p", "l"));

      assertThat(e).hasMessageThat().startsWith("field " + c[1] + " is not");
      assertThat(e).hasMessageThat().doesNotContain("secret-value");
    }
  }

  @Test
  void placedByName_assetName_givesTheSelfLinkOnlyWhenAskedOrMissing() {
    JsonObject linked =
        json(
            "{\"name\":\"c\",\"selfLink\":"
                + "\"https://container.googleapis.com/v1/projects/own/locations/l/clusters/c\"}");
    String asset = "//container.googleapis.com/projects/named/locations/us-east1/clusters/c";

    assertThat(ClusterJson.placedByName(linked, asset, false)).isSameInstanceAs(linked);
    assertThat(
            ClusterJson.toClusterInfo(ClusterJson.placedByName(linked, asset, true), "", "")
                .ref()
                .project())
        .isEqualTo("named");
    assertThat(linked.get("selfLink").getAsString()).contains("/projects/own/");
    assertThat(
            ClusterJson.placedByName(json("{\"name\":\"c\"}"), "//other/thing", false)
                .has("selfLink"))
        .isFalse();
  }

  @Test
  void projectFromSelfLink_variousLinks_extractsProjectOnlyFromClusterLinks() {
    assertThat(
            ClusterJson.projectFromSelfLink(
                "https://container.googleapis.com/v1/projects/p-1/locations/us-east1/clusters/c"))
        .hasValue("p-1");
    assertThat(
            ClusterJson.projectFromSelfLink(
                "https://container.googleapis.com/v1beta1/projects/42/zones/us-east1-b/clusters/c"))
        .hasValue("42");
    assertThat(ClusterJson.projectFromSelfLink("")).isEmpty();
    String poolLink =
        "https://container.googleapis.com/v1/projects/p/locations/l/clusters/c/nodePools/x";
    assertThat(ClusterJson.projectFromSelfLink(poolLink)).isEmpty();
  }

  @Test
  void toClusterInfo_poolExclusionUntilEndOfSupport_isReadOnlyWhenEnabled() {
    JsonObject cluster = fixture("clusters/windows.json");
    var pools = cluster.getAsJsonArray("nodePools");
    pools
        .get(0)
        .getAsJsonObject()
        .add(
            "maintenancePolicy",
            json(
                "{\"exclusionUntilEndOfSupport\":{\"enabled\":true,"
                    + "\"startTime\":\"2026-06-01T00:00:00Z\",\"endTime\":\"2027-02-20T00:00:00Z\"}}"));
    pools
        .get(1)
        .getAsJsonObject()
        .add(
            "maintenancePolicy",
            json(
                "{\"exclusionUntilEndOfSupport\":{\"enabled\":false,\"endTime\":\"2027-02-20T00:00:00Z\"}}"));

    ClusterInfo info = ClusterJson.toClusterInfo(cluster, "p", "l");

    NodePoolInfo held = info.nodePools().get(0);
    assertThat(held.exclusionUntilEndOfSupport()).isTrue();
    assertThat(held.exclusionEnd()).hasValue(java.time.Instant.parse("2027-02-20T00:00:00Z"));
    assertThat(info.nodePools().get(1).exclusionUntilEndOfSupport()).isFalse();
    assertThat(info.nodePools().get(1).exclusionEnd()).isEmpty();
  }

  @Test
  void toClusterInfo_readsTheStartGkeAnnouncesForAPoolsAutomaticUpgrade() {
    JsonObject cluster = fixture("clusters/standard-docker.json");
    JsonObject pool = cluster.getAsJsonArray("nodePools").get(0).getAsJsonObject();
    pool.getAsJsonObject("management")
        .add(
            "upgradeOptions",
            com.google.gson.JsonParser.parseString(
                    "{\"autoUpgradeStartTime\":\"2026-12-10T02:00:00Z\","
                        + "\"description\":\"Upgrade to 1.33.5-gke.1400000\"}")
                .getAsJsonObject());

    ClusterInfo info = ClusterJson.toClusterInfo(cluster, "123456789", "us-central1");

    assertThat(info.nodePools().get(0).autoUpgradeStart())
        .hasValue(java.time.Instant.parse("2026-12-10T02:00:00Z"));
    assertThat(info.nodePools().get(1).autoUpgradeStart()).isEmpty();
  }
}
