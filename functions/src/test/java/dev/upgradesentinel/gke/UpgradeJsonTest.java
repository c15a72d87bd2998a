package dev.upgradesentinel.gke;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.MaintenancePolicy;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GKE's upgrade answers and the maintenance policy, read from the REST API's JSON. */
class UpgradeJsonTest {

  private static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  @Test
  void upgradeInfo_pausedByAnExclusion_keepsEveryFieldAndUnknownReasons() {
    UpgradeInfo info =
        UpgradeJson.upgradeInfo(Fixtures.cluster("upgrade-info/minor-paused-by-exclusion.json"));

    assertThat(info.autoUpgradeStatus()).containsExactly("MINOR_UPGRADE_PAUSED");
    assertThat(info.paused()).isTrue();
    assertThat(info.pausedReasons())
        .containsExactly("MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES", "SOME_REASON_ADDED_LATER")
        .inOrder();
    assertThat(info.minorTargetVersion()).hasValue("1.33.5-gke.1308000");
    assertThat(info.patchTargetVersion()).hasValue("1.32.9-gke.1308000");
    assertThat(info.endOfStandardSupport()).hasValue(Instant.parse("2026-12-22T00:00:00Z"));
    assertThat(info.endOfExtendedSupport()).hasValue(Instant.parse("2027-06-22T00:00:00Z"));
    assertThat(info.upgrades()).hasSize(2);
    assertThat(info.upgrades().get(0).startTime())
        .hasValue(Instant.parse("2026-10-02T03:14:07.123456Z"));
    UpgradeInfo.Upgrade last = info.lastUpgrade().orElseThrow();
    assertThat(last.state()).isEqualTo("FAILED");
    assertThat(last.targetVersion()).isEqualTo("1.32.9-gke.1308000");
    assertThat(last.startType()).isEqualTo("MANUAL");
    assertThat(info.rollbackSafeUntil()).isEmpty();
  }

  @Test
  void upgradeInfo_activeWithNoTargetsAndNumbersForEnums_isReadAsItCame() {
    UpgradeInfo info =
        UpgradeJson.upgradeInfo(json("{\"autoUpgradeStatus\":[1],\"minorTargetVersion\":\"\"}"));

    assertThat(info.autoUpgradeStatus()).containsExactly("1");
    assertThat(info.paused()).isFalse();
    assertThat(info.pausedReasons()).isEmpty();
    assertThat(info.minorTargetVersion()).isEmpty();
    assertThat(info.patchTargetVersion()).isEmpty();
    assertThat(info.lastUpgrade()).isEmpty();
  }

  @Test
  void upgradeInfo_malformedFields_areLeftOutNotThrown() {
    UpgradeInfo info =
        UpgradeJson.upgradeInfo(
            json(
                "{\"autoUpgradeStatus\":\"ACTIVE\",\"endOfStandardSupportTimestamp\":\"soon\","
                    + "\"upgradeDetails\":[\"x\",{\"state\":\"RUNNING\"}]}"));

    assertThat(info.autoUpgradeStatus()).isEmpty();
    assertThat(info.endOfStandardSupport()).isEmpty();
    assertThat(info.upgrades()).hasSize(1);
    assertThat(info.lastUpgrade().orElseThrow().state()).isEqualTo("RUNNING");
  }

  @Test
  void upgradeInfo_rollbackSafeMode_givesTheEndOfTheRollbackWindow() {
    UpgradeInfo info =
        UpgradeJson.upgradeInfo(
            json(
                "{\"rollbackSafeUpgradeStatus\":{\"mode\":\"KCP_MINOR_UPGRADE_ROLLBACK_SAFE_MODE\","
                    + "\"controlPlaneUpgradeRollbackEndTime\":\"2026-12-08T10:00:00Z\","
                    + "\"previousVersion\":\"1.32.9-gke.1308000\"}}"));
    UpgradeInfo regular =
        UpgradeJson.upgradeInfo(
            json("{\"rollbackSafeUpgradeStatus\":{\"mode\":\"MODE_UNSPECIFIED\"}}"));

    assertThat(info.rollbackSafeUntil()).hasValue(Instant.parse("2026-12-08T10:00:00Z"));
    assertThat(regular.rollbackSafeUntil()).isEmpty();
  }

