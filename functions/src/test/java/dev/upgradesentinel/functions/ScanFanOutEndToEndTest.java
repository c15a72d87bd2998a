package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.EventarcBridge;
import dev.upgradesentinel.testing.FakeAssetServer;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.InvokerProcess;
import dev.upgradesentinel.testing.PubSubEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fan-out through the real Pub/Sub emulator: CheckFunction publishes batches, a bridge delivers
 * them to ScanWorkerFunction on the invoker as Eventarc would, and the digests reach Slack
 * (WireMock); also sweeps from Cloud Scheduler and slash-command replies.
 */
class ScanFanOutEndToEndTest {
  private static final String WEBHOOK_PATH = "/services/T0SCAN/B0SCAN/scanWebhookSecret";
  private static final List<String> PROJECTS =
      List.of("alpha-prod", "bravo-prod", "charlie-prod", "delta-prod", "echo-prod");

  private static final String ORG = "organizations/555000111222";

  /** Clusters the organization holds: three inventory pages of 1,000, one page a batch. */
  private static final int ORG_CLUSTERS = 2_001;

  private static PubSubEmulator pubsub;
  private static FakeGkeServer gke;
  private static FakeAssetServer assets;
  private static WireMockServer slack;
  private static InvokerProcess check;
  private static InvokerProcess worker;
  private static EventarcBridge bridge;
  private static String topic;

