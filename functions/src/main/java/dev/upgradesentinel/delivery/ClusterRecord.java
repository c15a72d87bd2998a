package dev.upgradesentinel.delivery;

import dev.upgradesentinel.gke.ClusterRef;
import dev.upgradesentinel.sinks.Delivery;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The notification log's memory of one cluster: the last finding, whether it is open, and the
 * latest message decided about it, which every sink must deliver exactly once.
 *
 * @param sequence how many messages were decided for the cluster; numbers their keys
 * @param open whether a finding is open (posted and not yet resolved)
 * @param finding the last finding seen
 * @param previous the finding before an update or resolution, for its wording; else {@code null}
 * @param openedAt when the open (or last) finding was first posted
 * @param notifiedAt when the last message was decided; reminders count from it
 * @param action the latest message decided
 * @param actionKey that message's key, unique within the cluster
 * @param threadKey the key of the message that opened the finding, which later ones refer to;
 *     empty when there is none
 */
public record ClusterRecord(
    long sequence,
    boolean open,
    Finding finding,
    Finding previous,
    Instant openedAt,
    Instant notifiedAt,
    Delivery.Kind action,
    String actionKey,
    String threadKey) {

  public ClusterRecord {
    Objects.requireNonNull(finding, "finding == null");
    Objects.requireNonNull(openedAt, "openedAt == null");
    Objects.requireNonNull(notifiedAt, "notifiedAt == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(actionKey, "actionKey == null");
    Objects.requireNonNull(threadKey, "threadKey == null");
  }

  public ClusterRef cluster() {
    return finding.cluster();
  }

  public Optional<Finding> previousFinding() {
    return Optional.ofNullable(previous);
  }

  /**
   * The log's key for a cluster. Readable in the Firestore console; {@code ~} appears in no
   * project, location or cluster name, and no part contains {@code /}.
   */
  public static String key(ClusterRef cluster) {
    return cluster.project() + "~" + cluster.location() + "~" + cluster.name();
  }
}