  @Test
  void maintenancePolicy_windowExclusionsAndBudget_areRead() {
    MaintenancePolicy policy =
        UpgradeJson.maintenancePolicy(Fixtures.cluster("upgrade-info/maintenance-policy.json"));

    MaintenancePolicy.Window window = policy.window().orElseThrow();
    assertThat(window.start()).hasValue(Instant.parse("2026-01-03T02:00:00Z"));
    assertThat(window.end()).hasValue(Instant.parse("2026-01-03T08:00:00Z"));
    assertThat(window.recurrence()).hasValue("FREQ=WEEKLY;BYDAY=SA,SU");
    assertThat(window.dailyStartTime()).isEmpty();

    assertThat(policy.exclusions().stream().map(MaintenancePolicy.Exclusion::name).toList())
        .containsExactly("holiday-freeze", "stay-on-1-32", "old-freeze")
        .inOrder();
    MaintenancePolicy.Exclusion freeze = policy.exclusions().get(0);
    assertThat(freeze.scope()).isEqualTo("NO_UPGRADES");
    assertThat(freeze.holdsPatches()).isTrue();
    assertThat(freeze.untilEndOfSupport()).isFalse();
    MaintenancePolicy.Exclusion stay = policy.exclusions().get(1);
    assertThat(stay.scope()).isEqualTo("NO_MINOR_UPGRADES");
    assertThat(stay.holdsPatches()).isFalse();
    assertThat(stay.untilEndOfSupport()).isTrue();
    // No options: the API's default scope.
    assertThat(policy.exclusions().get(2).scope()).isEqualTo("NO_UPGRADES");

    MaintenancePolicy.DisruptionBudget budget = policy.budget().orElseThrow();
    assertThat(budget.minorInterval()).hasValue(Duration.ofDays(30));
    assertThat(budget.patchInterval()).hasValue(Duration.ofDays(1));
    assertThat(budget.nextMinorAllowed()).hasValue(Instant.parse("2026-11-01T03:31:40Z"));
    assertThat(budget.nextPatchAllowed()).hasValue(Instant.parse("2026-11-21T04:40:05Z"));
  }

  @Test
  void maintenancePolicy_exclusionsInEffect_areThoseStartedAndNotEnded() {
    MaintenancePolicy policy =
        UpgradeJson.maintenancePolicy(Fixtures.cluster("upgrade-info/maintenance-policy.json"));

    List<String> now =
        policy.exclusionsAt(Instant.parse("2026-12-07T12:00:00Z")).stream()
            .map(MaintenancePolicy.Exclusion::name)
            .toList();
    List<String> holidays =
        policy.exclusionsAt(Instant.parse("2026-12-20T12:00:00Z")).stream()
            .map(MaintenancePolicy.Exclusion::name)
            .toList();
    List<String> january =
        policy.exclusionsAt(Instant.parse("2027-01-10T00:00:00Z")).stream()
            .map(MaintenancePolicy.Exclusion::name)
            .toList();

    assertThat(now).containsExactly("stay-on-1-32");
    assertThat(holidays).containsExactly("holiday-freeze", "stay-on-1-32");
    assertThat(january).isEmpty();
  }

  @Test
  void maintenancePolicy_dailyWindowOrNone_areRead() {
    MaintenancePolicy daily =
        UpgradeJson.maintenancePolicy(
            json(
                "{\"maintenancePolicy\":{\"window\":{\"dailyMaintenanceWindow\":"
                    + "{\"startTime\":\"03:00\",\"duration\":\"PT4H0M0S\"}}}}"));
    MaintenancePolicy none =
        UpgradeJson.maintenancePolicy(Fixtures.cluster("clusters/autopilot.json"));

    assertThat(daily.window().orElseThrow().dailyStartTime()).isEqualTo(Optional.of("03:00"));
    assertThat(daily.exclusions()).isEmpty();
    assertThat(daily.budget()).isEmpty();
    assertThat(none.exclusions()).isEmpty();
  }
}
