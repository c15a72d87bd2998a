package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.scan.Clusters;
import dev.upgradesentinel.sinks.slack.SlackMessageRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DigestRendererTest {

  private static List<Assessment> fleet(int blocked, int clear) {
    List<Assessment> all = new ArrayList<>();
    for (int i = 0; i < blocked; i++) {
      all.add(Clusters.blocked(String.format("project-%03d", i / 3), String.format("c%03d", i)));
    }
    for (int i = 0; i < clear; i++) {
      all.add(Clusters.clear("project-clear", String.format("ok%03d", i)));
    }
    return all;
  }

  @Test
  void render_fewClusters_givesEachItsCommandsAndCountsInTheTitle() {
    TreeMap<String, String> errors = new TreeMap<>();
    errors.put("zulu-prod", "PERMISSION_DENIED: no access");

    Message digest =
        new DigestRenderer(Language.EN)
            .render(
                "scan-7",
                2,
                4,
                50,
                List.of(
                    Clusters.blocked("alpha-prod", "payments"),
                    Clusters.atRisk("bravo-prod", "search")),
                errors);

    assertThat(digest.title())
        .isEqualTo("Upgrade blocker scan scan-7 (batch 2 of 4): 1 blocked, 1 at risk");
    assertThat(digest.verdict()).isEqualTo(Verdict.BLOCKED);
    String text = digest.plainText();
    assertThat(text)
        .contains("alpha-prod/us-central1/payments — BLOCKED: default-pool COS → COS_CONTAINERD");
    assertThat(text)
        .contains(
            "bravo-prod/europe-west1-b/search — AT_RISK: default-pool UBUNTU → UBUNTU_CONTAINERD");
    assertThat(text)
        .contains(
            "gcloud container clusters upgrade payments --project=alpha-prod --location=us-central1"
                + " --node-pool=default-pool --image-type=COS_CONTAINERD");
    assertThat(text).contains("zulu-prod: PERMISSION_DENIED: no access");
    assertThat(text).contains("Scanned 50 projects: 2 clusters, 1 blocked, 1 at risk");
  }

  @Test
  void render_hundredsOfClusters_detailsTheFirstListsMoreAndCountsTheRest() {
    Message digest =
        new DigestRenderer(Language.EN)
            .render("scan-8", 1, 1, 200, fleet(300, 40), new TreeMap<>());

    String text = digest.plainText();
    long commandBlocks = digest.blocks().stream().filter(b -> b instanceof Block.CodeBlock).count();
    assertThat(commandBlocks).isEqualTo(DigestRenderer.DETAILED);
    assertThat(text).contains("More clusters that need action (290)");
    assertThat(text).contains("250 more clusters need action, by project: ");
    assertThat(text).contains("and ");
    assertThat(text).contains("CheckFunction");
    assertThat(text).doesNotContain("ok001");
  }

  @Test
  void render_hundredsOfClusters_fitsSlackLimits() {
    Message digest =
        new DigestRenderer(Language.EN).render("scan-8", 1, 1, 200, fleet(300, 0), new TreeMap<>());

    JsonObject slack = new SlackMessageRenderer().render(digest);

    assertThat(slack.getAsJsonArray("blocks").size()).isAtMost(50);
    slack
        .getAsJsonArray("blocks")
        .forEach(b -> assertThat(b.toString().length()).isLessThan(3_500));
  }

  @Test
  void render_korean_usesKoreanWordingAndKeepsCommands() {
    Message digest =
        new DigestRenderer(Language.KO)
            .render(
                "scan-9",
                1,
                3,
                2,
                List.of(Clusters.blocked("alpha-prod", "payments")),
                new TreeMap<>());

    assertThat(digest.title()).isEqualTo("업그레이드 차단 요인 점검 scan-9 (배치 1/3): 차단됨 1개, 위험 0개");
    assertThat(digest.plainText()).contains("BLOCKED (차단됨)");
    assertThat(digest.plainText()).contains("프로젝트 2개 점검");
    assertThat(digest.plainText()).contains("--image-type=COS_CONTAINERD");
  }

  @Test
  void render_nothingNeedsAction_saysSo() {
    Message digest =
        new DigestRenderer(Language.EN)
            .render(
                "scan-10",
                1,
                1,
                1,
                List.of(Clusters.clear("alpha-prod", "ledger")),
                new TreeMap<>());

    assertThat(digest.verdict()).isEqualTo(Verdict.CLEAR);
    assertThat(digest.plainText()).contains("No cluster needs action.");
  }

  @Test
  void render_namesBlockersBeyondDocker_andInsightsNotRead() {
    ClusterInfo catalog =
        new ClusterInfo(
            new ClusterRef("shop-prod", "europe-west1", "catalog"),
            false,
            "1.31.13-gke.100",
            "REGULAR",
            List.of(),
            false,
            "",
            Map.of());
    Insight apis =
        new Insight(
            "projects/1/locations/europe-west1/insightTypes/google.container.DiagnosisInsight/insights/a",
            "DEPRECATION_K8S_1_32_API",
            "",
            "ACTIVE",
            List.of(
                "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/catalog"),
            "",
            Map.of());
    Assessment insight = new Assessor().assess(catalog, null, InsightsRead.read(List.of(apis)));
    Assessment unread =
        new Assessor()
            .assess(
                new ClusterInfo(
                    new ClusterRef("shop-prod", "us-central1", "legacy"),
                    false,
                    "1.23.17-gke.100",
                    "REGULAR",
                    List.of(new NodePoolInfo("default-pool", "COS", "1.23.17-gke.100", 3)),
                    false,
                    "",
                    Map.of()),
                null,
                InsightsRead.unavailable("budget spent"));

    String text =
        new DigestRenderer(Language.EN)
            .render("scan-9", 1, 1, 1, List.of(insight, unread), new TreeMap<>())
            .plainText();

    assertThat(text).contains("Kubernetes APIs removed in 1.32 (DEPRECATION_K8S_1_32_API)");
    assertThat(text).contains("insights not read");
  }

  /** A cluster with GKE's answer: standard support ends {@code days} from 2026-12-07. */
  private static Assessment endingIn(String name, int days, String exclusion) {
    Assessment a = Clusters.clear("shop-prod", name);
    java.time.Instant end =
        java.time.Instant.parse("2026-12-07T00:00:00Z").plus(java.time.Duration.ofDays(days));
    dev.upgradesentinel.model.UpgradeInfo info =
        dev.upgradesentinel.gke.UpgradeJson.upgradeInfo(
            com.google.gson.JsonParser.parseString(
                    "{\"autoUpgradeStatus\":[\"ACTIVE\"],\"endOfStandardSupportTimestamp\":\""
                        + end
                        + "\"}")
                .getAsJsonObject());
    List<dev.upgradesentinel.model.Hold> holds =
        exclusion.isEmpty()
            ? List.of()
            : List.of(
                new dev.upgradesentinel.model.Hold(
                    "MAINTENANCE_EXCLUSION",
                    "MAINTENANCE_EXCLUSION_NO_UPGRADES",
                    java.util.Optional.of(exclusion),
                    java.util.Optional.of("NO_UPGRADES"),
                    java.util.Optional.of(end),
                    false));
    return a.withUpgradeStatus(dev.upgradesentinel.model.UpgradeStatus.read(info, holds));
  }

  @Test
  void render_endsOfSupportWithin30Days_areListedNearestFirst_inBothLanguages() {
    java.time.Clock today =
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-12-07T09:00:00Z"), java.time.ZoneOffset.UTC);
    List<Assessment> fleet =
        List.of(
            endingIn("later", 60, ""),
            endingIn("soon", 21, "<!channel> freeze"),
            endingIn("past", -3, ""),
            endingIn("sooner", 4, ""));

    String english =
        new DigestRenderer(Language.EN, today)
            .render("scan-9", 1, 1, 1, fleet, new TreeMap<>())
            .plainText();
    String korean =
        new DigestRenderer(Language.KO, today)
            .render("scan-9", 1, 1, 1, fleet, new TreeMap<>())
            .plainText();

    assertThat(english).contains("GKE will upgrade these anyway soon (2)");
    assertThat(english)
        .contains(
            "- shop-prod/us-central1/sooner — end of standard support for 1.23 on 2026-12-11 (in 4"
                + " days)\n- shop-prod/us-central1/soon — end of standard support for 1.23 on"
                + " 2026-12-28 (in 21 days), past the exclusion <!channel> freeze");
    assertThat(english).doesNotContain("/later");
    assertThat(english).doesNotContain("/past");
    assertThat(korean).contains("곧 GKE가 어차피 업그레이드할 클러스터 (2개)");
    assertThat(korean).contains("1.23 표준 지원 종료: 2026년 12월 11일 (4일 후)");
  }

  @Test
  void render_announcedPoolUpgradesAndRollbackWindowEnds_areComingFromGke_nearestFirst() {
    java.time.Clock today =
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-12-07T09:00:00Z"), java.time.ZoneOffset.UTC);
    Assessment rollback =
        Clusters.clear("shop-prod", "two-step")
            .withUpgradeStatus(
                dev.upgradesentinel.model.UpgradeStatus.read(
                    dev.upgradesentinel.gke.UpgradeJson.upgradeInfo(
                        com.google.gson.JsonParser.parseString(
                                "{\"autoUpgradeStatus\":[\"ACTIVE\"],"
                                    + "\"rollbackSafeUpgradeStatus\":{\"mode\":"
                                    + "\"KCP_MINOR_UPGRADE_ROLLBACK_SAFE_MODE\","
                                    + "\"controlPlaneUpgradeRollbackEndTime\":"
                                    + "\"2026-12-09T06:00:00Z\"}}")
                            .getAsJsonObject()),
                    List.of()));
    Assessment announced =
        assessedWithPoolStarts(
            "announced",
            java.time.Instant.parse("2026-12-08T03:00:00Z"),
            java.time.Instant.parse("2027-03-01T03:00:00Z"));

    String english =
        new DigestRenderer(Language.EN, today)
            .render("scan-9", 1, 1, 1, List.of(rollback, announced), new TreeMap<>())
            .plainText();
    String korean =
        new DigestRenderer(Language.KO, today)
            .render("scan-9", 1, 1, 1, List.of(rollback, announced), new TreeMap<>())
            .plainText();
    String nothing =
        new DigestRenderer(Language.EN, today)
            .render("scan-9", 1, 1, 1, List.of(Clusters.clear("shop-prod", "c")), new TreeMap<>())
            .plainText();

    assertThat(english).contains("Coming from GKE (2)");
    assertThat(english)
        .contains(
            "- shop-prod/us-central1/announced \u2014 2026-12-08 (in 1 day): GKE starts upgrading"
                + " node pool soon-pool\n- shop-prod/us-central1/two-step \u2014 2026-12-09 (in 2"
                + " days): the control plane can no longer be rolled back");
    assertThat(english).doesNotContain("late-pool");
    assertThat(korean).contains("GKE가 알린 예정 (2개)");
    assertThat(korean).contains("노드 풀 soon-pool GKE 업그레이드 시작");
    assertThat(nothing).doesNotContain("Coming from GKE");
  }

  /** A clear cluster with two pools whose automatic upgrades GKE announced to start then. */
  private static Assessment assessedWithPoolStarts(
      String name, java.time.Instant soon, java.time.Instant late) {
    Assessment a = Clusters.clear("shop-prod", name);
    List<NodePoolInfo> pools =
        List.of(
            new NodePoolInfo(
                "soon-pool",
                "COS_CONTAINERD",
                "1.33.5-gke.1308000",
                3,
                false,
                java.util.Optional.empty(),
                "e2-standard-4",
                java.util.Optional.empty(),
                java.util.Optional.of(soon)),
            new NodePoolInfo(
                "late-pool",
                "COS_CONTAINERD",
                "1.33.5-gke.1308000",
                3,
                false,
                java.util.Optional.empty(),
                "e2-standard-4",
                java.util.Optional.empty(),
                java.util.Optional.of(late)));
    ClusterInfo c = a.cluster();
    return new Assessment(
        new ClusterInfo(
            c.ref(),
            c.autopilot(),
            c.controlPlaneVersion(),
            c.releaseChannel(),
            pools,
            false,
            "",
            Map.of()),
        a.verdict(),
        null,
        List.of());
  }
}
