package dev.upgradesentinel.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.upgradesentinel.pipeline.NotificationPipeline;
import dev.upgradesentinel.wiring.Instance;
import io.cloudevents.CloudEvent;

/**
 * Receives GKE cluster notifications from the Pub/Sub topic they are published to, and posts
 * remediation guidance when Docker-based node images block, or will block, the cluster's upgrade.
 *
 * <p>Messages that can never be handled are logged and acknowledged. A transient failure (GKE API,
 * notification log or a sink unavailable, rate limited or slow; the event's deadline passed)
 * escapes {@link #accept}, and Pub/Sub redelivers; the notification log makes sure the redelivery
 * posts only what was not posted yet.
 *
 * <p>With {@code ROUTING_CONFIG}, findings go to the sinks its routes choose; without it, to every
 * sink the Slack variables configure.
 */
public final class ClusterNotificationFunction implements CloudEventsFunction {
  private final NotificationPipeline pipeline;

  /** Called by the Functions Framework; reads the configuration from the environment. */
  public ClusterNotificationFunction() {
    this(Instance.fromEnv());
  }

  ClusterNotificationFunction(Instance instance) {
    instance.warmUpClients();
    this.pipeline = instance.notificationPipeline();
  }

  @Override
  public void accept(CloudEvent event) {
    pipeline.handle(event.getType(), event.getData() == null ? null : event.getData().toBytes());
  }
}
