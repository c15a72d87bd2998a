package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.UpgradeStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every rule on a cluster and gives the verdict of the worst blocker found: BLOCKED over
 * AT_RISK; with none, CLEAR, or NOT_APPLICABLE for an Autopilot cluster. Pure: no I/O, no clock.
 */
public final class Assessor {
  private static final InsightsRead NOT_ASKED = InsightsRead.off("not asked for");

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

  private static Verdict verdict(ClusterInfo cluster, List<Blocker> blockers) {
    if (blockers.isEmpty()) {
      return cluster.autopilot() ? Verdict.NOT_APPLICABLE : Verdict.CLEAR;
    }
    return blockers.stream().anyMatch(b -> b.verdict() == Verdict.BLOCKED)
        ? Verdict.BLOCKED
        : Verdict.AT_RISK;
  }
}
