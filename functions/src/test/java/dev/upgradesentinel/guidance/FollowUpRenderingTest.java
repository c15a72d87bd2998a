package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reminders, updates and resolutions, in both languages, apart from any sink. */
class FollowUpRenderingTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC);
  private static final Instant FIRST = Instant.parse("2026-11-18T07:00:00Z");
  private static final Assessment BLOCKED = TestAssessments.blockedByControlPlane();

  private static GuidanceRenderer renderer(Language language) {
    return new GuidanceRenderer(language, CLOCK);
  }

  @Test
  void renderReminder_english_saysSinceWhenAndKeepsTheGuidance() {
    Message reminder = renderer(Language.EN).renderReminder(BLOCKED, FIRST);

    assertThat(reminder.title()).startsWith("Reminder: GKE upgrade blocked");
    assertThat(reminder.plainText()).contains("first reported on 2026-11-18 and is still open");
    assertThat(reminder.blocks())
        .containsAtLeastElementsIn(renderer(Language.EN).render(BLOCKED).blocks())
        .inOrder();
  }

  @Test
  void renderReminder_korean_usesKoreanDate() {
    Message reminder = renderer(Language.KO).renderReminder(BLOCKED, FIRST);

    assertThat(reminder.title()).startsWith("다시 알림: ");
    assertThat(reminder.plainText()).contains("2026년 11월 18일에 처음 보고된 문제가 아직 해결되지 않았습니다");
  }

  @Test
  void renderUpdate_namesVerdictChangeAndMigratedPools() {
    Message update =
        renderer(Language.EN)
            .renderUpdate(BLOCKED, Verdict.AT_RISK, Map.of("retired-pool", "UBUNTU"), "");

    assertThat(update.title()).startsWith("Update: ");
    assertThat(update.plainText()).contains("Verdict: AT_RISK → BLOCKED");
    assertThat(update.plainText()).contains("Migrated or removed: node pool retired-pool (UBUNTU)");
  }

  @Test
  void renderUpdate_korean_namesChanges() {
    Message update =
        renderer(Language.KO)
            .renderUpdate(BLOCKED, Verdict.AT_RISK, Map.of("retired-pool", "UBUNTU"), "");

    assertThat(update.title()).startsWith("업데이트: ");
    assertThat(update.plainText()).contains("지난 메시지 이후 변경 사항");
    assertThat(update.plainText()).contains("판정: AT_RISK (위험) → BLOCKED (차단됨)");
  }

  @Test
  void renderResolution_saysTheClusterNoLongerUsesDockerImages() {
    Message en = renderer(Language.EN).renderResolution(BLOCKED, Map.of("default-pool", "COS"));
    Message ko = renderer(Language.KO).renderResolution(BLOCKED, Map.of("default-pool", "COS"));

    assertThat(en.title())
        .isEqualTo(
            "Resolved: cluster " + TestAssessments.CLUSTER + " no longer uses Docker-based images");
    assertThat(en.plainText()).contains("default-pool (COS)");
    assertThat(ko.title()).startsWith("해결됨: 클러스터 " + TestAssessments.CLUSTER);
  }
}
