package dev.upgradesentinel.assess;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.NodePoolInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockerRulesTest {
  private static final ClusterRef REF = new ClusterRef("platform-prod", "us-central1", "payments");
  private final Assessor assessor = new Assessor();

  private static ClusterInfo cluster(String controlPlane, NodePoolInfo... pools) {
    return new ClusterInfo(
        REF, false, controlPlane, "REGULAR", List.of(pools), false, "", Map.of());
  }

  private static NodePoolInfo pool(String name, String imageType, String version) {
    return new NodePoolInfo(name, imageType, version, 3);
  }

  static Insight insight(String subtype, String state, String target) {
    return new Insight(
        "projects/123456789012/locations/us-central1/insightTypes/"
            + "google.container.DiagnosisInsight/insights/"
            + subtype.toLowerCase(java.util.Locale.ROOT),
        subtype,
        "Your cluster calls deprecated APIs.",
        state,
        List.of(target),
        "2026-11-30T06:00:00Z",
        Map.of());
  }

  private static String target(String project, String location, String name) {
    return "//container.googleapis.com/projects/"
        + project
        + "/locations/"
        + location
        + "/clusters/"
        + name;
  }

  @Test
  void windows_controlPlaneOn134_isBlockedAndPlansTheManualUpgrade() {
    Assessment a =
        assessor.assess(
            cluster(
                "1.34.1-gke.1829001",
                pool("linux", "COS_CONTAINERD", "1.34.1-gke.1829001"),
                pool("win", "WINDOWS_LTSC_CONTAINERD", "1.34.1-gke.1829001")));

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(a.blocker(Blocker.DockerImages.class)).isEmpty();
    Blocker.WindowsContainerd windows = (Blocker.WindowsContainerd) a.blockers().get(0);
    assertThat(windows.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(windows.pools().stream().map(NodePoolInfo::name).toList()).containsExactly("win");
    assertThat(windows.controlPlaneCommand())
        .isEqualTo(
            "gcloud container clusters upgrade payments --project=platform-prod"
                + " --location=us-central1 --master --cluster-version=1.35");
    assertThat(windows.poolCommands())
        .containsExactly(
            "gcloud container clusters upgrade payments --project=platform-prod"
                + " --location=us-central1 --node-pool=win");
    assertThat(windows.key()).isEqualTo("WINDOWS_CONTAINERD_2/BLOCKED/win");
  }

  @Test
  void windows_oneMinorBefore_isAtRisk_andTwoBefore_isNothing() {
    NodePoolInfo win = pool("win", "WINDOWS_LTSC_CONTAINERD", "1.33.5-gke.100");
    assertThat(assessor.assess(cluster("1.33.5-gke.100", win)).verdict())
        .isEqualTo(Verdict.AT_RISK);
    assertThat(assessor.assess(cluster("1.32.9-gke.100", win)).verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void windows_eventTargeting135_isBlocked() {
    NodePoolInfo win = pool("win", "WINDOWS_SAC_CONTAINERD", "1.32.9-gke.100");
    Assessment a =
        assessor.assess(
            cluster("1.32.9-gke.100", win),
            new GkeEvent.UpgradeAvailable("1.35.0-gke.1200", "MASTER", "RAPID", ""));

    Blocker.WindowsContainerd windows = (Blocker.WindowsContainerd) a.blockers().get(0);
    assertThat(windows.cause()).isEqualTo(Cause.EVENT_TARGETS_WALL);
    assertThat(windows.wallVersion()).isEqualTo("1.35.0-gke.1200");
    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
  }

  @Test
  void windows_poolsAlreadyOn135_areNotHeld() {
    Assessment a =
        assessor.assess(
            cluster("1.35.0-gke.1200", pool("win", "WINDOWS_LTSC_CONTAINERD", "1.35.0-gke.1200")));

    assertThat(a.blockers()).isEmpty();
    assertThat(a.verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void deprecation_everyStateBlocks_andOnlyTheClustersOwnInsightsCount() {
    InsightsRead insights =
        InsightsRead.read(
            List.of(
                insight(
                    "DEPRECATION_K8S_1_32_API",
                    "DISMISSED",
                    target("123456789012", "us-central1", "payments")),
                insight(
                    "DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES",
                    "ACTIVE",
                    target("platform-prod", "us-central1", "payments")),
                insight(
                    "DEPRECATION_K8S_1_29_API",
                    "ACTIVE",
                    target("platform-prod", "us-central1", "other-cluster")),
                insight(
                    "DEPRECATION_K8S_1_27_API",
                    "ACTIVE",
                    target("platform-prod", "us-east1", "payments")),
                insight(
                    "SOME_OTHER_DIAGNOSIS",
                    "ACTIVE",
                    target("platform-prod", "us-central1", "payments"))));

    Assessment a =
        assessor.assess(
            cluster("1.31.4-gke.100", pool("p", "COS_CONTAINERD", "1.31.4-gke.100")),
            null,
            insights);

    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(a.blockers().stream().map(Blocker::key).toList())
        .containsExactly(
            "DEPRECATION_INSIGHT/DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES",
            "DEPRECATION_INSIGHT/DEPRECATION_K8S_1_32_API")
        .inOrder();
    Blocker.DeprecatedFeature schema1 = (Blocker.DeprecatedFeature) a.blockers().get(0);
    assertThat(schema1.deprecation().feature())
        .isEqualTo(Deprecation.Feature.CONTAINERD_SCHEMA1_IMAGES);
    assertThat(schema1.deprecation().cleanDaysToResume()).isEqualTo(14);
    assertThat(((Blocker.DeprecatedFeature) a.blockers().get(1)).insight().dismissed()).isTrue();
  }

  @Test
  void deprecation_execProbeTimeout_blocksThoughItLacksThePrefix_unknownGetsGenericFacts() {
    InsightsRead insights =
        InsightsRead.read(
            List.of(
                insight(
                    "EXEC_PROBE_TIMEOUT",
                    "ACTIVE",
                    target("platform-prod", "us-central1", "payments")),
                insight(
                    "DEPRECATION_SOMETHING_NEW",
                    "ACTIVE",
                    target("platform-prod", "us-central1", "payments"))));

    Assessment a = assessor.assess(cluster("1.34.1-gke.100"), null, insights);

    assertThat(a.blockers()).hasSize(2);
    Blocker.DeprecatedFeature unknown = (Blocker.DeprecatedFeature) a.blockers().get(0);
    assertThat(unknown.deprecation().feature()).isEqualTo(Deprecation.Feature.UNKNOWN);
    Blocker.DeprecatedFeature probes = (Blocker.DeprecatedFeature) a.blockers().get(1);
    assertThat(probes.deprecation().removedIn()).isEqualTo("1.35");
  }

  @Test
  void autopilot_withAnInsight_isBlocked_withoutOne_isNotApplicable() {
    ClusterInfo autopilot =
        new ClusterInfo(REF, true, "1.32.2-gke.100", "REGULAR", List.of(), false, "", Map.of());
    InsightsRead insights =
        InsightsRead.read(
            List.of(
                insight(
                    "DEPRECATION_K8S_1_32_API",
                    "ACTIVE",
                    target("platform-prod", "us-central1", "payments"))));

    assertThat(assessor.assess(autopilot, null, insights).verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(assessor.assess(autopilot).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
  }

  @Test
  void worstBlockerWins_dockerAtRiskWithAnInsightIsBlocked() {
    InsightsRead insights =
        InsightsRead.read(
            List.of(
                insight(
                    "DEPRECATION_K8S_1_22_V1BETA1_API",
                    "ACTIVE",
                    target("platform-prod", "us-central1", "payments"))));

    Assessment a =
        assessor.assess(
            cluster("1.21.14-gke.100", pool("p", "COS", "1.21.14-gke.100")), null, insights);

    Blocker.DockerImages docker = (Blocker.DockerImages) a.blockers().get(0);
    assertThat(docker.verdict()).isEqualTo(Verdict.AT_RISK);
    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(docker.cause()).isEqualTo(Cause.BELOW_WALL);
  }
}
