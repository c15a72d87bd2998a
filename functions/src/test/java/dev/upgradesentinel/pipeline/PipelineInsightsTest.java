package dev.upgradesentinel.pipeline;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.insights.InsightReader;
import dev.upgradesentinel.insights.InsightSource;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.routing.Recipient;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The deprecation insights of one notification: a metered Recommender read is spent only on a
 * cluster that was read, and once however the notification names the project.
 */
class PipelineInsightsTest {
  private static final String TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC);
  private static final String NUMBER = "123456789012";
  private static final String PROJECT_ID = "payments-prod";

  /** Recommender as far as the pipeline can tell: counts the reads, one insight for the cluster. */
  private static final class CountingRecommender implements InsightSource {
    final List<String> reads = new CopyOnWriteArrayList<>();

    @Override
    public List<Insight> list(String project, String location, Duration timeout) {
      reads.add(project + "/" + location);
      return List.of(
          new Insight(
              "projects/"
                  + NUMBER
                  + "/locations/"
                  + location
                  + "/insightTypes/"
                  + "google.container.DiagnosisInsight/insights/i-1",
              "DEPRECATION_K8S_1_33_CGROUPV1",
              "cgroup v1 is used",
              "ACTIVE",
              List.of(
                  "//container.googleapis.com/projects/"
                      + NUMBER
                      + "/locations/"
                      + location
                      + "/clusters/checkout"),
              "2026-11-24T00:00:00Z",
              Map.of()));
    }

    @Override
    public boolean metered() {
      return true;
    }
  }

  private static final class CountingSink implements Sink {
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "slack";
    }

    @Override
    public Receipt deliver(Delivery delivery) {
      deliveries.add(delivery);
      return Receipt.delivered("c", "id-" + deliveries.size());
    }
  }

  private static ClusterInfo cluster() {
    // The GKE API names the project by id in the cluster's selfLink.
    return new ClusterInfo(
        new ClusterRef(PROJECT_ID, "us-central1", "checkout"),
        false,
        "1.32.9-gke.100",
        "REGULAR",
        List.of(new NodePoolInfo("default-pool", "COS_CONTAINERD", "1.32.9-gke.100", 3)),
        false,
        "",
        Map.of());
  }

  private static NotificationPipeline pipeline(
      ClusterSource source, InsightSource recommender, Sink sink) {
    return new NotificationPipeline(
        source,
        language -> new GuidanceRenderer(language, CLOCK),
        (cluster, verdict) -> List.of(new Recipient(sink, Language.EN)),
        new InMemoryNotificationLog(),
        new DeliveryPolicy(false, Duration.ofDays(7), Duration.ofSeconds(20), CLOCK),
        new InsightReader(
            recommender,
            new InMemoryNotificationLog().insightLedger(),
            Duration.ofHours(12),
            80,
            CLOCK));
  }

  /** GKE's notification for the cluster, naming its project by number as GKE often does. */
  private static byte[] notificationByNumber() {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-event.json")).getAsJsonObject();
    JsonObject attributes = envelope.getAsJsonObject("message").getAsJsonObject("attributes");
    attributes.addProperty("project_id", NUMBER);
    attributes.addProperty("cluster_location", "us-central1");
    attributes.addProperty("cluster_name", "checkout");
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void handle_projectByNumberAndSelfLinkById_readsInsightsOnceAndUsesThem() {
    CountingRecommender recommender = new CountingRecommender();
    CountingSink sink = new CountingSink();
    ClusterSource source =
        new ClusterSource() {
          @Override
          public ClusterInfo get(ClusterRef ref) {
            return cluster();
          }

          @Override
          public List<ClusterInfo> list(String project) {
            return List.of(cluster());
          }
        };

    pipeline(source, recommender, sink).handle(TYPE, notificationByNumber());

    assertThat(recommender.reads).containsExactly(NUMBER + "/us-central1");
    assertThat(sink.deliveries).hasSize(1);
    assertThat(sink.deliveries.get(0).message().plainText()).contains("cgroup");
  }

  @Test
  void handle_clusterNotFound_spendsNoRecommenderRead() {
    CountingRecommender recommender = new CountingRecommender();
    CountingSink sink = new CountingSink();
    ClusterSource gone =
        new ClusterSource() {
          @Override
          public ClusterInfo get(ClusterRef ref) {
            try {
              // As slow as a real GKE read, so a read started beside it has had time to go out.
              Thread.sleep(300);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new ClusterNotFoundException(ref, null);
          }

          @Override
          public List<ClusterInfo> list(String project) {
            return List.of();
          }
        };

    pipeline(gone, recommender, sink).handle(TYPE, notificationByNumber());

    assertThat(recommender.reads).isEmpty();
    assertThat(sink.deliveries).isEmpty();
  }
}
