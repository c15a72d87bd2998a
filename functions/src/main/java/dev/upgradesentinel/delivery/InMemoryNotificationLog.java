package dev.upgradesentinel.delivery;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.sinks.Receipt;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A notification log in this instance's memory, for the demo and tests. It is not durable: a
 * restart forgets every finding (and posts them again), and instances do not share it, so
 * duplicates handled by two instances may both post. Production uses Firestore.
 */
public final class InMemoryNotificationLog implements NotificationLog {

  /**
   * One send record: {@code receipt} is set once sent; until then the lease holds. {@code
   * uncertainSince} is when the first attempt whose outcome is unknown began, or {@code null}.
   */
  private record Send(
      String owner,
      Instant claimedAt,
      Instant leaseUntil,
      Receipt receipt,
      Instant uncertainSince) {}

  private final Map<String, ClusterRecord> clusters = new HashMap<>(); // guarded by this
  private final Map<String, Send> sends = new HashMap<>(); // guarded by this
  private final InsightLedger insightLedger = new InMemoryInsightLedger();

  @Override
  public synchronized ClusterRecord update(
      ClusterRef cluster, UnaryOperator<ClusterRecord> change, Deadline deadline) {
    String key = ClusterRecord.key(cluster);
    ClusterRecord next = change.apply(clusters.get(key));
    if (next != null) {
      clusters.put(key, next);
    }
    return next;
  }

  @Override
  public synchronized Claim claim(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      Instant now,
      Instant leaseUntil,
      Deadline deadline) {
    String key = sendKey(cluster, actionKey, sink);
    Send send = sends.get(key);
    if (send != null && send.receipt() != null) {
      return Claim.done(send.receipt());
    }
    if (send != null && now.isBefore(send.leaseUntil())) {
      return Claim.busy();
    }
    // An expired claim that was not released crashed: whether it sent is unknown.
    Instant uncertainSince =
        send == null
            ? null
            : send.uncertainSince() != null ? send.uncertainSince() : send.claimedAt();
    sends.put(key, new Send(owner, now, leaseUntil, null, uncertainSince));
    return Claim.claimed(Optional.ofNullable(uncertainSince));
  }

  @Override
  public synchronized boolean renew(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      Instant leaseUntil,
      Deadline deadline) {
    String key = sendKey(cluster, actionKey, sink);
    Send send = sends.get(key);
    if (send == null || send.receipt() != null || !send.owner().equals(owner)) {
      return false;
    }
    sends.put(key, new Send(owner, send.claimedAt(), leaseUntil, null, send.uncertainSince()));
    return true;
  }

  @Override
  public synchronized void complete(
      ClusterRef cluster,
      String actionKey,
      String sink,
      Receipt receipt,
      Instant now,
      Deadline deadline) {
    sends.put(sendKey(cluster, actionKey, sink), new Send("", now, now, receipt, null));
  }

  @Override
  public synchronized void release(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      boolean outcomeUnknown,
      Instant now,
      Deadline deadline) {
    String key = sendKey(cluster, actionKey, sink);
    Send send = sends.get(key);
    if (send == null || send.receipt() != null || !send.owner().equals(owner)) {
      return;
    }
    Instant uncertainSince =
        send.uncertainSince() != null
            ? send.uncertainSince()
            : outcomeUnknown ? send.claimedAt() : null;
    if (uncertainSince == null) {
      sends.remove(key);
    } else {
      sends.put(key, new Send("", send.claimedAt(), now, null, uncertainSince));
    }
  }

  @Override
  public synchronized Optional<Receipt> receipt(
      ClusterRef cluster, String actionKey, String sink, Deadline deadline) {
    return Optional.ofNullable(sends.get(sendKey(cluster, actionKey, sink))).map(Send::receipt);
  }

  private static String sendKey(ClusterRef cluster, String actionKey, String sink) {
    return ClusterRecord.key(cluster) + "/" + actionKey + "~" + sink;
  }

  @Override
  public InsightLedger insightLedger() {
    return insightLedger;
  }
}
