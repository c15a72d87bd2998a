package dev.upgradesentinel.routing;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.ClusterInfo;
import java.util.List;

/** Chooses the sinks a message goes to, and the language of the message each one gets. */
public interface Router {

  /**
   * The recipients of a {@link Subject#FINDING finding} about a cluster, each sink at most once, in
   * a stable order.
   *
   * @param cluster the cluster, with its resource labels
   * @param verdict the verdict to route by; for a resolution, the verdict the finding had before it
   *     cleared, so the resolution reaches the sinks that got the finding
   * @return the recipients; empty when the config routes this finding nowhere
   */
  List<Recipient> recipients(ClusterInfo cluster, Verdict verdict);

  /**
   * The recipients of a message of a given kind about a cluster, each sink at most once, in a
   * stable order. This default ignores the kind and routes the message as a finding; {@link
   * RoutingTable} matches it against the routes' {@code kinds}.
   *
   * @param cluster the cluster, with its resource labels
   * @param verdict the verdict to route by; a message other than a finding is routed by the verdict
   *     its sender gives it
   * @param kind what the message is about
   * @return the recipients; empty when the config routes this message nowhere
   */
  default List<Recipient> recipients(ClusterInfo cluster, Verdict verdict, Subject kind) {
    return recipients(cluster, verdict);
  }
}
