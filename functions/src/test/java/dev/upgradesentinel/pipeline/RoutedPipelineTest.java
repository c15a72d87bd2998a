package dev.upgradesentinel.pipeline;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.routing.Recipient;
import dev.upgradesentinel.routing.Router;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.LogCapture;
import dev.upgradesentinel.testing.Pipelines;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pipeline with a router: sinks chosen per finding, one rendering per language. */
class RoutedPipelineTest {
  private static final String TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC);
  private final AtomicInteger messageIds = new AtomicInteger();
  private String imageType = "COS";

  /** Records what it is given. */
  private static final class RecordingSink implements Sink {
    final String name;
    final List<Delivery> deliveries = new ArrayList<>();

    RecordingSink(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Receipt deliver(Delivery delivery) {
      deliveries.add(delivery);
      return Receipt.delivered("c", "id-" + deliveries.size());
    }
  }

  private final ClusterSource source =
      new ClusterSource() {
        @Override
        public ClusterInfo get(ClusterRef ref) {
          return new ClusterInfo(
              new ClusterRef("payments-prod", "us-central1", "checkout"),
              false,
              "1.23.17-gke.100",
              "REGULAR",
              List.of(new NodePoolInfo("default-pool", imageType, "1.23.17-gke.100", 3)),
              false,
              "",
              Map.of("team", "payments"));
        }

        @Override
        public List<ClusterInfo> list(String project) {
          return List.of(get(null));
        }
      };

  private NotificationPipeline pipeline(Router router) {
    return Pipelines.routed(
        source,
        language -> new GuidanceRenderer(language, CLOCK),
        router,
        new InMemoryNotificationLog(),
        new DeliveryPolicy(false, Duration.ofDays(7), Duration.ofSeconds(20), CLOCK));
  }

  private byte[] notification() {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-event.json")).getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", "routed-" + messageIds.incrementAndGet());
    message.remove("message_id");
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", "payments-prod");
    attributes.addProperty("cluster_location", "us-central1");
    attributes.addProperty("cluster_name", "checkout");
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void handle_routesInTwoLanguages_eachSinkGetsItsLanguageAndTheAssessment() {
    RecordingSink english = new RecordingSink("slack-platform");
    RecordingSink korean = new RecordingSink("chat-seoul");
    List<ClusterInfo> routed = new ArrayList<>();
    Router router =
        (cluster, verdict) -> {
          routed.add(cluster);
          return List.of(new Recipient(english, Language.EN), new Recipient(korean, Language.KO));
        };

    pipeline(router).handle(TYPE, notification());

    assertThat(routed.get(0).labels()).containsExactly("team", "payments");
    assertThat(english.deliveries).hasSize(1);
    assertThat(korean.deliveries).hasSize(1);
    assertThat(english.deliveries.get(0).message().plainText()).contains("Project");
    assertThat(korean.deliveries.get(0).message().plainText()).contains("프로젝트");
    assertThat(korean.deliveries.get(0).assessment().get().ref().name()).isEqualTo("checkout");
    assertThat(korean.deliveries.get(0).findingId())
        .isEqualTo(english.deliveries.get(0).findingId());
  }

  @Test
  void handle_resolutionOfBlockedFinding_routedByTheVerdictItHad() {
    RecordingSink tickets = new RecordingSink("jira-ops");
    List<Verdict> verdicts = new ArrayList<>();
    Router onlyBlocked =
        (cluster, verdict) -> {
          verdicts.add(verdict);
          return verdict == Verdict.BLOCKED
              ? List.of(new Recipient(tickets, Language.EN))
              : List.of();
        };
    NotificationPipeline pipeline = pipeline(onlyBlocked);

    pipeline.handle(TYPE, notification());
    imageType = "COS_CONTAINERD";
    pipeline.handle(TYPE, notification());

    assertThat(verdicts).containsExactly(Verdict.BLOCKED, Verdict.BLOCKED).inOrder();
    assertThat(tickets.deliveries.stream().map(Delivery::kind).toList())
        .containsExactly(Delivery.Kind.NEW, Delivery.Kind.RESOLUTION)
        .inOrder();
    assertThat(tickets.deliveries.get(1).original()).hasValue(Receipt.delivered("c", "id-1"));
  }

  @Test
  void handle_routedNowhere_logsItAndReturns() {
    try (LogCapture logs = new LogCapture()) {
      pipeline((cluster, verdict) -> List.of()).handle(TYPE, notification());

      assertThat(logs.text()).contains("No sink is routed this finding");
      assertThat(logs.text()).doesNotContain("Sent: sink=");
    }
  }
}
