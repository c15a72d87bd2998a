package dev.upgradesentinel.delivery;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.sinks.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The memory that makes delivery exactly-once per finding and sink: one record per cluster, and one
 * send record per message and sink, claimed before sending with a lease so that concurrent
 * duplicates send once and a crashed attempt's claim expires.
 *
 * <p>Implementations throw {@link TransientFailureException} when the store is unavailable, so that
 * Pub/Sub redelivers. Every call ends by its {@code deadline}: a store that does not answer in time
 * is a transient failure, never a wait past the event's time.
 */
public interface NotificationLog {

  /**
   * How long past the event's deadline the outcome of a send may still be recorded ({@link
   * #complete}, {@link #release}): a message that went out but was not recorded would be posted
   * again. {@code DELIVERY_DEADLINE} stays below the function's timeout by more than this.
   */
  Duration RECORD_GRACE = Duration.ofSeconds(5);

  /**
   * Replaces the cluster's record with {@code change} applied to it, atomically.
   *
   * @param change pure: it may run more than once when concurrent updates contend; returning its
   *     argument writes nothing
   * @return the record now stored, or {@code null} when there is none
   */
  ClusterRecord update(ClusterRef cluster, UnaryOperator<ClusterRecord> change, Deadline deadline);

  /**
   * Claims the sending of one message to one sink: granted when nobody claimed it, or when a
   * claim's lease expired without the message being sent. A claim taken over from an attempt that
   * crashed, or that was released with its outcome unknown, carries that attempt's start ({@link
   * Claim#earlierAttempt}), and so does every later claim until the message is sent.
   *
   * @param owner identifies the claimant, so that only it can renew or release the claim
   */
  Claim claim(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      Instant now,
      Instant leaseUntil,
      Deadline deadline);

  /**
   * Extends the lease of a claim {@code owner} still holds, while its send runs.
   *
   * @return whether the claim was still the owner's and now holds until {@code leaseUntil}
   */
  boolean renew(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      Instant leaseUntil,
      Deadline deadline);

  /** Records that the message went out (or was refused for good), with the sink's receipt. */
  void complete(
      ClusterRef cluster,
      String actionKey,
      String sink,
      Receipt receipt,
      Instant now,
      Deadline deadline);

  /**
   * Gives up a claim whose sending failed, so that a redelivery may send at once. When the outcome
   * is unknown, or an earlier attempt's was, the record keeps when the first such attempt began.
   *
   * @param outcomeUnknown whether the sink may have taken the message before the failure
   */
  void release(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      boolean outcomeUnknown,
      Instant now,
      Deadline deadline);

  /** The receipt of a message that was sent, such as the first message of a finding. */
  Optional<Receipt> receipt(ClusterRef cluster, String actionKey, String sink, Deadline deadline);

  /** The insight cache, budget and pause, kept in the same store so every instance shares them. */
  InsightLedger insightLedger();
}
