package dev.upgradesentinel.delivery;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one message to each of its sinks exactly once, for notifications and digests alike: for
 * each sink it claims the send in the notification log, sends, records the receipt, and releases
 * the claim when the send failed, so that a redelivery, on any instance, sends only to the sinks
 * that have not taken the message yet.
 *
 * <p>Every sink is tried, so one failing sink does not keep the message from the others; the first
 * transient failure is thrown after the last sink, and Pub/Sub redelivers.
 */
public final class OnceSender {
  private static final Logger log = Logger.getLogger(OnceSender.class.getName());

  /** How long a duplicate waits for the delivery holding a claim before asking for redelivery. */
  private static final Duration MAX_BUSY_WAIT = Duration.ofSeconds(5);

  private static final Duration BUSY_POLL = Duration.ofMillis(200);

  private final NotificationLog notificationLog;
  private final Clock clock;

  public OnceSender(NotificationLog notificationLog, Clock clock) {
    this.notificationLog = Objects.requireNonNull(notificationLog, "notificationLog == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * One sink's part of a message.
   *
   * @param sink where it goes; its name keys the claim
   * @param context what the log lines about this send add, such as the message's language
   * @param send delivers the message, after the claim was granted; throws as {@link Sink#deliver}
   */
  public record Outgoing(Sink sink, String context, Supplier<Receipt> send) {
    public Outgoing {
      Objects.requireNonNull(sink, "sink == null");
      Objects.requireNonNull(context, "context == null");
      Objects.requireNonNull(send, "send == null");
    }
  }

  /**
   * Sends the message keyed by {@code actionKey} to every sink of {@code outgoing} that has not
   * taken it yet.
   *
   * @param key the record the claims belong to: the cluster, or a scan standing in for one
   * @param lease how long a claim holds: longer than an attempt, so only a crashed attempt's claim
   *     expires
   * @param context what every log line about this message says
   * @throws TransientFailureException when a sink failed in a way a retry may fix, or another
   *     delivery held a claim past the wait; the sinks that took the message are recorded
   */
  public void send(
      ClusterRef key,
      String actionKey,
      Duration lease,
      Deadline deadline,
      List<Outgoing> outgoing,
      String context) {
    String owner = UUID.randomUUID().toString();
    List<String> failed = new ArrayList<>();
    TransientFailureException first = null;
    for (Outgoing out : outgoing) {
      String about = context + out.context();
      try {
        sendOnce(key, actionKey, lease, deadline, owner, out, about);
      } catch (TransientFailureException e) {
        log.log(
            Level.WARNING,
            "Sink failed, the message will be redelivered: sink=" + out.sink().name() + " " + about,
            e);
        failed.add(out.sink().name());
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw new TransientFailureException(
          "sinks failed: " + String.join(",", failed) + " " + context, first);
    }
  }

  private void sendOnce(
      ClusterRef key,
      String actionKey,
      Duration lease,
      Deadline deadline,
      String owner,
      Outgoing out,
      String about) {
    String sink = out.sink().name();
    Claim claim = claim(key, actionKey, sink, owner, lease, deadline);
    if (claim.state() == Claim.State.DONE) {
      log.info("Already sent: sink=" + sink + " " + about);
      return;
    }
    if (claim.state() == Claim.State.BUSY) {
      throw new TransientFailureException(
          "another delivery is still sending sink=" + sink + " " + about);
    }
    Deadline recording = deadline.withGrace(NotificationLog.RECORD_GRACE);
    Receipt receipt;
    try {
      receipt = out.send().get();
    } catch (RuntimeException e) {
      try {
        notificationLog.release(key, actionKey, sink, owner, recording);
      } catch (RuntimeException releaseFailure) {
        // The lease expires on its own; the redelivery then claims again.
        e.addSuppressed(releaseFailure);
      }
      throw e;
    }
    notificationLog.complete(key, actionKey, sink, receipt, clock.instant(), recording);
    log.info("Sent: sink=" + sink + " outcome=" + receipt.outcome() + " " + about);
  }

  /** Claims the send, waiting a little while another delivery holds it: it usually ends soon. */
  private Claim claim(
      ClusterRef key,
      String actionKey,
      String sink,
      String owner,
      Duration lease,
      Deadline deadline) {
    Deadline wait = Deadline.after(deadline.cap(MAX_BUSY_WAIT));
    while (true) {
      Instant now = clock.instant();
      Claim claim =
          notificationLog.claim(key, actionKey, sink, owner, now, now.plus(lease), deadline);
      if (claim.state() != Claim.State.BUSY || wait.remaining().compareTo(BUSY_POLL) < 0) {
        return claim;
      }
      try {
        Thread.sleep(BUSY_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientFailureException("interrupted while waiting for another delivery", e);
      }
    }
  }
}
