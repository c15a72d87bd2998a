package dev.upgradesentinel.assess;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.NodePoolInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssessorTest {
  private static final ClusterRef REF = new ClusterRef("platform-prod", "us-central1", "payments");
  private final Assessor assessor = new Assessor();

  private static ClusterInfo cluster(String controlPlane, List<NodePoolInfo> pools) {
    return new ClusterInfo(REF, false, controlPlane, "REGULAR", pools, false, "", Map.of());
  }

  private static ClusterInfo withNap(
      String controlPlane, List<NodePoolInfo> pools, String napImage) {
    return new ClusterInfo(REF, false, controlPlane, "REGULAR", pools, true, napImage, Map.of());
  }

  /** Docker's blocker, which the test expects. */
  private static Blocker.DockerImages docker(Assessment a) {
    return a.blocker(Blocker.DockerImages.class).orElseThrow();
  }

  private static NodePoolInfo pool(String name, String imageType, String version) {
    return new NodePoolInfo(name, imageType, version, 3);
  }

  private static GkeEvent.UpgradeAvailable available(String version) {
    return new GkeEvent.UpgradeAvailable(version, "MASTER", "REGULAR", "");
  }

  private static GkeEvent.SecurityBulletin bulletin(List<String> patched, String suggested) {
    return new GkeEvent.SecurityBulletin(
        "RESOURCE_TYPE_CONTROLPLANE",
        "GCP-2023-014",
        List.of("CVE-2023-2727"),
        "MEDIUM",
        "https://cloud.google.com/kubernetes-engine/docs/security-bulletins#gcp-2023-014",
        "brief",
        List.of("1.22", "1.23"),
        patched,
        suggested,
        false);
  }

  @Test
  void assess_autopilot_isNotApplicable() {
    ClusterInfo autopilot =
        new ClusterInfo(
            REF,
            true,
            "1.23.17-gke.1700",
            "REGULAR",
            List.of(pool("default-pool", "COS", "1.23.17-gke.1700")),
            false,
            "",
            Map.of());

    Assessment a = assessor.assess(autopilot);

    assertThat(a.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    assertThat(a.blockers()).isEmpty();
  }

  @Test
  void assess_containerdOnly_isClear() {
    Assessment a =
        assessor.assess(
            cluster(
                "1.23.17-gke.1700",
                List.of(pool("default-pool", "COS_CONTAINERD", "1.23.17-gke.1700"))));

    assertThat(a.verdict()).isEqualTo(Verdict.CLEAR);
    assertThat(a.blockers()).isEmpty();
  }

  @Test
  void assess_dockerPoolAndControlPlaneOn123_isBlocked() {
    Assessment a =
        assessor.assess(
            cluster("1.23.17-gke.1700", List.of(pool("default-pool", "COS", "1.23.17-gke.1700"))));

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(docker(a).cause()).isEqualTo(Cause.CONTROL_PLANE_AT_WALL);
    assertThat(docker(a).wallVersion()).isEqualTo("1.23.17-gke.1700");
  }

  @Test
  void assess_dockerPoolAndControlPlaneOn124_isBlocked() {
    Assessment a =
        assessor.assess(
            cluster("1.24.17-gke.2200", List.of(pool("legacy", "UBUNTU", "1.23.17-gke.1700"))));

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
  }

  @Test
  void assess_dockerPoolBelowWallWithoutEvent_isAtRisk() {
    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("default-pool", "COS", "1.22.17-gke.1900"))));

    assertThat(a.verdict()).isEqualTo(Verdict.AT_RISK);
    assertThat(docker(a).cause()).isEqualTo(Cause.BELOW_WALL);
    assertThat(docker(a).wallVersion()).isEmpty();
  }

  @Test
  void assess_upgradeAvailableTo124_isBlocked() {
    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("default-pool", "COS", "1.22.17-gke.1900"))),
            available("1.24.17-gke.2200"));

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(docker(a).cause()).isEqualTo(Cause.EVENT_TARGETS_WALL);
    assertThat(docker(a).wallVersion()).isEqualTo("1.24.17-gke.2200");
    assertThat(a.trigger()).isEqualTo(available("1.24.17-gke.2200"));
  }

  @Test
  void assess_upgradeAvailableBelow124_isAtRisk() {
    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("default-pool", "COS", "1.22.17-gke.1900"))),
            available("1.22.17-gke.3100"));

    assertThat(a.verdict()).isEqualTo(Verdict.AT_RISK);
  }

  @Test
  void assess_upgradeEventTargeting124_isBlocked() {
    GkeEvent.Upgrade upgrade =
        new GkeEvent.Upgrade(
            "MASTER", "op", "2026-11-24T06:10:34Z", "1.22.17-gke.1900", "1.24.0-gke.100", "");

    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("p", "COS", "1.22.17-gke.1900"))), upgrade);

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(docker(a).cause()).isEqualTo(Cause.EVENT_TARGETS_WALL);
  }

  @Test
  void assess_upgradeInfoEventTargeting124_isBlocked() {
    GkeEvent.UpgradeInfo info =
        new GkeEvent.UpgradeInfo(
            "MASTER",
            "",
            "",
            "",
            "1.22.17-gke.1900",
            "1.24.17-gke.2200",
            "",
            "STARTED",
            "",
            "END_OF_SUPPORT",
            "2023-01-31T00:00:00Z",
            "");

    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("p", "COS", "1.22.17-gke.1900"))), info);

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
  }

  @Test
  void assess_bulletinPatchedOnlyIn124AndLater_isBlocked() {
    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("p", "COS", "1.22.17-gke.1900"))),
            bulletin(List.of("1.25.10-gke.1200", "1.24.14-gke.2700"), "1.24.14-gke.2700"));

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(docker(a).cause()).isEqualTo(Cause.BULLETIN_PATCHED_ONLY_PAST_WALL);
    assertThat(docker(a).wallVersion()).isEqualTo("1.24.14-gke.2700");
  }

  @Test
  void assess_bulletinWithPatchBelow124_isAtRiskEvenIfSuggestedTargetIs124() {
    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("p", "COS", "1.22.17-gke.1900"))),
            bulletin(List.of("1.22.17-gke.4000", "1.24.14-gke.2700"), "1.24.14-gke.2700"));

    assertThat(a.verdict()).isEqualTo(Verdict.AT_RISK);
  }

  @Test
  void assess_bulletinWithoutPatchesSuggesting124_isBlockedByTarget() {
    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("p", "COS", "1.22.17-gke.1900"))),
            bulletin(List.of(), "1.24.14-gke.2700"));

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(docker(a).cause()).isEqualTo(Cause.EVENT_TARGETS_WALL);
  }

  @Test
  void assess_controlPlaneAtWallAndEventTo124_namesTheControlPlane() {
    Assessment a =
        assessor.assess(
            cluster("1.23.17-gke.1700", List.of(pool("p", "COS", "1.23.17-gke.1700"))),
            available("1.24.17-gke.2200"));

    assertThat(docker(a).cause()).isEqualTo(Cause.CONTROL_PLANE_AT_WALL);
  }

  @Test
  void assess_napDefaultDockerOnly_isBlockedWithNapFix() {
    Assessment a =
        assessor.assess(
            withNap(
                "1.23.17-gke.1700",
                List.of(pool("p", "COS_CONTAINERD", "1.23.17-gke.1700")),
                "COS"));

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(docker(a).pools()).isEmpty();
    assertThat(docker(a).autoprovisioning())
        .isEqualTo(
            new NapPlan(
                "COS",
                "COS_CONTAINERD",
                "gcloud container clusters update payments --project=platform-prod"
                    + " --location=us-central1 --enable-autoprovisioning"
                    + " --autoprovisioning-image-type=COS_CONTAINERD"));
  }

  @Test
  void assess_napDisabledWithDockerDefault_isClear() {
    ClusterInfo info =
        new ClusterInfo(
            REF,
            false,
            "1.23.17-gke.1700",
            "",
            List.of(pool("p", "COS_CONTAINERD", "1.23.17-gke.1700")),
            false,
            "COS",
            Map.of());

    assertThat(assessor.assess(info).verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void assess_napContainerdDefault_hasNoNapFix() {
    Assessment a =
        assessor.assess(
            withNap(
                "1.23.17-gke.1700",
                List.of(pool("p", "UBUNTU", "1.23.17-gke.1700")),
                "COS_CONTAINERD"));

    assertThat(docker(a).autoprovisioningPlan()).isEmpty();
    assertThat(docker(a).pools()).hasSize(1);
  }

  @Test
  void assess_mixedPools_plansEachDockerPoolWithItsCommand() {
    Assessment a =
        assessor.assess(
            cluster(
                "1.23.17-gke.1700",
                List.of(
                    pool("default-pool", "COS", "1.23.17-gke.1700"),
                    pool("modern", "COS_CONTAINERD", "1.23.17-gke.1700"),
                    pool("ubuntu-pool", "UBUNTU", "1.23.17-gke.1700"))));

    assertThat(docker(a).pools().stream().map(PoolPlan::name).toList())
        .containsExactly("default-pool", "ubuntu-pool")
        .inOrder();
    PoolPlan ubuntu = docker(a).pools().get(1);
    assertThat(ubuntu.replacementImageType()).isEqualTo("UBUNTU_CONTAINERD");
    assertThat(ubuntu.command())
        .isEqualTo(
            "gcloud container clusters upgrade payments --project=platform-prod"
                + " --location=us-central1 --node-pool=ubuntu-pool --image-type=UBUNTU_CONTAINERD");
    assertThat(ubuntu.needsNodeUpgradeFirst()).isFalse();
  }

  @Test
  void assess_lowerCaseImageTypes_areRecognised() {
    Assessment a =
        assessor.assess(cluster("1.23.17-gke.1700", List.of(pool("p", "cos", "1.23.17-gke.1700"))));

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(docker(a).pools().get(0).imageType()).isEqualTo("cos");
    assertThat(docker(a).pools().get(0).replacementImageType()).isEqualTo("COS_CONTAINERD");
  }

  @Test
  void assess_windowsPools_getWindowsContainerdReplacements() {
    Assessment a =
        assessor.assess(
            cluster(
                "1.22.17-gke.1900",
                List.of(
                    pool("win-ltsc", "WINDOWS_LTSC", "1.22.17-gke.1900"),
                    pool("win-sac", "windows_sac", "1.22.17-gke.1900"))));

    assertThat(a.verdict()).isEqualTo(Verdict.AT_RISK);
    assertThat(docker(a).pools().stream().map(PoolPlan::replacementImageType).toList())
        .containsExactly("WINDOWS_LTSC_CONTAINERD", "WINDOWS_SAC_CONTAINERD")
        .inOrder();
    assertThat(docker(a).pools().get(0).minimumVersion()).isEqualTo("1.21.1-gke.2200");
  }

  @Test
  void assess_windowsPoolTooOldForContainerd_saysUpgradeNodesFirst() {
    Assessment a =
        assessor.assess(
            cluster("1.22.17-gke.1900", List.of(pool("win", "WINDOWS_LTSC", "1.21.0-gke.1000"))));

    PoolPlan win = docker(a).pools().get(0);
    assertThat(win.needsNodeUpgradeFirst()).isTrue();
    assertThat(win.nodeUpgradeCommand())
        .isEqualTo(
            "gcloud container clusters upgrade payments --project=platform-prod"
                + " --location=us-central1 --node-pool=win");
  }

  @Test
  void assess_linuxPoolTooOldForContainerd_saysUpgradeNodesFirst() {
    Assessment a =
        assessor.assess(cluster("1.14.10-gke.27", List.of(pool("old", "COS", "1.13.12-gke.30"))));

    assertThat(docker(a).pools().get(0).needsNodeUpgradeFirst()).isTrue();
    assertThat(docker(a).pools().get(0).minimumVersion()).isEqualTo("1.14");
  }

  @Test
  void assess_poolWithoutConfigOrVersion_isSkippedOrPlannedWithoutFailing() {
    Assessment a =
        assessor.assess(
            cluster("", List.of(pool("no-config", "", ""), pool("unknown-version", "COS", ""))));

    assertThat(a.verdict()).isEqualTo(Verdict.AT_RISK);
    assertThat(docker(a).pools().stream().map(PoolPlan::name).toList())
        .containsExactly("unknown-version");
    assertThat(docker(a).pools().get(0).needsNodeUpgradeFirst()).isFalse();
  }

  @Test
  void assess_oddPoolNameFromAFile_isQuotedInTheCommand() {
    Assessment a =
        assessor.assess(cluster("1.23.1", List.of(pool("pool name; x", "COS", "1.23.1"))));

    assertThat(docker(a).pools().get(0).command()).contains("--node-pool='pool name; x'");
  }

  @Test
  void consoleUrl_pointsAtTheClusterDetails() {
    Assessment a = assessor.assess(cluster("1.23.1", List.of()));

    assertThat(a.consoleUrl())
        .isEqualTo(
            "https://console.cloud.google.com/kubernetes/clusters/details/us-central1/payments/details?project=platform-prod");
  }
}
