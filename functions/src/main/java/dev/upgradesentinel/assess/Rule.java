package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.InsightsRead;
import java.util.List;
import java.util.Objects;

/** One reason GKE may hold an upgrade, checked against what is known of a cluster. Pure. */
public interface Rule {

  /** The blockers this rule finds; empty when it finds none. */
  List<Blocker> blockers(Input input);

  /**
   * What a rule may read.
   *
   * @param cluster the cluster as read from the GKE API
   * @param trigger the notification's event, or {@code null} for on-demand checks
   * @param insights the deprecation insights of the cluster's project and location, or why none
   */
  record Input(ClusterInfo cluster, GkeEvent trigger, InsightsRead insights) {
    public Input {
      Objects.requireNonNull(cluster, "cluster == null");
      Objects.requireNonNull(insights, "insights == null");
    }
  }
}
