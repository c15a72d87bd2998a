package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FakeGkeServer.GkeError;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ClusterNotificationFunction in its own JVM on the real invoker, reading clusters from a gRPC GKE
 * server through the real client and posting to Slack, here WireMock; events are posted exactly as
 * Eventarc posts Pub/Sub messages.
 */
class ClusterNotificationFunctionEndToEndTest {
  private static final String WEBHOOK_PATH = "/services/T0SENTINEL/B0SENTINEL/e2eWebhookSecret42";
  private static final String NUMBER = "111111111111";

  private static FakeGkeServer gke;
  private static WireMockServer slack;
  private static InvokerProcess function;

  @BeforeAll
  static void start() throws Exception {
    gke = new FakeGkeServer().start();
    gke.addCluster(
        NUMBER,
        Fixtures.cluster("clusters/standard-docker.json", NUMBER, "us-central1", "payments-prod"));
    // Each test that posts has its own cluster: the notification log posts a finding only once.
    gke.addCluster(
        NUMBER,
        Fixtures.cluster("clusters/standard-docker.json", NUMBER, "us-central1", "orders-prod"));
    gke.addCluster(
        NUMBER,
        Fixtures.cluster("clusters/standard-docker.json", NUMBER, "us-central1", "audit-prod"));
    gke.addCluster(
        NUMBER, Fixtures.cluster("clusters/containerd.json", NUMBER, "us-central1", "ledger"));
    gke.addCluster(
        NUMBER, Fixtures.cluster("clusters/autopilot.json", NUMBER, "us-central1", "web"));
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
  }

