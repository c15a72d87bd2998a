package dev.upgradesentinel.gke;

import static com.google.common.truth.Truth.assertThat;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ClusterMapperTest {

  @Test
  void toClusterInfo_standardDockerCluster_mapsPoolsNapAndLabels() {
    ClusterInfo info =
        ClusterMapper.toClusterInfo(
            Fixtures.cluster("clusters/standard-docker.json"), "123456789", "us-central1");

    assertThat(info.ref()).isEqualTo(new ClusterRef("acme-prod", "us-central1", "legacy-web"));
    assertThat(info.autopilot()).isFalse();
    assertThat(info.controlPlaneVersion()).isEqualTo("1.23.17-gke.1700");
    assertThat(info.releaseChannel()).isEqualTo("REGULAR");
    assertThat(info.nodePools())
        .containsExactly(
            new NodePoolInfo("default-pool", "COS", "1.23.17-gke.1700", 1),
            new NodePoolInfo("batch-pool", "UBUNTU", "1.23.17-gke.1700", 2))
        .inOrder();
    assertThat(info.autoprovisioningEnabled()).isTrue();
    assertThat(info.autoprovisioningImageType()).isEqualTo("COS");
    assertThat(info.labels()).containsExactly("env", "prod", "team", "web");
  }

  @Test
  void toClusterInfo_autopilotCluster_isAutopilotWithContainerdDefaults() {
    ClusterInfo info =
        ClusterMapper.toClusterInfo(Fixtures.cluster("clusters/autopilot.json"), "p", "l");

    assertThat(info.autopilot()).isTrue();
    assertThat(info.ref()).isEqualTo(new ClusterRef("acme-prod", "europe-west1", "shop-autopilot"));
    assertThat(info.autoprovisioningImageType()).isEqualTo("COS_CONTAINERD");
    assertThat(info.nodePools()).hasSize(1);
  }

  @Test
  void toClusterInfo_containerdCluster_zonalSelfLinkGivesProjectAndNoNap() {
    ClusterInfo info =
        ClusterMapper.toClusterInfo(Fixtures.cluster("clusters/containerd.json"), "p", "l");

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
    ClusterInfo info =
        ClusterMapper.toClusterInfo(Fixtures.cluster("clusters/windows.json"), "p", "l");

    assertThat(info.releaseChannel()).isEmpty();
    assertThat(info.controlPlaneVersion()).isEqualTo("1.21.0-gke.1000");
    assertThat(info.nodePools())
        .containsExactly(
            new NodePoolInfo("linux-pool", "COS_CONTAINERD", "1.21.0-gke.1000", 1),
            new NodePoolInfo("windows-pool", "WINDOWS_LTSC", "1.21.0-gke.1000", 2))
        .inOrder();
  }

  @Test
  void toClusterInfo_poolWithoutConfig_hasEmptyImageTypeAndUnknownCount() {
    ClusterInfo info =
        ClusterMapper.toClusterInfo(Fixtures.cluster("clusters/legacy-lowercase.json"), "p", "l");

    assertThat(info.ref()).isEqualTo(new ClusterRef("acme-legacy", "us-central1-c", "old-batch"));
    assertThat(info.nodePools())
        .containsExactly(
            new NodePoolInfo("default-pool", "cos", "1.22.17-gke.4000", 2),
            new NodePoolInfo("bare-pool", "", "1.22.17-gke.4000", -1))
        .inOrder();
  }

  @Test
  void toClusterInfo_noNodePoolsButLegacyNodeConfig_inventsNoPool() {
    Cluster cluster =
        Cluster.newBuilder()
            .setName("bare")
            .setLocation("us-central1-a")
            .setNodeConfig(NodeConfig.newBuilder().setImageType("COS"))
            .build();

    ClusterInfo info = ClusterMapper.toClusterInfo(cluster, "p", "l");

    assertThat(info.nodePools()).isEmpty();
    assertThat(info.controlPlaneVersion()).isEmpty();
    assertThat(info.autoprovisioningEnabled()).isFalse();
  }

  @Test
  void toClusterInfo_noSelfLinkNoLocation_usesZoneThenFallbacks() {
    @SuppressWarnings("deprecation")
    Cluster zonal = Cluster.newBuilder().setName("c").setZone("europe-west4-a").build();
    Cluster nowhere = Cluster.newBuilder().setName("c").build();

    assertThat(ClusterMapper.toClusterInfo(zonal, "asked", "loc").ref())
        .isEqualTo(new ClusterRef("asked", "europe-west4-a", "c"));
    assertThat(ClusterMapper.toClusterInfo(nowhere, "asked", "loc").ref())
        .isEqualTo(new ClusterRef("asked", "loc", "c"));
  }

  @Test
  void projectFromSelfLink_variousLinks_extractsProjectOnlyFromClusterLinks() {
    assertThat(
            ClusterMapper.projectFromSelfLink(
                "https://container.googleapis.com/v1/projects/p-1/locations/us-east1/clusters/c"))
        .hasValue("p-1");
    assertThat(
            ClusterMapper.projectFromSelfLink(
                "https://container.googleapis.com/v1beta1/projects/42/zones/us-east1-b/clusters/c"))
        .hasValue("42");
    assertThat(ClusterMapper.projectFromSelfLink("")).isEmpty();
    String poolLink =
        "https://container.googleapis.com/v1/projects/p/locations/l/clusters/c/nodePools/x";
    assertThat(ClusterMapper.projectFromSelfLink(poolLink)).isEmpty();
  }
}
