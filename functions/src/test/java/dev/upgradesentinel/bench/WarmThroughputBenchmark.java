package dev.upgradesentinel.bench;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.events.PubSubEnvelope;
import dev.upgradesentinel.gke.FileClusterSource;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.pipeline.DeliveryPolicy;
import dev.upgradesentinel.pipeline.NotificationPipeline;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.slack.SlackMessageRenderer;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.Pipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm throughput of one instance: our own work per notification — decode the envelope, read the
 * cluster (from a file, so no I/O is measured), assess, consult the in-memory notification log,
 * render the guidance and its Slack Block Kit JSON — with a sink that only counts. Every event is a
 * new finding, so every one goes the whole way.
 */
class WarmThroughputBenchmark {
  private static final int WARM_UP = 2_000;
  private static final int MEASURED = 5_000;

  @TempDir Path work;

  @Test
  void notifications_perSecondAndOwnWorkPerEvent() throws Exception {
    int clusters = WARM_UP + MEASURED;
    Path fleet = work.resolve("fleet.json");
    Files.writeString(fleet, fleetJson(clusters));
    SlackMessageRenderer slackJson = new SlackMessageRenderer();
    AtomicInteger delivered = new AtomicInteger();
    Sink counting =
        new Sink() {
          @Override
          public String name() {
            return "counting";
          }

          @Override
          public Receipt deliver(Delivery delivery) {
            // Rendering the Slack payload is part of our work; sending it is not.
            assertThat(slackJson.render(delivery.message()).toString()).isNotEmpty();
            delivered.incrementAndGet();
            return Receipt.delivered();
          }
        };
    NotificationPipeline pipeline =
        Pipelines.everySink(
            new FileClusterSource(fleet),
            new GuidanceRenderer(Language.EN, Clock.systemUTC()),
            List.of(counting),
            new InMemoryNotificationLog(),
            new DeliveryPolicy(
                false, Duration.ofDays(7), Duration.ofSeconds(50), Clock.systemUTC()));
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < clusters; i++) {
      events.add(event(i));
    }

    for (int i = 0; i < WARM_UP; i++) {
      pipeline.handle(PubSubEnvelope.MESSAGE_PUBLISHED, events.get(i));
    }
    long[] nanos = new long[MEASURED];
    long start = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      long t0 = System.nanoTime();
      pipeline.handle(PubSubEnvelope.MESSAGE_PUBLISHED, events.get(WARM_UP + i));
      nanos[i] = System.nanoTime() - t0;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);

    assertThat(delivered.get()).isEqualTo(clusters);
    System.out.printf(
        "%nWarm throughput (one thread, %d events after %d warm-up): %.0f events/s,"
            + " own work per event p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
        MEASURED,
        WARM_UP,
        MEASURED / seconds,
        nanos[MEASURED / 2] / 1e6,
        nanos[MEASURED * 99 / 100] / 1e6,
        nanos[MEASURED - 1] / 1e6);
  }

  private static String fleetJson(int count) throws Exception {
    JsonObject template = Fixtures.cluster("clusters/standard-docker.json");
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      String name = "cluster-" + i;
      JsonObject cluster =
          Fixtures.placed(template.deepCopy(), "platform-prod", "us-central1", name);
      json.append(i == 0 ? "" : ",").append(cluster);
    }
    return json.append("]").toString();
  }

  private static byte[] event(int i) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-available-1-24.json"))
            .getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", "bench-" + i);
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", "platform-prod");
    attributes.addProperty("cluster_location", "us-central1");
    attributes.addProperty("cluster_name", "cluster-" + i);
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }
}
