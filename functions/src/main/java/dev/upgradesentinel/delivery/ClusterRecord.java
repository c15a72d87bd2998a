package dev.upgradesentinel.delivery;

import dev.upgradesentinel.model.ClusterRef;
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
 * @param threadKey the key of the message that opened the finding, which later ones refer to; empty
 *     when there is none
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
   * Identifies the open finding across sinks and instances, from its first message to its
   * resolution: {@code gus-} and 16 hex digits of a SHA-256 of the cluster and the thread's key.
   * Empty when the message opens no thread (a notice).
   */
  public String findingId() {
    if (threadKey.isEmpty()) {
      return "";
    }
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  (key(cluster()) + "\n" + threadKey)
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "gus-" + java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The log's key for a cluster. Readable in the Firestore console; {@code ~} appears in no
   * project, location or cluster name, and no part contains {@code /}.
   */
  public static String key(ClusterRef cluster) {
    return cluster.project() + "~" + cluster.location() + "~" + cluster.name();
  }
}
