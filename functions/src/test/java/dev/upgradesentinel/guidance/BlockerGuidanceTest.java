package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.NodePoolInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockerGuidanceTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
  private static final ClusterRef REF = new ClusterRef("shop-prod", "us-central1", "checkout");
  private static final String TARGET =
      "//container.googleapis.com/projects/shop-prod/locations/us-central1/clusters/checkout";
  private final Assessor assessor = new Assessor();

  private static ClusterInfo cluster(String version, NodePoolInfo... pools) {
    return new ClusterInfo(REF, false, version, "REGULAR", List.of(pools), false, "", Map.of());
  }

  private static Insight insight(String subtype, String state, String description) {
    return new Insight(
        "projects/123/locations/us-central1/insightTypes/google.container.DiagnosisInsight/insights/i1",
        subtype,
        description,
        state,
        List.of(TARGET),
        "2026-11-30T06:00:00Z",
        Map.of("deprecatedApis.0.api", "flowcontrol.apiserver.k8s.io/v1beta3"));
  }

  private Assessment withInsights(Insight... insights) {
    return assessor.assess(
        cluster("1.31.4-gke.100", new NodePoolInfo("p", "COS_CONTAINERD", "1.31.4-gke.100", 3)),
        null,
        InsightsRead.read(List.of(insights)));
  }

  private static String render(Language language, Assessment a) {
    return new GuidanceRenderer(language, NOW).render(a).plainText();
  }

  @Test
  void windows_saysWhyGkeHoldsTheCluster_andGivesTheManualUpgrade_inBothLanguages() {
    Assessment a =
        assessor.assess(
            cluster(
                "1.34.1-gke.100",
                new NodePoolInfo("win-pool", "WINDOWS_LTSC_CONTAINERD", "1.34.1-gke.100", 2)));

    Message english = new GuidanceRenderer(Language.EN, NOW).render(a);
    assertThat(english.title())
        .isEqualTo(
            "GKE upgrade blocked by Windows Server node pools (containerd 2): cluster checkout");
    assertThat(english.plainText())
        .contains("holds every cluster with Windows Server nodes at 1.34");
    assertThat(english.plainText())
        .contains(
            "gcloud container clusters upgrade checkout --project=shop-prod --location=us-central1"
                + " --master --cluster-version=1.35\n"
                + "    gcloud container clusters upgrade checkout --project=shop-prod"
                + " --location=us-central1 --node-pool=win-pool");
    assertThat(english.plainText()).contains("crane manifest IMAGE | jq .schemaVersion");
    assertThat(english.plainText()).contains("The control plane runs 1.34.1-gke.100");
    String korean = render(Language.KO, a);
    assertThat(korean).contains("사용 여부와 관계없이 모두 1.34에 유지하며");
    assertThat(korean).contains("--master --cluster-version=1.35");
  }

  @Test
  void removedApis_listTheVersionsTheirReplacementsTheAuditQueryAndTheGuide() {
    String text =
        render(Language.EN, withInsights(insight("DEPRECATION_K8S_1_32_API", "ACTIVE", "")));

    assertThat(text)
        .contains(
            "FlowSchema, PriorityLevelConfiguration: flowcontrol.apiserver.k8s.io/v1beta3 →"
                + " flowcontrol.apiserver.k8s.io/v1");
    assertThat(text).contains("labels.\"k8s.io/removed-release\"=\"1.32\"");
    assertThat(text).contains("resource.labels.cluster_name=\"checkout\"");
    assertThat(text)
        .contains("https://cloud.google.com/kubernetes-engine/docs/deprecations/apis-1-32");
    assertThat(text).contains("after 30 consecutive days without detected use");
  }

  @Test
  void dismissedInsight_saysThePauseStays() {
    Assessment a =
        withInsights(insight("DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES", "DISMISSED", ""));

    String english = render(Language.EN, a);
    assertThat(english).contains("insight dismissed");
    assertThat(english).contains("but GKE's pause stays until the feature is no longer used");
    assertThat(english).contains("after 14 consecutive days without detected use");
    assertThat(english).contains("ctr --namespace k8s.io images list");
    assertThat(render(Language.KO, a)).contains("GKE의 일시중지는 유지됩니다");
  }

  @Test
  void insightDescriptionAndContent_areUntrusted() {
    Assessment a =
        withInsights(
            insight(
                "DEPRECATION_SOMETHING_NEW",
                "ACTIVE",
                "<!channel> see https://evil.example/fix for *details*"));

    Message message = new GuidanceRenderer(Language.EN, NOW).render(a);
    String text = message.plainText();
    assertThat(text).contains("hxxps[:]//evil[.]example/fix");
    assertThat(text).doesNotContain("https://evil.example");
    assertThat(text).contains("https://cloud.google.com/kubernetes-engine/docs/deprecations");
    assertThat(text).contains("deprecatedApis.0.api: flowcontrol.apiserver.k8s.io/v1beta3");
  }

  @Test
  void severalBlockers_leadWithOneLineEach_theWorstFirst() {
    Assessment a =
        assessor.assess(
            cluster(
                "1.33.2-gke.100",
                new NodePoolInfo("win", "WINDOWS_LTSC_CONTAINERD", "1.33.2-gke.100", 1)),
            null,
            InsightsRead.read(List.of(insight("DEPRECATION_K8S_1_32_API", "ACTIVE", ""))));

    Message message = new GuidanceRenderer(Language.EN, NOW).render(a);
    assertThat(a.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(message.title()).isEqualTo("GKE upgrade blocked for 2 reasons: cluster checkout");
    assertThat(message.blocks().get(1).plainText()).isEqualTo("== What holds the upgrade (2) ==");
    String summary = message.blocks().get(2).plainText();
    assertThat(summary.indexOf("BLOCKED: Deprecation insight"))
        .isLessThan(summary.indexOf("AT_RISK: Windows"));
  }

  @Test
  void insightsNotRead_areSaidSo_andDockerGuidanceStillFollows() {
    Assessment a =
        assessor.assess(
            cluster("1.23.17-gke.100", new NodePoolInfo("p", "COS", "1.23.17-gke.100", 3)),
            null,
            InsightsRead.unavailable("Recommender answered PERMISSION_DENIED"));

    String text = render(Language.EN, a);
    assertThat(text)
        .contains(
            "GKE's deprecation insights were not read (Recommender answered PERMISSION_DENIED)");
    assertThat(text).contains("--image-type=COS_CONTAINERD");
  }

  @Test
  void updateAndResolution_nameTheBlockersThatCameAndWent() {
    GuidanceRenderer renderer = new GuidanceRenderer(Language.EN, NOW);
    Assessment now = withInsights(insight("DEPRECATION_K8S_1_32_API", "ACTIVE", ""));

    String update =
        renderer
            .renderUpdate(
                now,
                Verdict.BLOCKED,
                Map.of(),
                "",
                Set.of("DEPRECATION_INSIGHT/DEPRECATION_K8S_1_29_API"),
                "")
            .plainText();
    assertThat(update).contains("New: Deprecation insight: Kubernetes APIs removed in 1.32");
    assertThat(update).contains("Cleared: Deprecation insight DEPRECATION_K8S_1_29_API");

    Message resolved =
        renderer.renderResolution(
            withInsights(), Map.of(), Set.of("DEPRECATION_INSIGHT/DEPRECATION_K8S_1_32_API"));
    assertThat(resolved.title())
        .isEqualTo("Resolved: nothing holds the upgrade of cluster checkout any more");
    assertThat(resolved.plainText()).contains("Deprecation insight DEPRECATION_K8S_1_32_API");
  }

  @Test
  void drain_inKorean_namesTheNodeThePodsAndTheCommands_withoutFormattingEventText() {
    GkeEvent.Disruption drain =
        new GkeEvent.Disruption(
            "POD_NOT_ENOUGH_PDB",
            "gke-checkout-pool-1-<!here>",
            List.of(new GkeEvent.PodRef("pay ments", "*api*-0")),
            "");
    GkeEvent.UpgradeInfo event =
        new GkeEvent.UpgradeInfo(
            "NODE_POOL", "", "", "", "", "", "", "STARTED", "", "DISRUPTION_EVENT", "", "", drain);
    Assessment a = assessor.assess(cluster("1.33.5-gke.100"), event);
    Blocker.PodDisruption pdb = a.blocker(Blocker.PodDisruption.class).orElseThrow();

    Message korean = new GuidanceRenderer(Language.KO, NOW).renderDisruption(a, pdb);

    assertThat(korean.title()).isEqualTo("PodDisruptionBudget 때문에 노드 드레인 보류: 클러스터 checkout");
    String text = korean.plainText();
    assertThat(text).contains("pay ments/*api*-0");
    assertThat(text).contains("kubectl describe pdb -n 'pay ments'");
    assertThat(text)
        .contains(
            "kubectl get pods --all-namespaces -o wide --field-selector"
                + " spec.nodeName='gke-checkout-pool-1-<!here>'");
    assertThat(text).contains("ALLOWED DISRUPTIONS가 0인 예산");
    assertThat(korean.blocks().stream().anyMatch(b -> b instanceof Block.Fields)).isTrue();
  }

  @Test
  void endOfSupport_isSaidAgainstToday_futureAndPast() {
    ClusterInfo docker =
        cluster("1.31.4-gke.100", new NodePoolInfo("p", "COS", "1.31.4-gke.100", 3));
    GkeEvent.UpgradeInfo coming =
        new GkeEvent.UpgradeInfo(
            "MASTER",
            "",
            "",
            "",
            "1.31.4-gke.100",
            "",
            "",
            "",
            "",
            "END_OF_SUPPORT",
            "2026-12-21T00:00:00Z",
            "");
    GkeEvent.UpgradeInfo gone =
        new GkeEvent.UpgradeInfo(
            "MASTER",
            "",
            "",
            "",
            "1.31.4-gke.100",
            "",
            "",
            "",
            "",
            "END_OF_SUPPORT",
            "2026-11-29T00:00:00Z",
            "");

    String future = render(Language.EN, assessor.assess(docker, coming));
    String past = render(Language.KO, assessor.assess(docker, gone));

    assertThat(future)
        .contains(
            "End of support: GKE ends standard support for 1.31 on 2026-12-21, in 20 days. On that"
                + " day it upgrades this cluster to the next minor anyway, past every pause");
    assertThat(past).contains("GKE의 1.31 표준 지원이 2026년 11월 29일에 종료되었습니다(2일 전).");
  }
}
