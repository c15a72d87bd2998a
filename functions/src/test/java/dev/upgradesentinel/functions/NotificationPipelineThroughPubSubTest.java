package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.EventarcBridge;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import dev.upgradesentinel.testing.PubSubEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notification path as in production: GKE's message published to a topic of the real Pub/Sub
 * emulator, delivered to ClusterNotificationFunction on the invoker by a bridge that acts like
 * Eventarc (ack on 2xx, nack otherwise, so Pub/Sub itself redelivers), posting to Slack (WireMock).
 */
class NotificationPipelineThroughPubSubTest {
  private static final String WEBHOOK_PATH = "/services/T0PIPE/B0PIPE/pipelineWebhookSecret";
  private static final String PROJECT_NUMBER = "111111111111";

  private PubSubEmulator pubsub;
  private FakeGkeServer gke;
  private WireMockServer slack;
  private InvokerProcess function;
  private EventarcBridge bridge;
  private String topic;

  @BeforeEach
  void start() throws Exception {
    pubsub = PubSubEmulator.start();
    topic = pubsub.createTopic("gke-notifications");
    String subscription = pubsub.createSubscription(topic, "notification-function");
    gke = new FakeGkeServer().start();
    gke.addCluster(
        PROJECT_NUMBER,
        CheckFunctionEndToEndTest.placed(
            "clusters/standard-docker.json", PROJECT_NUMBER, "payments-prod"));
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    function =
        InvokerProcess.start(
            "dev.upgradesentinel.functions.ClusterNotificationFunction",
            Map.of(
                "GKE_EMULATOR_HOST",
                gke.target(),
                "SLACK_WEBHOOK_URL",
                slack.baseUrl() + WEBHOOK_PATH));
    bridge = EventarcBridge.start(pubsub, subscription, topic, function.baseUrl());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {bridge, function}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    if (slack != null) {
      slack.stop();
    }
    if (gke != null) {
      gke.close();
    }
    if (pubsub != null) {
      pubsub.close();
    }
  }

  /** Publishes a fixture's message as GKE would: the sentence as data, the event as attributes. */
  private String publishAsGke(String fixture) {
    JsonObject message =
        JsonParser.parseString(Fixtures.text("events/" + fixture))
            .getAsJsonObject()
            .getAsJsonObject("message");
    Map<String, String> attributes = new HashMap<>();
    message
        .getAsJsonObject("attributes")
        .entrySet()
        .forEach(e -> attributes.put(e.getKey(), e.getValue().getAsString()));
    attributes.put("project_id", PROJECT_NUMBER);
    attributes.put("cluster_location", "us-central1");
    attributes.put("cluster_name", "payments-prod");
    String sentence =
        new String(
            Base64.getDecoder().decode(message.get("data").getAsString()), StandardCharsets.UTF_8);
    return pubsub.publish(topic, sentence, attributes);
  }

  private int slackPosts() {
    return slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH))).size();
  }

  @Test
  void slackOutage_isRedeliveredByPubSubAndPostedOnce() {
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH))
            .inScenario("outage")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("recovered"));
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH))
            .inScenario("outage")
            .whenScenarioStateIs("recovered")
            .willReturn(aResponse().withStatus(200).withBody("ok")));

    publishAsGke("upgrade-available-1-24.json");
    bridge.awaitAcked(1, Duration.ofSeconds(60));

    assertThat(bridge.nacked()).isAtLeast(1);
    assertThat(slackPosts()).isEqualTo(2);
    String delivered =
        slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH))).get(1).getBodyAsString();
    assertThat(delivered).contains("--node-pool=default-pool --image-type=COS_CONTAINERD");
  }

  @Test
  void repeatedNotificationsOfTheSameFinding_postOnce() {
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));

    publishAsGke("upgrade-available-1-24.json");
    publishAsGke("upgrade-event.json");
    publishAsGke("security-bulletin.json");
    bridge.awaitAcked(3, Duration.ofSeconds(60));

    assertThat(slackPosts()).isEqualTo(1);
    assertThat(bridge.nacked()).isEqualTo(0);
  }
}
