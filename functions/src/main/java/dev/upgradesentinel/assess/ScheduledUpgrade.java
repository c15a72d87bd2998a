package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.NodePoolInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An upgrade GKE scheduled, with what would keep it from starting and what would stall or break it.
 *
 * @param event the {@code SCHEDULED} event
 * @param pool the node pool to be upgraded; empty for the control plane
 * @param start when GKE means to start; empty when the event does not say
 * @param minor whether it moves to another minor version
 * @param stoppers the holds from GKE's answer that would keep it from starting: exclusions whose
 *     scope covers it, GKE's own pause, the window it waits for, the disruption budget
 * @param stallers the cluster's open blockers, which the upgrade runs into
 * @param settings the pool's upgrade settings, for the spare quota a surge needs; empty when
 *     unknown or for the control plane
 * @param extraNodes how many nodes the pool's upgrade adds at once, which must fit in the project's
 *     quota: its {@code maxSurge}, or as many as it has when it upgrades blue-green; empty when
 *     unknown
 * @param machineType the pool's machine type; empty when unknown
 * @param upgradeNow the command that upgrades now, by hand; empty when the event names no target
 * @param putOff the command that puts it off with a maintenance exclusion
 */
public record ScheduledUpgrade(
    GkeEvent.UpgradeInfo event,
    Optional<String> pool,
    Optional<Instant> start,
    boolean minor,
    List<Hold> stoppers,
    List<Blocker> stallers,
    Optional<NodePoolInfo.UpgradeSettings> settings,
    Optional<Integer> extraNodes,
    String machineType,
    Optional<String> upgradeNow,
    String putOff) {

  /** How long the exclusion the guidance suggests puts the upgrade off by, from its start. */
  static final int PUT_OFF_DAYS = 14;

  public ScheduledUpgrade {
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(pool, "pool == null");
    Objects.requireNonNull(start, "start == null");
    stoppers = List.copyOf(stoppers);
    stallers = List.copyOf(stallers);
    Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(extraNodes, "extraNodes == null");
    Objects.requireNonNull(machineType, "machineType == null");
    Objects.requireNonNull(upgradeNow, "upgradeNow == null");
    Objects.requireNonNull(putOff, "putOff == null");
  }

  /**
   * The heads-up for a {@code SCHEDULED} event, from the assessment of the cluster that has GKE's
   * answer in it.
   *
   * @param now the moment the exclusion the guidance suggests is reckoned from when the event has
   *     no start
   */
  public static ScheduledUpgrade of(GkeEvent.UpgradeInfo event, Assessment a, Instant now) {
    Optional<String> pool = event.pool();
    Optional<Instant> start = instant(event.startTime());
    Optional<GkeVersion> from = GkeVersion.tryParse(event.currentVersion());
    Optional<GkeVersion> to = GkeVersion.tryParse(event.targetVersion());
    boolean minor =
        from.isPresent() && to.isPresent() && !from.get().minor().equals(to.get().minor());
    boolean nodes = pool.isPresent();
    List<Hold> stoppers = new ArrayList<>();
    for (Hold hold : a.upgradeStatus().holds()) {
      if (stops(hold, minor, nodes)
          && (hold.until().isEmpty()
              || start.isEmpty()
              || hold.until().get().isAfter(start.get()))) {
        stoppers.add(hold);
      }
    }
    Optional<NodePoolInfo> poolInfo = pool.flatMap(a.cluster()::nodePool);
    Optional<String> upgradeNow =
        event.targetVersion().isEmpty()
            ? Optional.empty()
            : Optional.of(
                pool.map(p -> Commands.upgradePool(a.ref(), p, event.targetVersion()))
                    .orElseGet(
                        () -> Commands.upgradeControlPlaneTo(a.ref(), event.targetVersion())));
    Instant end = start.orElse(now).plus(PUT_OFF_DAYS, ChronoUnit.DAYS);
    String putOff =
        Commands.addExclusion(
            a.ref(),
            "put-off-"
                + DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(end),
            minor && !nodes ? "no_minor_upgrades" : "no_upgrades",
            DateTimeFormatter.ISO_INSTANT.format(end.truncatedTo(ChronoUnit.SECONDS)));
    return new ScheduledUpgrade(
        event,
        pool,
        start,
        minor,
        stoppers,
        a.blockers(),
        poolInfo.flatMap(NodePoolInfo::upgradeSettings),
        poolInfo.flatMap(ScheduledUpgrade::extraNodes),
        poolInfo.map(NodePoolInfo::machineType).orElse(""),
        upgradeNow,
        putOff);
  }

  private static Optional<Integer> extraNodes(NodePoolInfo pool) {
    return pool.upgradeSettings()
        .flatMap(
            settings ->
                settings.blueGreen()
                    ? Optional.of(pool.nodeCount()).filter(n -> n > 0)
                    : Optional.of(settings.maxSurge()));
  }

  /** Whether a hold keeps this kind of upgrade from starting. */
  private static boolean stops(Hold hold, boolean minor, boolean nodes) {
    return switch (hold.kind()) {
      case "MAINTENANCE_EXCLUSION" ->
          switch (hold.scope().orElse("NO_UPGRADES")) {
            case "NO_MINOR_UPGRADES" -> minor;
            case "NO_MINOR_OR_NODE_UPGRADES" -> minor || nodes;
            default -> true;
          };
      case "DISRUPTION_BUDGET" -> !nodes;
      default -> true;
    };
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
