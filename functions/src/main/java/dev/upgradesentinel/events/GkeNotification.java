package dev.upgradesentinel.events;

import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import java.util.Objects;

/**
 * One GKE cluster notification, unwrapped from its Pub/Sub envelope.
 *
 * @param messageId the Pub/Sub message id (for logs and de-duplication)
 * @param publishTime when Pub/Sub accepted the message, as sent; empty when absent
 * @param cluster the cluster the notification is about; the project may be a project number
 * @param summary the human sentence GKE puts in the message data
 * @param event the decoded payload
 */
public record GkeNotification(
    String messageId, String publishTime, ClusterRef cluster, String summary, GkeEvent event) {
  public GkeNotification {
    Objects.requireNonNull(messageId, "messageId == null");
    Objects.requireNonNull(publishTime, "publishTime == null");
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(summary, "summary == null");
    Objects.requireNonNull(event, "event == null");
  }
}
