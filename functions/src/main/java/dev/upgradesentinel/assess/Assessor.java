package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs every rule on a cluster and gives the verdict of the worst blocker found: BLOCKED over
 * AT_RISK; with none, CLEAR, or NOT_APPLICABLE for an Autopilot cluster. Pure: no I/O, no clock.
 */
public final class Assessor {
  private static final InsightsRead NOT_ASKED = InsightsRead.off("not asked for");

  /** How close to the end of support an open blocker becomes a collision with it, by default. */
  public static final Duration DEFAULT_END_OF_SUPPORT_WARNING = Duration.ofDays(30);

  private final Duration endOfSupportWarning;

  /** An assessor that warns {@link #DEFAULT_END_OF_SUPPORT_WARNING} before the end of support. */
  public Assessor() {
    this(DEFAULT_END_OF_SUPPORT_WARNING);
  }

  /**
   * @param endOfSupportWarning how close to the end of support an open blocker is said to collide
   *     with GKE's upgrade that day ({@code END_OF_SUPPORT_WARNING_DAYS})
   */
  public Assessor(Duration endOfSupportWarning) {
    this.endOfSupportWarning =
        Objects.requireNonNull(endOfSupportWarning, "endOfSupportWarning == null");
  }

  /** Docker's first: messages and reports list the blockers in this order. */
  private final List<Rule> rules =
      List.of(new DockerRule(), new WindowsRule(), new DeprecationRule(), new PdbRule());

  /** Assesses a cluster without an event or insights. */
  public Assessment assess(ClusterInfo cluster) {
    return assess(cluster, null, NOT_ASKED);
  }

  /**
   * Assesses a cluster in the light of the event that triggered the check, without insights.
   *
   * @param trigger the notification's event, or {@code null}
   */
  public Assessment assess(ClusterInfo cluster, GkeEvent trigger) {
    return assess(cluster, trigger, NOT_ASKED);
  }

  /**
   * Assesses a cluster with everything known of it.
   *
   * @param trigger the notification's event, or {@code null}
   * @param insights the deprecation insights of its project and location, or why none were read
   */
  public Assessment assess(ClusterInfo cluster, GkeEvent trigger, InsightsRead insights) {
    Rule.Input input = new Rule.Input(cluster, trigger, insights);
    List<Blocker> blockers = new ArrayList<>();
    for (Rule rule : rules) {
      blockers.addAll(rule.blockers(input));
    }
    return new Assessment(
        cluster,
        verdict(cluster, blockers),
        trigger,
        blockers,
        insights,
        EndOfSupport.of(cluster, trigger).orElse(null),
        UpgradeStatus.unread("not asked for"));
  }

  /**
   * The assessment with GKE's own answer joined in, and, when the end of support collides with the
   * cluster's holds or open blockers, the blocker that says so: an exclusion that lasts until the
   * end of support or past it, or blockers still open within the warning days before it. Once the
   * day has passed there is nothing left to warn of.
   *
   * @param today the day in UTC the warning days count from
   */
  public Assessment withUpgradeStatus(Assessment a, UpgradeStatus status, LocalDate today) {
    List<Blocker> blockers = new ArrayList<>(a.blockers());
    blockers.removeIf(Blocker.EndOfSupportUpgrade.class::isInstance);
    // From GKE's answer alone: an END_OF_SUPPORT notification's date has its own note already.
    Optional<EndOfSupport> eos = endOfSupport(a.cluster(), status);
    eos.flatMap(day -> collision(a.cluster(), blockers, status, day, today))
        .ifPresent(blockers::add);
    return new Assessment(
        a.cluster(),
        verdict(a.cluster(), blockers),
        a.trigger(),
        blockers,
        a.insights(),
        a.endOfSupport(),
        status);
  }

