package dev.upgradesentinel.delivery;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.OutcomeUnknownException;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one message to each of its sinks exactly once, for notifications and digests alike: for
 * each sink it claims the send in the notification log, sends, records the receipt, and releases
 * the claim when the send failed, so that a redelivery, on any instance, sends only to the sinks
 * that have not taken the message yet.
 *
 * <p>A claim's lease is short ({@link #LEASE}) and renewed while the send runs, so a crashed
 * instance holds its messages for seconds, not for an event's whole deadline. A duplicate that
 * finds a live claim fails at once and Pub/Sub redelivers it later; by then the claim is done, or
 * expired and free. The attempt after one whose outcome is unknown (a crash, a request that got no
 * answer) learns when that attempt began, so a sink that can look for the message does so before it
 * posts again.
 *
 * <p>Every sink is tried, so one failing sink does not keep the message from the others; the first
 * transient failure is thrown after the last sink, and Pub/Sub redelivers.
 */
public final class OnceSender {
  private static final Logger log = Logger.getLogger(OnceSender.class.getName());

  /**
   * How long a claim holds without a renewal: a crashed sender's messages are free again this long
   * after its last renewal. The deploy's smallest Pub/Sub retry delay (10 s) is longer, so the
   * redelivery that follows a crash finds the claim free.
   */
  public static final Duration LEASE = Duration.ofSeconds(9);

  /** Renewals run on one daemon thread of the instance; each is a read and a conditional write. */
  private static final ScheduledExecutorService RENEWALS =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "claim-renewal");
            thread.setDaemon(true);
            return thread;
          });

  private final NotificationLog notificationLog;
  private final Clock clock;
  private final Duration lease;

  public OnceSender(NotificationLog notificationLog, Clock clock) {
    this(notificationLog, clock, LEASE);
  }

  /**
   * @param lease how long a claim holds without a renewal; renewed every third of it
   */
  public OnceSender(NotificationLog notificationLog, Clock clock, Duration lease) {
    this.notificationLog = Objects.requireNonNull(notificationLog, "notificationLog == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.lease = Objects.requireNonNull(lease, "lease == null");
  }

  /** Delivers one message to one sink. */
  @FunctionalInterface
  public interface Send {
    /**
     * Sends, after the claim was granted; throws as {@link Sink#deliver}.
     *
     * @param earlierAttempt when an earlier attempt whose outcome is unknown began: the message may
     *     be at the sink already
     */
    Receipt send(Optional<Instant> earlierAttempt);
  }

  /**
   * One sink's part of a message.
   *
   * @param sink where it goes; its name keys the claim
   * @param context what the log lines about this send add, such as the message's language
   * @param send delivers the message
   */
  public record Outgoing(Sink sink, String context, Send send) {
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
   * @param context what every log line about this message says
   * @throws TransientFailureException when a sink failed in a way a retry may fix, or another
   *     delivery holds a claim; the sinks that took the message are recorded
   */
  public void send(
      ClusterRef key,
      String actionKey,
      Deadline deadline,
      List<Outgoing> outgoing,
      String context) {
    String owner = UUID.randomUUID().toString();
    List<String> failed = new ArrayList<>();
    TransientFailureException first = null;
    for (Outgoing out : outgoing) {
      String about = context + out.context();
      try {
        sendOnce(key, actionKey, deadline, owner, out, about);
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
      Deadline deadline,
      String owner,
      Outgoing out,
      String about) {
    String sink = out.sink().name();
    Instant now = clock.instant();
    Claim claim =
        notificationLog.claim(key, actionKey, sink, owner, now, now.plus(lease), deadline);
    if (claim.state() == Claim.State.DONE) {
      log.info("Already sent: sink=" + sink + " " + about);
      return;
    }
    if (claim.state() == Claim.State.BUSY) {
      throw new TransientFailureException(
          "another delivery is sending now, leaving it to a redelivery: sink="
              + sink
              + " "
              + about);
    }
    claim
        .earlierAttempt()
        .ifPresent(
            since ->
                log.info(
                    "An earlier attempt may have sent: sink="
                        + sink
                        + " since="
                        + since
                        + " "
                        + about));
    Deadline recording = deadline.withGrace(NotificationLog.RECORD_GRACE);
    Receipt receipt;
    Renewal renewal = new Renewal(key, actionKey, sink, owner, about);
    try {
      receipt = out.send().send(claim.earlierAttempt());
    } catch (RuntimeException e) {
      renewal.stop();
      try {
        notificationLog.release(
            key, actionKey, sink, owner, OutcomeUnknownException.in(e), clock.instant(), recording);
      } catch (RuntimeException releaseFailure) {
        // The lease expires on its own; the redelivery then claims again.
        e.addSuppressed(releaseFailure);
      }
      throw e;
    }
    renewal.stop();
    notificationLog.complete(key, actionKey, sink, receipt, clock.instant(), recording);
    log.info("Sent: sink=" + sink + " outcome=" + receipt.outcome() + " " + about);
  }

  /**
   * Renews a claim every third of its lease while its send runs. {@link #stop} waits for a renewal
   * under way, so none lands after the send's outcome is recorded.
   */
  private final class Renewal implements Runnable {
    private final ClusterRef key;
    private final String actionKey;
    private final String sink;
    private final String owner;
    private final String about;
    private final ScheduledFuture<?> schedule;
    private boolean stopped; // guarded by this

    Renewal(ClusterRef key, String actionKey, String sink, String owner, String about) {
      this.key = key;
      this.actionKey = actionKey;
      this.sink = sink;
      this.owner = owner;
      this.about = about;
      long every = lease.dividedBy(3).toMillis();
      this.schedule = RENEWALS.scheduleWithFixedDelay(this, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void run() {
      if (stopped) {
        return;
      }
      try {
        Instant until = clock.instant().plus(lease);
        if (!notificationLog.renew(
            key, actionKey, sink, owner, until, Deadline.after(lease.dividedBy(3)))) {
          log.warning("The claim was lost while sending: sink=" + sink + " " + about);
          stopped = true;
        }
      } catch (RuntimeException e) {
        // The next renewal tries again; the lease has two more thirds to run.
        log.log(Level.WARNING, "Could not renew the claim: sink=" + sink + " " + about, e);
      }
    }

    synchronized void stop() {
      stopped = true;
      schedule.cancel(false);
    }
  }
}
