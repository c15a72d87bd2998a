package dev.upgradesentinel.delivery;

import dev.upgradesentinel.gke.ClusterRef;
import dev.upgradesentinel.sinks.Receipt;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The memory that makes delivery exactly-once per finding and sink: one record per cluster, and
 * one send record per message and sink, claimed before sending with a lease so that concurrent
 * duplicates send once and a crashed attempt's claim expires.
 *
 * <p>Implementations throw {@link TransientFailureException} when the store is unavailable, so
 * that Pub/Sub redelivers.
 */
public interface NotificationLog {

  /**
   * Replaces the cluster's record with {@code change} applied to it, atomically.
   *
   * @param change pure: it may run more than once when concurrent updates contend; returning its
   *     argument writes nothing
   * @return the record now stored, or {@code null} when there is none
   */
  ClusterRecord update(ClusterRef cluster, UnaryOperator<ClusterRecord> change);

  /**
   * Claims the sending of one message to one sink: granted when nobody claimed it, or when a
   * claim's lease expired without the message being sent.
   *
   * @param owner identifies the claimant, so that only it can release the claim
   */
  Claim claim(ClusterRef cluster, String actionKey, String sink, String owner, Instant now, Instant leaseUntil);

  /** Records that the message went out (or was refused for good), with the sink's receipt. */
  void complete(ClusterRef cluster, String actionKey, String sink, Receipt receipt, Instant now);

  /** Gives up a claim whose sending failed, so that a redelivery may send at once. */
  void release(ClusterRef cluster, String actionKey, String sink, String owner);

  /** The receipt of a message that was sent, such as the first message of a finding. */
  Optional<Receipt> receipt(ClusterRef cluster, String actionKey, String sink);
}
