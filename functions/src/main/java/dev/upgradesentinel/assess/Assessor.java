package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.InsightsRead;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every rule on a cluster and gives the verdict of the worst blocker found: BLOCKED over
 * AT_RISK; with none, CLEAR, or NOT_APPLICABLE for an Autopilot cluster. Pure: no I/O, no clock.
 */
public final class Assessor {
  private static final InsightsRead NOT_ASKED = InsightsRead.off("not asked for");

  private final List<Rule> rules = List.of(new WindowsRule(), new DeprecationRule(), new PdbRule());

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
    // Docker first: its plan fills the assessment's Docker fields, whatever the other rules find.
    DockerRule.Outcome docker = DockerRule.evaluate(cluster, trigger);
    List<Blocker> blockers = new ArrayList<>(docker.blockers());
    Rule.Input input = new Rule.Input(cluster, trigger, insights);
    for (Rule rule : rules) {
      blockers.addAll(rule.blockers(input));
    }
    return new Assessment(
        cluster,
        worst(blockers, docker.verdict()),
        docker.cause(),
        trigger,
        docker.wallVersion(),
        docker.pools(),
        docker.nap(),
        blockers,
        insights,
        EndOfSupport.of(cluster, trigger).orElse(null));
  }

  private static Verdict worst(List<Blocker> blockers, Verdict withoutBlockers) {
    if (blockers.stream().anyMatch(b -> b.verdict() == Verdict.BLOCKED)) {
      return Verdict.BLOCKED;
    }
    return blockers.isEmpty() ? withoutBlockers : Verdict.AT_RISK;
  }
}