  /**
   * The end of support GKE's answer gives for the control plane's minor: the end of extended
   * support on the Extended channel, when GKE gives one, else of standard support.
   */
  private static Optional<EndOfSupport> endOfSupport(ClusterInfo cluster, UpgradeStatus status) {
    if (status.info().isEmpty()) {
      return Optional.empty();
    }
    UpgradeInfo info = status.info().get();
    Optional<GkeVersion> version = GkeVersion.tryParse(cluster.controlPlaneVersion());
    boolean extended =
        "EXTENDED".equals(cluster.releaseChannel().toUpperCase(Locale.ROOT))
            && info.endOfExtendedSupport().isPresent();
    Optional<Instant> end = extended ? info.endOfExtendedSupport() : info.endOfStandardSupport();
    if (version.isEmpty() || end.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new EndOfSupport(
            version.get().minor(), LocalDate.ofInstant(end.get(), ZoneOffset.UTC), extended));
  }

  private Optional<Blocker> collision(
      ClusterInfo cluster,
      List<Blocker> blockers,
      UpgradeStatus status,
      EndOfSupport eos,
      LocalDate today) {
    // A day already past is no warning: GKE may upgrade at any time, as every message on such a
    // version says.
    long daysLeft = ChronoUnit.DAYS.between(today, eos.date());
    if (daysLeft < 0) {
      return Optional.empty();
    }
    List<Hold> reaching =
        status.holds().stream()
            .filter(h -> h.kind().equals("MAINTENANCE_EXCLUSION"))
            .filter(
                h ->
                    h.untilEndOfSupport()
                        || h.until()
                            .map(u -> !LocalDate.ofInstant(u, ZoneOffset.UTC).isBefore(eos.date()))
                            .orElse(false))
            .toList();
    // A node pool's own exclusion until the end of support holds that pool to the same day.
    List<Hold> pools = new ArrayList<>();
    List<String> poolRemovals = new ArrayList<>();
    for (NodePoolInfo pool : cluster.nodePools()) {
      if (pool.exclusionUntilEndOfSupport()) {
        pools.add(
            new Hold(
                "MAINTENANCE_EXCLUSION",
                "",
                Optional.of("node pool " + pool.name()),
                Optional.of("NODE_POOL"),
                pool.exclusionEnd()
                    .or(() -> Optional.of(eos.date().atStartOfDay(ZoneOffset.UTC).toInstant())),
                true));
        poolRemovals.add(Commands.removePoolExclusion(cluster.ref(), pool.name()));
      }
    }
    boolean open =
        blockers.stream().anyMatch(b -> !(b instanceof Blocker.PodDisruption))
            && daysLeft <= endOfSupportWarning.toDays();
    if (reaching.isEmpty() && pools.isEmpty() && !open) {
      return Optional.empty();
    }
    String target =
        status
            .info()
            .flatMap(UpgradeInfo::minorTargetVersion)
            .orElseGet(() -> nextMinor(eos.minor()));
    List<String> removals = new ArrayList<>();
    reaching.stream()
        .flatMap(h -> h.name().stream())
        .map(name -> Commands.removeExclusion(cluster.ref(), name))
        .forEach(removals::add);
    removals.addAll(poolRemovals);
    List<Hold> exclusions = new ArrayList<>(reaching);
    exclusions.addAll(pools);
    return Optional.of(
        new Blocker.EndOfSupportUpgrade(
            eos, exclusions, open, Commands.upgradeControlPlane(cluster.ref(), target), removals));
  }

  private static String nextMinor(String minor) {
    int dot = minor.indexOf('.');
    return minor.substring(0, dot + 1) + (Integer.parseInt(minor.substring(dot + 1)) + 1);
  }

  private static Verdict verdict(ClusterInfo cluster, List<Blocker> blockers) {
    if (blockers.isEmpty()) {
      return cluster.autopilot() ? Verdict.NOT_APPLICABLE : Verdict.CLEAR;
    }
    return blockers.stream().anyMatch(b -> b.verdict() == Verdict.BLOCKED)
        ? Verdict.BLOCKED
        : Verdict.AT_RISK;
  }
}
