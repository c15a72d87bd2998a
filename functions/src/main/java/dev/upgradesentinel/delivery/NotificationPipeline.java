package dev.upgradesentinel.delivery;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.events.Decoded;
import dev.upgradesentinel.events.GkeNotification;
import dev.upgradesentinel.events.NotificationDecoder;
import dev.upgradesentinel.gke.ClusterAccessException;
import dev.upgradesentinel.gke.ClusterInfo;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.sinks.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Handles one GKE notification from start to end: decode, read the cluster, assess, render, send.
 *
 * <p>Returns normally when the message is done with, delivered or not deliverable ever; throws
 * {@link TransientFailureException} when a later delivery of the same message may succeed.
 */
public final class NotificationPipeline {
  private static final Logger log = Logger.getLogger(NotificationPipeline.class.getName());

  private final NotificationDecoder decoder = new NotificationDecoder();
  private final Assessor assessor = new Assessor();
  private final RecentMessages recent = new RecentMessages(10_000);
  private final ClusterSource clusters;
  private final GuidanceRenderer renderer;
  private final List<Sink> sinks;
  private final boolean notifyOnClear;

  public NotificationPipeline(
      ClusterSource clusters, GuidanceRenderer renderer, List<Sink> sinks, boolean notifyOnClear) {
    this.clusters = Objects.requireNonNull(clusters, "clusters == null");
    this.renderer = Objects.requireNonNull(renderer, "renderer == null");
    this.sinks = List.copyOf(Objects.requireNonNull(sinks, "sinks == null"));
    this.notifyOnClear = notifyOnClear;
  }

  /**
   * Handles the data of one CloudEvent.
   *
   * @param cloudEventType the CloudEvent's type
   * @param data the CloudEvent's data, or {@code null}
   * @throws TransientFailureException when the GKE API or a sink failed in a way a retry may fix
   */
  public void handle(String cloudEventType, byte[] data) {
    Decoded decoded = decoder.decode(cloudEventType, data);
    if (decoded instanceof Decoded.Rejected rejected) {
      log.warning(
          "Dropping message that cannot be understood: messageId="
              + rejected.messageId()
              + " reason="
              + rejected.reason());
      return;
    }
    if (decoded instanceof Decoded.Ignored ignored) {
      log.info("Ignoring message: messageId=" + ignored.messageId() + " reason=" + ignored.reason());
      return;
    }
    GkeNotification notification = ((Decoded.Accepted) decoded).notification();
    if (recent.isDone(notification.messageId())) {
      log.info("Already handled: messageId=" + notification.messageId());
      return;
    }
    handle(notification);
    recent.markDone(notification.messageId());
  }

  private void handle(GkeNotification notification) {
    String context =
        "messageId=" + notification.messageId() + " " + notification.cluster() + " event=" + notification.event().typeName();
    ClusterInfo cluster;
    try {
      cluster = clusters.get(notification.cluster());
    } catch (ClusterNotFoundException e) {
      log.warning("Cluster of the notification no longer exists: " + context);
      return;
    } catch (ClusterAccessException e) {
      log.severe("Cannot read the cluster, a retry will not help: " + context + " error=" + e.getMessage());
      return;
    }
    Assessment assessment = assessor.assess(cluster, notification.event());
    log.info(
        "Assessed: "
            + context
            + " verdict="
            + assessment.verdict()
            + " cause="
            + assessment.cause()
            + " dockerPools="
            + assessment.dockerPools().size()
            + " napDocker="
            + assessment.autoprovisioningPlan().isPresent());
    if (!assessment.verdict().needsAction() && !notifyOnClear) {
      return;
    }
    send(renderer.render(assessment), context);
  }

  /** Tries every sink, so one failing sink does not keep the message from the others. */
  private void send(Message message, String context) {
    List<String> failed = new ArrayList<>();
    TransientFailureException first = null;
    for (Sink sink : sinks) {
      try {
        sink.send(message);
      } catch (TransientFailureException e) {
        log.log(Level.WARNING, "Sink failed, the message will be redelivered: sink=" + sink.name() + " " + context, e);
        failed.add(sink.name());
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw new TransientFailureException("sinks failed: " + String.join(",", failed) + " " + context, first);
    }
  }
}