  @AfterAll
  static void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    if (slack != null) {
      slack.stop();
    }
    if (gke != null) {
      gke.close();
    }
  }

  @BeforeEach
  void slackAnswersOk() {
    slack.resetAll();
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  private static String notification(String fixture, String cluster, String messageId) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/" + fixture)).getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", messageId);
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", NUMBER);
    attributes.addProperty("cluster_location", "us-central1");
    attributes.addProperty("cluster_name", cluster);
    return envelope.toString();
  }

  private static List<LoggedRequest> slackPosts() {
    return slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH)));
  }

  @Test
  void blockedCluster_postsPoolsReplacementsAndCommandsToSlack() {
    int status =
        CloudEvents.postPubSub(
            function.baseUrl(),
            notification("upgrade-available-1-24.json", "payments-prod", "e2e-1"));

    assertThat(status).isEqualTo(200);
    List<LoggedRequest> posts = slackPosts();
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).getHeader("Content-Type")).startsWith("application/json");
    String body = posts.get(0).getBodyAsString();
    JsonObject json = JsonParser.parseString(body).getAsJsonObject();
    assertThat(json.has("blocks")).isTrue();
    assertThat(json.get("text").getAsString()).contains("payments-prod");
    assertThat(body).contains("BLOCKED");
    assertThat(body).contains("COS_CONTAINERD");
    assertThat(body).contains("UBUNTU_CONTAINERD");
    assertThat(body)
        .contains(
            "gcloud container clusters upgrade payments-prod --project="
                + NUMBER
                + " --location=us-central1 --node-pool=default-pool --image-type=COS_CONTAINERD");
    assertThat(body)
        .contains(
            "gcloud container clusters update payments-prod --project="
                + NUMBER
                + " --location=us-central1 --enable-autoprovisioning"
                + " --autoprovisioning-image-type=COS_CONTAINERD");
    assertThat(body).contains("1.24.17-gke.2200");
  }

  @Test
  void clearCluster_postsNothing() {
    int status =
        CloudEvents.postPubSub(
            function.baseUrl(), notification("upgrade-event.json", "ledger", "e2e-2"));

    assertThat(status).isEqualTo(200);
    function.awaitOutput("messageId=e2e-2", Duration.ofSeconds(10));
    assertThat(function.output()).contains("verdict=CLEAR");
    assertThat(slackPosts()).isEmpty();
  }

  @Test
  void autopilotCluster_postsNothing() {
    int status =
        CloudEvents.postPubSub(
            function.baseUrl(), notification("upgrade-event.json", "web", "e2e-3"));

    assertThat(status).isEqualTo(200);
    function.awaitOutput("verdict=NOT_APPLICABLE", Duration.ofSeconds(10));
    assertThat(slackPosts()).isEmpty();
  }

  @Test
  void malformedPayload_isAcknowledgedWithLoggedReasonAndPostsNothing() {
    JsonObject envelope =
        JsonParser.parseString(notification("upgrade-event.json", "payments-prod", "e2e-4"))
            .getAsJsonObject();
    envelope
        .getAsJsonObject("message")
        .getAsJsonObject("attributes")
        .addProperty("payload", "{\"resourceType\":\"MAST");

    int status = CloudEvents.postPubSub(function.baseUrl(), envelope.toString());

    assertThat(status).isEqualTo(200);
    function.awaitOutput("messageId=e2e-4 reason=payload is not JSON", Duration.ofSeconds(10));
    assertThat(slackPosts()).isEmpty();
  }

  @Test
  void unknownEventType_isAcknowledgedAndPostsNothing() {
    int status =
        CloudEvents.postPubSub(
            function.baseUrl(), notification("unknown-type.json", "payments-prod", "e2e-5"));

    assertThat(status).isEqualTo(200);
    function.awaitOutput(
        "messageId=e2e-5 reason=event type 'ClusterMaintenanceEvent'", Duration.ofSeconds(10));
    assertThat(slackPosts()).isEmpty();
  }

  @Test
  void wrongCloudEventType_isAcknowledged() {
    int status =
        CloudEvents.post(
            function.baseUrl(), "google.cloud.storage.object.v1.finalized", "{\"bucket\":\"b\"}");

    assertThat(status).isEqualTo(200);
    assertThat(slackPosts()).isEmpty();
  }

  @Test
  void slackFailure_failsTheDeliveryAndTheRedeliveryPostsOnce() {
    slack.resetAll();
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH))
            .inScenario("outage")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("service unavailable"))
            .willSetStateTo("recovered"));
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH))
            .inScenario("outage")
            .whenScenarioStateIs("recovered")
            .willReturn(aResponse().withStatus(200).withBody("ok")));
    String event = notification("upgrade-available-1-24.json", "orders-prod", "e2e-6");

    int first = CloudEvents.postPubSub(function.baseUrl(), event);
    int redelivery = CloudEvents.postPubSub(function.baseUrl(), event);
    int duplicate = CloudEvents.postPubSub(function.baseUrl(), event);

    assertThat(first).isAtLeast(500);
    assertThat(redelivery).isEqualTo(200);
    assertThat(duplicate).isEqualTo(200);
    assertThat(slackPosts()).hasSize(2);
    function.awaitOutput("Already handled: messageId=e2e-6", Duration.ofSeconds(10));
  }

  @Test
  void gkeUnavailable_failsTheDeliverySoPubSubRetries() {
    gke.failProject("222222222222", GkeError.of("UNAVAILABLE", "backend down"));
    JsonObject envelope =
        JsonParser.parseString(
                notification("upgrade-available-1-24.json", "payments-prod", "e2e-7"))
            .getAsJsonObject();
    envelope
        .getAsJsonObject("message")
        .getAsJsonObject("attributes")
        .addProperty("project_id", "222222222222");

    int status = CloudEvents.postPubSub(function.baseUrl(), envelope.toString());

    assertThat(status).isAtLeast(500);
    assertThat(slackPosts()).isEmpty();
  }

  @Test
  void unknownCluster_isAcknowledged() {
    int status =
        CloudEvents.postPubSub(
            function.baseUrl(), notification("upgrade-event.json", "gone", "e2e-8"));

    assertThat(status).isEqualTo(200);
    function.awaitOutput("no longer exists: messageId=e2e-8", Duration.ofSeconds(10));
    assertThat(slackPosts()).isEmpty();
  }

  @Test
  void logs_neverContainTheWebhookSecret() {
    CloudEvents.postPubSub(
        function.baseUrl(), notification("upgrade-available-1-24.json", "audit-prod", "e2e-9"));

    assertThat(function.output()).isNotEmpty();
    assertThat(function.output()).doesNotContain("e2eWebhookSecret42");
    assertThat(function.output()).doesNotContain("B0SENTINEL");
  }
}
