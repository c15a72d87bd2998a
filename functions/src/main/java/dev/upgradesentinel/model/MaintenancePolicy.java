package dev.upgradesentinel.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster's maintenance policy, as the cluster itself holds it: the window automatic maintenance
 * may use, the exclusions that keep upgrades out, and the disruption budget that spaces them.
 * Scopes and behaviours are kept as the API spelled them.
 *
 * @param window the maintenance window, when one is set
 * @param exclusions every maintenance exclusion, in the order the API gave them
 * @param budget the cluster disruption budget, when the API reports one
 */
public record MaintenancePolicy(
    Optional<Window> window, List<Exclusion> exclusions, Optional<DisruptionBudget> budget) {

  /** No window, no exclusion, no budget reported. */
  public static final MaintenancePolicy NONE =
      new MaintenancePolicy(Optional.empty(), List.of(), Optional.empty());

  public MaintenancePolicy {
    Objects.requireNonNull(window, "window == null");
    exclusions = List.copyOf(exclusions);
    Objects.requireNonNull(budget, "budget == null");
  }

  /** The exclusions in effect at {@code now}: started, and not ended. */
  public List<Exclusion> exclusionsAt(Instant now) {
    return exclusions.stream().filter(e -> e.inEffectAt(now)).toList();
  }

  /**
   * When automatic maintenance may run: a daily window ({@code dailyMaintenanceWindow}, a start
   * time of day in UTC) or a recurring one ({@code recurringWindow}: a first occurrence's start and
   * end, and an RFC 5545 recurrence rule).
   *
   * @param dailyStartTime the daily window's start, {@code HH:MM} UTC; empty for a recurring one
   * @param start the first occurrence's start of a recurring window
   * @param end the first occurrence's end of a recurring window
   * @param recurrence the recurrence rule, such as {@code FREQ=WEEKLY;BYDAY=SA,SU}; empty when the
   *     window does not recur
   */
  public record Window(
      Optional<String> dailyStartTime,
      Optional<Instant> start,
      Optional<Instant> end,
      Optional<String> recurrence) {
    public Window {
      Objects.requireNonNull(dailyStartTime, "dailyStartTime == null");
      Objects.requireNonNull(start, "start == null");
      Objects.requireNonNull(end, "end == null");
      Objects.requireNonNull(recurrence, "recurrence == null");
    }
  }

  /**
   * A maintenance exclusion.
   *
   * @param name the exclusion's name, as its owners gave it (untrusted text)
   * @param scope {@code NO_UPGRADES} (the API's default when no scope is given), {@code
   *     NO_MINOR_UPGRADES}, {@code NO_MINOR_OR_NODE_UPGRADES}, or a value this code does not know
   * @param start when it begins
   * @param end when it ends; empty when it lasts until the end of support
   * @param untilEndOfSupport whether its end is the end of support of the cluster's current version
   *     ({@code endTimeBehavior: UNTIL_END_OF_SUPPORT})
   */
  public record Exclusion(
      String name,
      String scope,
      Optional<Instant> start,
      Optional<Instant> end,
      boolean untilEndOfSupport) {
    public Exclusion {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(scope, "scope == null");
      Objects.requireNonNull(start, "start == null");
      Objects.requireNonNull(end, "end == null");
    }

    /**
     * Whether it holds at {@code now}: started (or without a start) and not yet ended; one that
     * lasts until the end of support and gives no end holds until GKE ends it.
     */
    public boolean inEffectAt(Instant now) {
      return start.map(s -> !now.isBefore(s)).orElse(true) && end.map(now::isBefore).orElse(true);
    }

    /** Whether it keeps patch upgrades out too, not minor upgrades alone. */
    public boolean holdsPatches() {
      return scope.equals("NO_UPGRADES");
    }
  }

  /**
   * The cluster disruption budget: how far apart GKE spaces automatic upgrades.
   *
   * @param minorInterval the least time between two minor upgrades, when set
   * @param patchInterval the least time between two patch upgrades, when set
   * @param lastMinorDisruption when the last minor upgrade disrupted the cluster
   * @param lastDisruption when the last upgrade of any kind did
   */
  public record DisruptionBudget(
      Optional<Duration> minorInterval,
      Optional<Duration> patchInterval,
      Optional<Instant> lastMinorDisruption,
      Optional<Instant> lastDisruption) {
    public DisruptionBudget {
      Objects.requireNonNull(minorInterval, "minorInterval == null");
      Objects.requireNonNull(patchInterval, "patchInterval == null");
      Objects.requireNonNull(lastMinorDisruption, "lastMinorDisruption == null");
      Objects.requireNonNull(lastDisruption, "lastDisruption == null");
    }

    /** The first moment the budget allows the next minor upgrade, when both parts are known. */
    public Optional<Instant> nextMinorAllowed() {
      return lastMinorDisruption.flatMap(last -> minorInterval.map(last::plus));
    }

    /** The first moment the budget allows the next patch upgrade, when both parts are known. */
    public Optional<Instant> nextPatchAllowed() {
      return lastDisruption.flatMap(last -> patchInterval.map(last::plus));
    }
  }
}
