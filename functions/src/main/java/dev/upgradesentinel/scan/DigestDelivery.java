package dev.upgradesentinel.scan;

import dev.upgradesentinel.delivery.TransientFailureException;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.sinks.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a scan's results to the sinks as one digest message, never one message per cluster.
 *
 * <p>As with single notifications, a digest goes out when a cluster is blocked or at risk, or a
 * project could not be read; an all-clear scan is posted only with {@code NOTIFY_ON_CLEAR=true}.
 */
public final class DigestDelivery {
  private static final Logger log = Logger.getLogger(DigestDelivery.class.getName());

  private final DigestRenderer renderer;
  private final boolean notifyOnClear;

  public DigestDelivery(DigestRenderer renderer, boolean notifyOnClear) {
    this.renderer = Objects.requireNonNull(renderer, "renderer == null");
    this.notifyOnClear = notifyOnClear;
  }

  /** The digest of a scan, or of one batch of it. */
  public Message render(ScanRequest request, ScanResult result) {
    TreeMap<String, String> errors = new TreeMap<>();
    result.errors().forEach(e -> errors.put(e.project(), e.message()));
    return renderer.render(
        request.scanId(), request.batch(), request.batches(), result.projects(), result.assessments(), errors);
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
    String context = "scan=" + request.scanId() + " batch=" + request.batch() + "/" + request.batches();
    if (!worthSending) {
      log.info("No digest, nothing needs action " + context);
      return false;
    }
    Message digest = render(request, result);
    List<String> failed = new ArrayList<>();
    TransientFailureException first = null;
    for (Sink sink : sinks) {
      try {
        sink.send(digest);
        log.info("Digest sent sink=" + sink.name() + " " + context);
      } catch (TransientFailureException e) {
        log.log(Level.WARNING, "Sink failed to take the digest sink=" + sink.name() + " " + context, e);
        failed.add(sink.name());
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw new TransientFailureException("sinks failed: " + String.join(",", failed) + " " + context, first);
    }
    return true;
  }
}
