package dev.upgradesentinel.assess;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.MaintenancePolicy;
import dev.upgradesentinel.model.UpgradeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GKE's paused reasons explained by the cluster's own policy, and the next maintenance window. */
class HoldsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z"); // a Monday

  private static UpgradeInfo paused(String... reasons) {
    return new UpgradeInfo(
        List.of("MINOR_UPGRADE_PAUSED"),
        List.of(reasons),
        Optional.of("1.33.5-gke.1308000"),
        Optional.of("1.32.9-gke.1308000"),
        Optional.of(Instant.parse("2026-12-22T00:00:00Z")),
        Optional.of(Instant.parse("2027-06-22T00:00:00Z")),
        List.of(),
        Optional.empty());
  }

  private static MaintenancePolicy.Window weekend() {
    return new MaintenancePolicy.Window(
        Optional.empty(),
        Optional.of(Instant.parse("2026-01-03T02:00:00Z")),
        Optional.of(Instant.parse("2026-01-03T08:00:00Z")),
        Optional.of("FREQ=WEEKLY;BYDAY=SA,SU"));
  }

  private static MaintenancePolicy policy(MaintenancePolicy.Exclusion... exclusions) {
    return new MaintenancePolicy(
        Optional.of(weekend()),
        List.of(exclusions),
        Optional.of(
            new MaintenancePolicy.DisruptionBudget(
                Optional.of(Duration.ofDays(30)),
                Optional.of(Duration.ofDays(1)),
                Optional.of(Instant.parse("2026-11-20T04:40:05Z")),
                Optional.of(Instant.parse("2026-12-07T04:40:05Z")))));
  }

  private static MaintenancePolicy.Exclusion exclusion(
      String name, String scope, String end, boolean untilEndOfSupport) {
    return new MaintenancePolicy.Exclusion(
        name,
        scope,
        Optional.of(Instant.parse("2026-09-01T00:00:00Z")),
        Optional.ofNullable(end).map(Instant::parse),
        untilEndOfSupport);
  }

  @Test
  void of_noMinorExclusion_namesItsScopeAndEnd() {
    List<Hold> holds =
        Holds.of(
            paused("MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES"),
            policy(
                exclusion("stay-on-1-32", "NO_MINOR_UPGRADES", "2027-02-01T00:00:00Z", false),
                exclusion("holiday-freeze", "NO_UPGRADES", "2026-12-01T00:00:00Z", false)),
            NOW);

    assertThat(holds)
        .containsExactly(
            new Hold(
                "MAINTENANCE_EXCLUSION",
                "MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES",
                Optional.of("stay-on-1-32"),
                Optional.of("NO_MINOR_UPGRADES"),
                Optional.of(Instant.parse("2027-02-01T00:00:00Z")),
                false));
  }

  @Test
  void of_exclusionUntilEndOfSupportWithoutAnEnd_endsAtTheEndOfStandardSupport() {
    List<Hold> holds =
        Holds.of(
            paused("MAINTENANCE_EXCLUSION_NO_UPGRADES"),
            policy(exclusion("forever", "NO_UPGRADES", null, true)),
            NOW);

    assertThat(holds.get(0).until()).hasValue(Instant.parse("2026-12-22T00:00:00Z"));
    assertThat(holds.get(0).untilEndOfSupport()).isTrue();
  }

  @Test
  void of_exclusionReasonWithoutAnExclusionInThePolicy_stillSaysItHolds() {
    List<Hold> holds = Holds.of(paused("MAINTENANCE_EXCLUSION_NO_UPGRADES"), policy(), NOW);

    assertThat(holds).hasSize(1);
    assertThat(holds.get(0).name()).isEmpty();
    assertThat(holds.get(0).scope()).hasValue("NO_UPGRADES");
    assertThat(holds.get(0).until()).isEmpty();
  }

  @Test
  void of_windowBudgetSystemAndUnknownReasons_eachTheirOwnUntil() {
    List<Hold> holds =
        Holds.of(
            paused(
                "MAINTENANCE_WINDOW",
                "CLUSTER_DISRUPTION_BUDGET",
                "CLUSTER_DISRUPTION_BUDGET_MINOR_UPGRADE",
                "SYSTEM_CONFIG",
                "A_REASON_ADDED_LATER"),
            policy(),
            NOW);

    assertThat(holds.stream().map(Hold::kind).toList())
        .containsExactly(
            "MAINTENANCE_WINDOW", "DISRUPTION_BUDGET", "DISRUPTION_BUDGET", "SYSTEM_CONFIG")
        .inOrder();
    // The next Saturday 02:00 UTC after Monday 2026-12-07.
    assertThat(holds.get(0).until()).hasValue(Instant.parse("2026-12-12T02:00:00Z"));
    assertThat(holds.get(1).until()).hasValue(Instant.parse("2026-12-08T04:40:05Z"));
    assertThat(holds.get(2).until()).hasValue(Instant.parse("2026-12-20T04:40:05Z"));
    assertThat(holds.get(3).until()).isEmpty();
  }

  @Test
  void nextWindowStart_insideAnOccurrence_isThatOccurrencesStart() {
    Instant sundayMorning = Instant.parse("2026-12-13T05:00:00Z");

    assertThat(Holds.nextWindowStart(weekend(), sundayMorning))
        .hasValue(Instant.parse("2026-12-13T02:00:00Z"));
    assertThat(Holds.nextWindowStart(weekend(), Instant.parse("2026-12-13T08:00:00Z")))
        .hasValue(Instant.parse("2026-12-19T02:00:00Z"));
  }

  @Test
  void nextWindowStart_dailyWindow_todayOrTomorrowInUtc() {
    MaintenancePolicy.Window daily =
        new MaintenancePolicy.Window(
            Optional.of("03:00"), Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(Holds.nextWindowStart(daily, NOW)).hasValue(Instant.parse("2026-12-08T03:00:00Z"));
    assertThat(Holds.nextWindowStart(daily, Instant.parse("2026-12-07T01:00:00Z")))
        .hasValue(Instant.parse("2026-12-07T03:00:00Z"));
  }

  @Test
  void nextWindowStart_ruleThatEndedOrCannotBeRead_isEmpty() {
    MaintenancePolicy.Window ended =
        new MaintenancePolicy.Window(
            Optional.empty(),
            Optional.of(Instant.parse("2026-01-03T02:00:00Z")),
            Optional.of(Instant.parse("2026-01-03T08:00:00Z")),
            Optional.of("FREQ=WEEKLY;BYDAY=SA;COUNT=3"));
    MaintenancePolicy.Window broken =
        new MaintenancePolicy.Window(
            Optional.empty(),
            Optional.of(Instant.parse("2026-01-03T02:00:00Z")),
            Optional.of(Instant.parse("2026-01-03T08:00:00Z")),
            Optional.of("FREQ=SOMETIMES"));

    assertThat(Holds.nextWindowStart(ended, NOW)).isEmpty();
    assertThat(Holds.nextWindowStart(broken, NOW)).isEmpty();
  }
}
