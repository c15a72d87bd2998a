package dev.upgradesentinel.scan;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.delivery.OnceSender;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Sink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
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

  private final DigestRenderer renderer;
  private final boolean notifyOnClear;
  private final OnceSender sender;

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
    this.sender =
        new OnceSender(
            Objects.requireNonNull(sent, "sent == null"),
            Objects.requireNonNull(clock, "clock == null"));
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
    Deadline deadline = Deadline.after(Sink.DEFAULT_SEND_TIME);
    List<OnceSender.Outgoing> outgoing = new ArrayList<>();
    String actionKey = "digest-b" + request.batch();
    // Keyed like a finding's message, so a sink that can look for an earlier attempt's post can.
    Delivery delivery =
        new Delivery(
            Delivery.Kind.NEW,
            digest,
            Optional.empty(),
            deadline,
            "",
            Optional.empty(),
            request.scanId() + "/" + actionKey);
    for (Sink sink : sinks) {
      outgoing.add(
          new OnceSender.Outgoing(sink, "", earlier -> sink.deliver(delivery.after(earlier))));
    }
    sender.send(scan, actionKey, deadline, outgoing, "digest " + context);
    return true;
  }
}