  @BeforeAll
  static void start() throws Exception {
    pubsub = PubSubEmulator.start();
    topic = pubsub.createTopic("scan-requests");
    String subscription = pubsub.createSubscription(topic, "scan-worker");
    gke = new FakeGkeServer().start();
    for (String project : PROJECTS) {
      gke.addCluster(
          project,
          CheckFunctionEndToEndTest.placed("clusters/standard-docker.json", project, "payments"));
    }
    assets = new FakeAssetServer().start();
    for (int i = 0; i < ORG_CLUSTERS; i++) {
      String project = String.format("org-team-%04d", i);
      assets.addCluster(
          project,
          CheckFunctionEndToEndTest.placed("clusters/standard-docker.json", project, "payments"),
          ORG);
    }
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    slack.stubFor(
        post(urlPathMatching("/commands/.*"))
            .willReturn(aResponse().withStatus(200).withBody("ok")));
    Map<String, String> common =
        Map.of(
            "GKE_EMULATOR_HOST",
            gke.target(),
            "ASSET_EMULATOR_HOST",
            assets.target(),
            "PUBSUB_EMULATOR_HOST",
            pubsub.hostPort(),
            "SCAN_TOPIC",
            topic,
            "FANOUT_THRESHOLD",
            "2",
            "SCAN_BATCH_SIZE",
            "2",
            "SCAN_PAGES_PER_BATCH",
            "1",
            "SLACK_WEBHOOK_URL",
            slack.baseUrl() + WEBHOOK_PATH);
    check = InvokerProcess.start("dev.upgradesentinel.functions.CheckFunction", common);
    Map<String, String> workerEnv = new java.util.HashMap<>(common);
    workerEnv.put("SLACK_RESPONSE_URL_PREFIX", slack.baseUrl() + "/commands/");
    worker = InvokerProcess.start("dev.upgradesentinel.functions.ScanWorkerFunction", workerEnv);
    bridge = EventarcBridge.start(pubsub, subscription, topic, worker.baseUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
    for (AutoCloseable closeable : new AutoCloseable[] {check, worker}) {
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
    if (assets != null) {
      assets.close();
    }
    if (pubsub != null) {
      pubsub.close();
    }
  }

  /** Waits until Slack received {@code count} digests whose body passes the filter. */
  private static List<LoggedRequest> awaitDigests(Predicate<String> filter, int count) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      List<LoggedRequest> posts =
          slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH))).stream()
              .filter(p -> filter.test(p.getBodyAsString()))
              .toList();
      if (posts.size() >= count || Instant.now().isAfter(deadline)) {
        return posts;
      }
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void check_fleetAboveThreshold_answers202AndWorkersPostOneDigestPerBatch() throws Exception {
    String body =
        "{\"projects\":[\"alpha-prod\",\"bravo-prod\",\"charlie-prod\",\"delta-prod\",\"echo-prod\"]}";
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(check.baseUrl()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonObject accepted = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(accepted.get("batches").getAsInt()).isEqualTo(3);
    assertThat(accepted.get("projects").getAsInt()).isEqualTo(5);
    String scanId = accepted.get("scanId").getAsString();
    List<LoggedRequest> digests = awaitDigests(b -> b.contains(scanId), 3);
    assertThat(digests).hasSize(3);
    String all = String.join("\n", digests.stream().map(LoggedRequest::getBodyAsString).toList());
    assertThat(all).contains("batch 1 of 3");
    assertThat(all).contains("batch 3 of 3");
    for (String project : PROJECTS) {
      assertThat(all).contains("--project=" + project);
    }
  }

  @Test
  void check_scopeLargerThanABatch_answers202_andEachBatchOfPagesPostsItsDigest() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(check.baseUrl()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"" + ORG + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonObject accepted = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(accepted.get("scope").getAsString()).isEqualTo(ORG);
    assertThat(accepted.get("clusters").getAsInt()).isEqualTo(1_000);
    assertThat(accepted.get("continues").getAsBoolean()).isTrue();
    String scanId = accepted.get("scanId").getAsString();
    List<LoggedRequest> digests = awaitDigests(b -> b.contains(scanId), 3);
    assertThat(digests).hasSize(3);
    String all = String.join("\n", digests.stream().map(LoggedRequest::getBodyAsString).toList());
    assertThat(all)
        .contains(
            "Upgrade blocker scan " + scanId + " (batch 1, more follow): 1000 blocked, 0 at risk");
    assertThat(all)
        .contains(
            "Upgrade blocker scan " + scanId + " (batch 2, more follow): 1000 blocked, 0 at risk");
    assertThat(all)
        .contains("Upgrade blocker scan " + scanId + " (batch 3 of 3): 1 blocked, 0 at risk");
    // Batch 1 was read by CheckFunction, 2 and 3 by the worker from the tokens handed on.
    List<String> tokens =
        assets.requests().stream()
            .filter(r -> r.getParent().equals(ORG))
            .map(r -> r.getPageToken())
            .toList();
    assertThat(tokens).hasSize(3);
    assertThat(tokens.get(0)).isEmpty();
    assertThat(tokens.get(1)).isNotEmpty();
    worker.awaitOutput(
        "Handed the rest of the scope on as batch=3 scan=" + scanId, Duration.ofSeconds(5));
  }

  @Test
  void sweep_withoutScanId_isSplitRepublishedAndDigestedUnderTheMessageId() {
    String messageId =
        pubsub.publish(
            topic,
            "{\"kind\":\"sweep\",\"projects\":[\"alpha-prod\",\"bravo-prod\",\"charlie-prod\"],\"notify\":true}");

    List<LoggedRequest> digests = awaitDigests(b -> b.contains("scan-" + messageId), 2);

    assertThat(digests).hasSize(2);
    assertThat(digests.get(0).getBodyAsString()).contains("of 2");
    worker.awaitOutput("Splitting scan=scan-" + messageId, Duration.ofSeconds(5));
  }

  @Test
  void slashCommand_withAllowedResponseUrl_getsTheClusterGuidanceThere() {
    String path = "/commands/T0SCAN/1234/slashCommandSecret";
    String request =
        "{\"scanId\":\"slash-1\",\"kind\":\"slash-command\",\"projects\":[\"alpha-prod\"],\"location\":\"us-central1\","
            + "\"cluster\":\"payments\",\"notify\":false,\"responseUrl\":\""
            + slack.baseUrl()
            + path
            + "\",\"requestedBy\":\"U123\"}";

    pubsub.publish(topic, request);

    Instant deadline = Instant.now().plusSeconds(60);
    List<LoggedRequest> replies;
    do {
      sleep(100);
      replies = slack.findAll(postRequestedFor(urlEqualTo(path)));
    } while (replies.isEmpty() && Instant.now().isBefore(deadline));
    assertThat(replies).hasSize(1);
    JsonObject reply = JsonParser.parseString(replies.get(0).getBodyAsString()).getAsJsonObject();
    assertThat(reply.get("response_type").getAsString()).isEqualTo("ephemeral");
    assertThat(reply.toString()).contains("--node-pool=default-pool --image-type=COS_CONTAINERD");
    assertThat(worker.output()).doesNotContain("slashCommandSecret");
  }

  @Test
  void slashCommand_responseUrlOutsidePrefix_isNotPosted() {
    pubsub.publish(
        topic,
        "{\"scanId\":\"slash-2\",\"kind\":\"slash-command\",\"projects\":[\"alpha-prod\"],\"notify\":false,"
            + "\"responseUrl\":\""
            + slack.baseUrl()
            + "/elsewhere/x\"}");

    worker.awaitOutput(
        "Ignoring responseUrl outside the allowed prefix host=localhost scan=slash-2",
        Duration.ofSeconds(60));
    assertThat(slack.findAll(postRequestedFor(urlEqualTo("/elsewhere/x")))).isEmpty();
  }

  @Test
  void malformedScanRequest_isAcknowledgedAndLogged() {
    String envelope =
        "{\"message\":{\"data\":\"bm90IGpzb24=\",\"messageId\":\"bad-1\"},\"subscription\":\"s\"}";

    int status = CloudEvents.postPubSub(worker.baseUrl(), envelope);

    assertThat(status).isEqualTo(200);
    worker.awaitOutput("messageId=bad-1 reason=scan request is not JSON", Duration.ofSeconds(10));
  }
}
