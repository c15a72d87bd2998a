package dev.upgradesentinel.scan;

import dev.upgradesentinel.delivery.Claim;
import dev.upgradesentinel.delivery.Deadline;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.delivery.TransientFailureException;
import dev.upgradesentinel.gke.ClusterRef;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a scan's results to the sinks as one digest message, never one message per cluster.
 *
 * <p>As with single notifications, a digest goes out when a cluster is blocked or at risk, or a
 * project could not be read; an all-clear scan is posted only with {@code NOTIFY_ON_CLEAR=true}.
 *
 * <p>Each sink's digest of a batch is claimed in the notification log under the scan's id and the
 * batch number before it is sent, as single findings are: a redelivered batch, on any instance,
 * skips the sinks that already took its digest.
 */
public final class DigestDelivery {
  private static final Logger log = Logger.getLogger(DigestDelivery.class.getName());

  /** Longer than any sink's attempt, so only a crashed attempt loses its claim. */
  private static final Duration LEASE = Duration.ofSeconds(90);

  private final DigestRenderer renderer;
  private final boolean notifyOnClear;
  private final NotificationLog sent;
  private final Clock clock;

  /** Digests remembered by this instance only, for answers that are never redelivered. */
  public DigestDelivery(DigestRenderer renderer, boolean notifyOnClear) {
    this(renderer, notifyOnClear, new InMemoryNotificationLog(), Clock.systemUTC());
  }

  /**
   * @param sent the notification log that records which sink took which batch's digest
   */
  public DigestDelivery(
      DigestRenderer renderer, boolean notifyOnClear, NotificationLog sent, Clock clock) {
    this.renderer = Objects.requireNonNull(renderer, "renderer == null");
    this.notifyOnClear = notifyOnClear;
    this.sent = Objects.requireNonNull(sent, "sent == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** The digest of a scan, or of one batch of it. */
  public Message render(ScanRequest request, ScanResult result) {
    TreeMap<String, String> errors = new TreeMap<>();
    result.errors().forEach(e -> errors.put(e.project(), e.message()));
    return renderer.render(
        request.scanId(),
        request.batch(),
        request.batches(),
        result.projects(),
        result.assessments(),
        errors);
  }

  /**
   * Sends the digest to every sink, unless there is nothing to report. Every sink is tried, so one
   * failing sink does not keep the digest from the others.
   *
   * @return whether a digest was sent
   * @throws TransientFailureException when a sink failed in a way a retry may fix
   */
  public boolean deliver(ScanRequest request, ScanResult result, List<Sink> sinks) {
    boolean worthSending =
        notifyOnClear
            || !result.errors().isEmpty()
            || result.assessments().stream().anyMatch(a -> a.verdict().needsAction());
    String context =
        "scan=" + request.scanId() + " batch=" + request.batch() + "/" + request.batches();
    if (!worthSending) {
      log.info("No digest, nothing needs action " + context);
      return false;
    }
    Message digest = render(request, result);
    // The scan stands in for a cluster in the log's keys; no cluster is named "scans~-~...".
    ClusterRef scan = new ClusterRef("scans", "-", request.scanId());
    String action = "digest-b" + request.batch();
    String owner = UUID.randomUUID().toString();
    List<String> failed = new ArrayList<>();
    TransientFailureException first = null;
    for (Sink sink : sinks) {
      try {
        Instant now = clock.instant();
        Deadline deadline = Deadline.after(Sink.DEFAULT_SEND_TIME);
        Claim claim = sent.claim(scan, action, sink.name(), owner, now, now.plus(LEASE), deadline);
        if (claim.state() == Claim.State.DONE) {
          log.info("Digest already sent sink=" + sink.name() + " " + context);
          continue;
        }
        if (claim.state() == Claim.State.BUSY) {
          throw new TransientFailureException(
              "another delivery is sending the digest sink=" + sink.name());
        }
        send(sink, digest, scan, action, owner, deadline);
        log.info("Digest sent sink=" + sink.name() + " " + context);
      } catch (TransientFailureException e) {
        log.log(
            Level.WARNING, "Sink failed to take the digest sink=" + sink.name() + " " + context, e);
        failed.add(sink.name());
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw new TransientFailureException(
          "sinks failed: " + String.join(",", failed) + " " + context, first);
    }
    return true;
  }

  private void send(
      Sink sink, Message digest, ClusterRef scan, String action, String owner, Deadline deadline) {
    try {
      sink.send(digest);
    } catch (RuntimeException e) {
      try {
        sent.release(
            scan, action, sink.name(), owner, deadline.withGrace(NotificationLog.RECORD_GRACE));
      } catch (RuntimeException releaseFailure) {
        // The lease expires on its own; the redelivery then claims again.
        e.addSuppressed(releaseFailure);
      }
      throw e;
    }
    sent.complete(
        scan,
        action,
        sink.name(),
        Receipt.delivered(),
        clock.instant(),
        deadline.withGrace(NotificationLog.RECORD_GRACE));
  }
}
