package dev.upgradesentinel.testing;

import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.insights.InsightReader;
import dev.upgradesentinel.pipeline.DeliveryPolicy;
import dev.upgradesentinel.pipeline.NotificationPipeline;
import dev.upgradesentinel.routing.Router;
import dev.upgradesentinel.routing.RoutingTable;
import dev.upgradesentinel.sinks.Sink;
import java.util.List;

/** Notification pipelines for tests that route nothing and read no insights. */
public final class Pipelines {
  private Pipelines() {}

  /** Every sink gets every message, in the renderer's language; no insights are read. */
  public static NotificationPipeline everySink(
      ClusterSource clusters,
      GuidanceRenderer renderer,
      List<Sink> sinks,
      NotificationLog log,
      DeliveryPolicy policy) {
    return routed(
        clusters, language -> renderer, RoutingTable.everySink(sinks, Language.EN), log, policy);
  }

  /** Routed by {@code router}; no insights are read. */
  public static NotificationPipeline routed(
      ClusterSource clusters,
      java.util.function.Function<Language, GuidanceRenderer> renderers,
      Router router,
      NotificationLog log,
      DeliveryPolicy policy) {
    return new NotificationPipeline(
        clusters, renderers, router, log, policy, InsightReader.off("not read in this test"));
  }
}
