package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.MaintenancePolicy;
import dev.upgradesentinel.model.UpgradeInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * Explains GKE's paused reasons with the cluster's own policy: for each reason, the holds behind
 * it, each with the day it ends. Pure: the moment to reckon from is given.
 */
public final class Holds {
  /** Occurrences looked at for the next window; a weekly rule reaches years ahead with these. */
  private static final int MAX_OCCURRENCES = 1_000;

  private Holds() {}

  /**
   * The holds behind GKE's paused reasons at {@code now}. A reason this code does not know gives no
   * hold (it stays in the answer's paused reasons, shown as it came). An exclusion reason with no
   * exclusion in effect in the policy still gives a hold, without a name, since GKE says it holds.
   */
  public static List<Hold> of(UpgradeInfo info, MaintenancePolicy policy, Instant now) {
    List<Hold> holds = new ArrayList<>();
    for (String reason : info.pausedReasons()) {
      switch (reason) {
        case "MAINTENANCE_EXCLUSION_NO_UPGRADES" ->
            exclusions(holds, reason, policy, now, info, List.of("NO_UPGRADES"));
        case "MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES" ->
            exclusions(
                holds,
                reason,
                policy,
                now,
                info,
                List.of("NO_MINOR_UPGRADES", "NO_MINOR_OR_NODE_UPGRADES"));
        case "MAINTENANCE_WINDOW" ->
            holds.add(
                new Hold(
                    "MAINTENANCE_WINDOW",
                    reason,
                    Optional.empty(),
                    Optional.empty(),
                    policy.window().flatMap(w -> nextWindowStart(w, now)),
                    false));
        case "CLUSTER_DISRUPTION_BUDGET" ->
            holds.add(
                budget(
                    reason,
                    policy.budget().flatMap(MaintenancePolicy.DisruptionBudget::nextPatchAllowed)));
        case "CLUSTER_DISRUPTION_BUDGET_MINOR_UPGRADE" ->
            holds.add(
                budget(
                    reason,
                    policy.budget().flatMap(MaintenancePolicy.DisruptionBudget::nextMinorAllowed)));
        case "SYSTEM_CONFIG" ->
            holds.add(
                new Hold(
                    "SYSTEM_CONFIG",
                    reason,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    false));
        default -> {}
      }
    }
    return holds;
  }

  private static Hold budget(String reason, Optional<Instant> until) {
    return new Hold("DISRUPTION_BUDGET", reason, Optional.empty(), Optional.empty(), until, false);
  }

  private static void exclusions(
      List<Hold> holds,
      String reason,
      MaintenancePolicy policy,
      Instant now,
      UpgradeInfo info,
      List<String> scopes) {
    boolean found = false;
    for (MaintenancePolicy.Exclusion exclusion : policy.exclusionsAt(now)) {
      if (!scopes.contains(exclusion.scope())) {
        continue;
      }
      found = true;
      Optional<Instant> until =
          exclusion.end().isPresent() || !exclusion.untilEndOfSupport()
              ? exclusion.end()
              : info.endOfStandardSupport();
      holds.add(
          new Hold(
              "MAINTENANCE_EXCLUSION",
              reason,
              Optional.of(exclusion.name()),
              Optional.of(exclusion.scope()),
              until,
              exclusion.untilEndOfSupport()));
    }
    if (!found) {
      holds.add(
          new Hold(
              "MAINTENANCE_EXCLUSION",
              reason,
              Optional.empty(),
              Optional.of(scopes.get(0)),
              Optional.empty(),
              false));
    }
  }

  /**
   * The start of the first occurrence of the window that has not ended at {@code now}: the start of
   * the one open now, or of the next. Empty when the window has no occurrence left or cannot be
   * read (an RRULE this library refuses).
   */
  public static Optional<Instant> nextWindowStart(MaintenancePolicy.Window window, Instant now) {
    if (window.dailyStartTime().isPresent()) {
      try {
        LocalTime start = LocalTime.parse(window.dailyStartTime().get());
        Instant today =
            now.atOffset(ZoneOffset.UTC).toLocalDate().atTime(start).toInstant(ZoneOffset.UTC);
        return Optional.of(today.isBefore(now) ? today.plus(Duration.ofDays(1)) : today);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (window.start().isEmpty()) {
      return Optional.empty();
    }
    Instant first = window.start().get();
    Duration length = window.end().map(end -> Duration.between(first, end)).orElse(Duration.ZERO);
    if (window.recurrence().isEmpty()) {
      return first.plus(length).isAfter(now) ? Optional.of(first) : Optional.empty();
    }
    RecurrenceRuleIterator occurrences;
    try {
      occurrences =
          new RecurrenceRule(window.recurrence().get())
              .iterator(new DateTime(TimeZone.getTimeZone("UTC"), first.toEpochMilli()));
    } catch (InvalidRecurrenceRuleException | IllegalArgumentException e) {
      return Optional.empty();
    }
    occurrences.fastForward(now.minus(length).toEpochMilli());
    for (int i = 0; i < MAX_OCCURRENCES && occurrences.hasNext(); i++) {
      Instant start = Instant.ofEpochMilli(occurrences.nextMillis());
      if (start.plus(length).isAfter(now)) {
        return Optional.of(start);
      }
    }
    return Optional.empty();
  }
}
