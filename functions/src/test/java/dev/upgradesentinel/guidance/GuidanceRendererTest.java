package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;
import static dev.upgradesentinel.guidance.TestAssessments.CLUSTER;
import static dev.upgradesentinel.guidance.TestAssessments.cluster;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Cause;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.model.GkeEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuidanceRendererTest {
  private static final Clock BEFORE_END_OF_SUPPORT = at("2023-05-01T12:00:00Z");
  private static final Clock BETWEEN_END_OF_SUPPORT_AND_MIGRATION = at("2023-08-15T12:00:00Z");
  private static final Clock AFTER_ALL_DATES = at("2026-11-25T07:00:00Z");

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static String english(Assessment a, Clock clock) {
    return new GuidanceRenderer(Language.EN, clock).render(a).plainText();
  }

  private static String korean(Assessment a, Clock clock) {
    return new GuidanceRenderer(Language.KO, clock).render(a).plainText();
  }

  @Test
  void render_blocked_namesProjectLocationClusterAndConsoleLink() {
    Assessment a = TestAssessments.blockedByControlPlane();

    Message message = new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).render(a);

    assertThat(message.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(message.summary()).contains("blocked");
    assertThat(message.summary()).contains(CLUSTER);
    Block.Fields fields = (Block.Fields) message.blocks().get(0);
    assertThat(fields.plainText()).contains("Project: shop-prod");
    assertThat(fields.plainText()).contains("Location: us-central1");
    assertThat(fields.plainText()).contains("Cluster: checkout");
    assertThat(fields.plainText()).contains("Verdict: BLOCKED");
    assertThat(links(message)).contains(a.consoleUrl());
  }

  @Test
  void render_dockerPoolsAndNap_listsReplacementsAndCommands() {
    String text = english(TestAssessments.blockedByControlPlane(), AFTER_ALL_DATES);

    assertThat(text).contains("Docker-based node pools (2)");
    assertThat(text).contains("default-pool: COS → COS_CONTAINERD");
    assertThat(text).contains("batch: UBUNTU → UBUNTU_CONTAINERD");
    assertThat(text)
        .contains(
            "gcloud container clusters upgrade checkout --project=shop-prod"
                + " --location=us-central1 --node-pool=batch --image-type=UBUNTU_CONTAINERD");
    assertThat(text)
        .contains(
            "gcloud container clusters update checkout --project=shop-prod --location=us-central1"
                + " --enable-autoprovisioning --autoprovisioning-image-type=COS_CONTAINERD");
  }

  @Test
  void render_poolBelowContainerdMinimum_saysToUpgradeNodesFirst() {
    Assessment a =
        TestAssessments.docker(
            cluster(CLUSTER, "1.23.17-gke.100", false),
            Verdict.BLOCKED,
            Cause.CONTROL_PLANE_AT_WALL,
            null,
            "1.23.17-gke.100",
            List.of(TestAssessments.poolNeedingNodeUpgrade(CLUSTER, "win")),
            null);

    String english = english(a, AFTER_ALL_DATES);
    String korean = korean(a, AFTER_ALL_DATES);

    String upgradeNodes =
        "gcloud container clusters upgrade checkout --project=shop-prod --location=us-central1"
            + " --node-pool=win\n";
    assertThat(english).contains("below 1.21.1-gke.2200");
    assertThat(english).contains("first upgrade the node version with " + upgradeNodes.strip());
    assertThat(english.indexOf(upgradeNodes))
        .isLessThan(english.indexOf("--node-pool=win --image-type=WINDOWS_LTSC_CONTAINERD"));
    assertThat(korean).contains("최소 버전 1.21.1-gke.2200보다 낮습니다. 먼저");
  }

  @Test
  void render_controlPlaneAtWall_reasonNamesVersion() {
    String reason =
        new GuidanceRenderer(Language.EN, AFTER_ALL_DATES)
            .reason(TestAssessments.blockedByControlPlane());

    assertThat(reason)
        .isEqualTo(
            "The control plane runs 1.23.17-gke.100 (1.23 or later) while Docker-based node"
                + " images, which GKE 1.24 and later do not support, are still used by 2 node pools"
                + " and node auto-provisioning's default image type.");
  }

  @Test
  void render_securityBulletin_namesIdPatchedVersionsAndLink() {
    GkeEvent.SecurityBulletin bulletin =
        TestAssessments.bulletin(
            "A flaw in the kubelet.",
            "https://cloud.google.com/kubernetes-engine/security-bulletins");
    Assessment a = TestAssessments.blockedByBulletin(bulletin);

    Message message = new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).render(a);
    String text = message.plainText();

    assertThat(text).contains("Notification: SecurityBulletinEvent");
    assertThat(text).contains("Security bulletin: GCP-2024-001");
    assertThat(text).contains("Patched in: 1.24.17-gke.200, 1.25.16-gke.100");
    assertThat(text).contains("A flaw in the kubelet.");
    assertThat(links(message)).contains(bulletin.bulletinUri());
    assertThat(new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).reason(a))
        .startsWith(
            "Security bulletin GCP-2024-001 is patched only from version 1.24.17-gke.200 (1.24 or"
                + " later) on");
  }

  @Test
  void render_bulletinUriOffGoogleHosts_isInertTextNotALink() {
    GkeEvent.SecurityBulletin bulletin =
        TestAssessments.bulletin("See https://evil.example/fix.", "https://evil.example/phish");
    Assessment a = TestAssessments.blockedByBulletin(bulletin);

    Message message = new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).render(a);

    assertThat(links(message).stream().filter(url -> url.contains("evil"))).isEmpty();
    assertThat(message.plainText())
        .contains("Bulletin: hxxps[:]//evil[.]example/phish (not linked: not a Google page)");
    assertThat(message.plainText()).contains("See hxxps[:]//evil[.]example/fix.");
    assertThat(message.plainText()).doesNotContain("evil.example");
  }

  @Test
  void render_upgradeInfoEvent_showsItsTypeStateAndDescriptionAsText() {
    GkeEvent.UpgradeInfo info =
        new GkeEvent.UpgradeInfo(
            "MASTER",
            "",
            "",
            "",
            "1.23.17-gke.1700",
            "1.24.17-gke.2200",
            "",
            "STARTED",
            "Version 1.23 reached end of support <!channel> www.evil.example",
            "END_OF_SUPPORT",
            "2023-07-31T00:00:00Z",
            "");
    Assessment blocked = TestAssessments.blockedByControlPlane();
    Assessment a = new Assessment(blocked.cluster(), blocked.verdict(), info, blocked.blockers());

    Message message = new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).render(a);

    assertThat(message.plainText()).contains("Event type: END_OF_SUPPORT\nState: STARTED");
    assertThat(spans(message))
        .contains(Span.text("Version 1.23 reached end of support <!channel> www[.]evil[.]example"));
  }

  @Test
  void render_upgradeEvent_namesEventAndTargetVersion() {
    GkeEvent.Upgrade upgrade =
        new GkeEvent.Upgrade(
            "MASTER", "operation-1", "2026-11-25T06:00:00Z", "1.22.17", "1.24.1-gke.100", "");
    Assessment a =
        TestAssessments.docker(
            cluster(CLUSTER, "1.22.17", false),
            Verdict.BLOCKED,
            Cause.EVENT_TARGETS_WALL,
            upgrade,
            "1.24.1-gke.100",
            List.of(TestAssessments.pool(CLUSTER, "default-pool", "COS", "1.22.17")),
            null);
    GuidanceRenderer renderer = new GuidanceRenderer(Language.EN, AFTER_ALL_DATES);

    assertThat(renderer.reason(a))
        .startsWith("The UpgradeEvent notification targets version 1.24.1-gke.100 (1.24 or later)");
    assertThat(renderer.render(a).plainText()).contains("Target version: 1.24.1-gke.100");
    assertThat(renderer.render(a).plainText()).contains("Current version: 1.22.17");
  }

  @Test
  void render_blocked_includesChecklistDebuggingResumptionAndGuides() {
    Message message =
        new GuidanceRenderer(Language.EN, AFTER_ALL_DATES)
            .render(TestAssessments.blockedByControlPlane());
    String text = message.plainText();

    assertThat(text).contains("privileged Pods that execute Docker commands");
    assertThat(text).contains("ssh");
    assertThat(text).contains("kaniko");
    assertThat(text).contains("crictl");
    assertThat(text).contains("journalctl -u containerd");
    assertThat(text).contains("C:\\etc\\kubernetes\\logs\\containerd.log");
    assertThat(text).contains("LOG NAME container-runtime");
    assertThat(text).contains("resumes automatic upgrades within about a day");
    assertThat(links(message))
        .containsAtLeast(
            "https://cloud.google.com/kubernetes-engine/docs/deprecations/docker-containerd",
            "https://cloud.google.com/kubernetes-engine/docs/how-to/migrate-containerd");
  }

  @Test
  void render_clockBeforeEndOfSupport_speaksOfDatesInFuture() {
    String text = english(TestAssessments.blockedByControlPlane(), BEFORE_END_OF_SUPPORT);

    assertThat(text).contains("Until GKE 1.23 reaches end of support on 2023-07-31");
    assertThat(text).contains("When GKE 1.23 reaches end of support on 2023-07-31");
    assertThat(text).contains("From 2023-09-01, GKE migrates every node pool");
    assertThat(text).contains("To hold the node migration back until 2024-02-29");
    assertThat(text).doesNotContain("reached end of support");
  }

  @Test
  void render_clockAfterAllDates_speaksOfDatesInPast() {
    String text = english(TestAssessments.blockedByControlPlane(), AFTER_ALL_DATES);

    assertThat(text).contains("GKE 1.23 reached end of support on 2023-07-31");
    assertThat(text).contains("Since 2023-09-01, GKE has been migrating every node pool");
    assertThat(text).contains("could hold the node migration back only until 2024-02-29");
    assertThat(text).doesNotContain("reaches end of support");
  }

  @Test
  void render_clockBetweenEndOfSupportAndMigration_mixesTenses() {
    String text =
        english(TestAssessments.blockedByControlPlane(), BETWEEN_END_OF_SUPPORT_AND_MIGRATION);

    assertThat(text).contains("reached end of support on 2023-07-31");
    assertThat(text).contains("From 2023-09-01, GKE migrates every node pool");
  }

  @Test
  void render_clockOnDate_speaksOfItInPast() {
    String text = english(TestAssessments.blockedByControlPlane(), at("2023-07-31T00:00:00Z"));

    assertThat(text).contains("reached end of support on 2023-07-31");
  }

  @Test
  void render_korean_usesSeedTermsAndKoreanDates() {
    String text = korean(TestAssessments.blockedByControlPlane(), AFTER_ALL_DATES);

    assertThat(text).contains("노드 풀");
    assertThat(text).contains("노드 자동 프로비저닝");
    assertThat(text).contains("제어 영역");
    assertThat(text).contains("GKE 버전 1.23은 2023년 7월 31일에 지원 종료되었습니다");
    assertThat(text).contains("2023년 9월 1일부터 Docker를 사용하는 모든 노드 풀을");
    assertThat(text).contains("유지보수 제외");
    assertThat(text).contains("로그 탐색기의 LOG NAME container-runtime");
    assertThat(text).contains("하루 내에 자동 업그레이드가 재개되며");
    assertThat(text).contains("--node-pool=batch --image-type=UBUNTU_CONTAINERD");
    assertThat(text).doesNotContain("end of support");
  }

  @Test
  void render_koreanBeforeEndOfSupport_speaksOfDatesInFuture() {
    String text = korean(TestAssessments.blockedByControlPlane(), BEFORE_END_OF_SUPPORT);

    assertThat(text).contains("GKE 버전 1.23 지원 종료일인 2023년 7월 31일 이전에는");
    assertThat(text).contains("2023년 9월 1일부터 Docker를 사용하는 모든 노드 풀을 containerd 노드 이미지로 마이그레이션합니다.");
    assertThat(text).contains("2024년 2월 29일까지 노드가 일시적으로 마이그레이션되지 않도록");
    assertThat(text).doesNotContain("지원 종료되었습니다");
  }

  @Test
  void render_bothLanguages_haveTheSameShape() {
    Assessment a = TestAssessments.blockedByControlPlane();

    Message english = new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).render(a);
    Message korean = new GuidanceRenderer(Language.KO, AFTER_ALL_DATES).render(a);

    assertThat(kinds(korean)).isEqualTo(kinds(english));
    assertThat(links(korean)).isEqualTo(links(english));
  }

  @Test
  void render_clear_isShortWithoutChecklist() {
    Assessment a =
        new Assessment(cluster(CLUSTER, "1.27.3-gke.100", false), Verdict.CLEAR, null, List.of());

    Message message = new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).render(a);

    assertThat(message.summary()).isEqualTo("No Docker node images: cluster checkout");
    assertThat(message.blocks()).hasSize(2);
    assertThat(message.plainText()).contains("No node pool uses a Docker-based node image");
    assertThat(message.plainText()).doesNotContain("crictl");
  }

  @Test
  void render_autopilot_isShortAndNotApplicable() {
    Assessment a =
        new Assessment(
            cluster(CLUSTER, "1.23.17-gke.100", true), Verdict.NOT_APPLICABLE, null, List.of());

    Message message = new GuidanceRenderer(Language.KO, AFTER_ALL_DATES).render(a);

    assertThat(message.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    assertThat(message.blocks()).hasSize(2);
    assertThat(message.plainText()).contains("판정: NOT_APPLICABLE (해당 없음)");
    assertThat(message.plainText()).contains("Autopilot 클러스터는 항상 containerd 노드 이미지를 사용하므로");
  }

  @Test
  void reason_everyCauseInEveryLanguage_isOneNonEmptyLine() {
    GkeEvent.SecurityBulletin bulletin = TestAssessments.bulletin("", "");
    List<Assessment> assessments =
        List.of(
            TestAssessments.blockedByControlPlane(),
            TestAssessments.blockedByBulletin(bulletin),
            TestAssessments.docker(
                cluster(CLUSTER, "", false),
                Verdict.AT_RISK,
                Cause.BELOW_WALL,
                null,
                "",
                List.of(),
                TestAssessments.nap(CLUSTER)),
            new Assessment(
                cluster(CLUSTER, "1.24.1", true), Verdict.NOT_APPLICABLE, null, List.of()));
    for (Language language : Language.values()) {
      GuidanceRenderer renderer = new GuidanceRenderer(language, AFTER_ALL_DATES);
      for (Assessment a : assessments) {
        String reason = renderer.reason(a);
        assertThat(reason).isNotEmpty();
        assertThat(reason).doesNotContain("\n");
        assertThat(reason).endsWith(".");
      }
    }
    assertThat(new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).reason(assessments.get(2)))
        .isEqualTo(
            "Docker-based node images, which GKE 1.24 and later do not support, are still used by"
                + " node auto-provisioning's default image type: migrate them before the cluster"
                + " (control plane unknown) moves to 1.24.");
  }

  @Test
  void render_untrustedText_staysInTextAndCodeSpans() {
    String hostile = "<!channel> *bold* <https://evil.example|click>";
    GkeEvent.SecurityBulletin bulletin = TestAssessments.bulletin(hostile, "javascript:alert(1)");
    Assessment a =
        TestAssessments.docker(
            cluster(hostile, "1.23.17-gke.100", false),
            Verdict.BLOCKED,
            Cause.CONTROL_PLANE_AT_WALL,
            bulletin,
            "1.23.17-gke.100",
            List.of(TestAssessments.pool(hostile, hostile, "COS", "1.23.17-gke.100")),
            null);

    Message message = new GuidanceRenderer(Language.EN, AFTER_ALL_DATES).render(a);

    List<Span> spans = spans(message);
    assertThat(spans).contains(Span.text(hostile));
    assertThat(spans).contains(Span.code(hostile));
    // No link is made from the hostile text; only the console link and the bulletin URI carry it.
    for (Span span : spans) {
      if (span instanceof Span.Link link) {
        assertThat(link.label()).doesNotContain("click");
      }
    }
    assertThat(message.title()).endsWith(hostile);
  }

  private static List<String> kinds(Message message) {
    return message.blocks().stream().map(b -> b.getClass().getSimpleName()).toList();
  }

  private static List<String> links(Message message) {
    return spans(message).stream()
        .filter(Span.Link.class::isInstance)
        .map(s -> ((Span.Link) s).url())
        .toList();
  }

  private static List<Span> spans(Message message) {
    List<Span> spans = new ArrayList<>();
    for (Block block : message.blocks()) {
      if (block instanceof Block.Paragraph paragraph) {
        spans.addAll(paragraph.spans());
      } else if (block instanceof Block.BulletList list) {
        list.items().forEach(item -> spans.addAll(item.spans()));
      } else if (block instanceof Block.Fields fields) {
        fields.fields().forEach(field -> spans.add(field.value()));
      }
    }
    return spans;
  }
}
