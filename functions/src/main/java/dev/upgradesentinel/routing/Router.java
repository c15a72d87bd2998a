package dev.upgradesentinel.routing;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.ClusterInfo;
import java.util.List;

/** Chooses the sinks a finding goes to, and the language of the message each one gets. */
public interface Router {

  /**
   * The recipients of a message about a cluster, each sink at most once, in a stable order.
   *
   * @param cluster the cluster, with its resource labels
   * @param verdict the verdict to route by; for a resolution, the verdict the finding had before it
   *     cleared, so the resolution reaches the sinks that got the finding
   * @return the recipients; empty when the config routes this finding nowhere
   */
  List<Recipient> recipients(ClusterInfo cluster, Verdict verdict);
}
