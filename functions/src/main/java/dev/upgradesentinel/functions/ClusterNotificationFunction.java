package dev.upgradesentinel.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.config.DeliveryConfig;
import dev.upgradesentinel.delivery.DeliveryPolicy;
import dev.upgradesentinel.delivery.NotificationLogs;
import dev.upgradesentinel.delivery.NotificationPipeline;
import dev.upgradesentinel.gke.ClusterSources;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.routing.RoutingTable;
import io.cloudevents.CloudEvent;
import java.time.Clock;

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
    this(Config.fromEnv(System.getenv()));
  }

  ClusterNotificationFunction(Config config) {
    this(pipeline(config));
  }

  ClusterNotificationFunction(NotificationPipeline pipeline) {
    this.pipeline = pipeline;
  }

  private static NotificationPipeline pipeline(Config config) {
    DeliveryConfig delivery = config.delivery();
    return new NotificationPipeline(
        ClusterSources.from(config),
        language -> new GuidanceRenderer(language, Clock.systemUTC()),
        // Built at start, so a broken routing config or a missing secret fails the deployment.
        RoutingTable.from(config, "ClusterNotificationFunction"),
        NotificationLogs.from(delivery),
        new DeliveryPolicy(
            config.notifyOnClear(),
            delivery.repeatInterval(),
            delivery.deadline(),
            Clock.systemUTC()));
  }

  @Override
  public void accept(CloudEvent event) {
    pipeline.handle(event.getType(), event.getData() == null ? null : event.getData().toBytes());
  }
}
