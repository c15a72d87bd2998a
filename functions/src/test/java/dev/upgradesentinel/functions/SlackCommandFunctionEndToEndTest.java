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
import dev.upgradesentinel.testing.EventarcBridge;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.InvokerProcess;
import dev.upgradesentinel.testing.PubSubEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slash command end to end: Slack's signed form post to SlackCommandFunction on the real
 * invoker, the scan request through the Pub/Sub emulator, the worker on the invoker, and the reply
 * arriving at the command's response URL (WireMock). CheckFunction's fan-out is end to end in
 * {@link ScanFanOutEndToEndTest}.
 */
class SlackCommandFunctionEndToEndTest {
  private static final String SECRET = "e2e-signing-secret-7f3a9c";
  private static final String RESPONSE_PATH = "/commands/T0E2E/1234567/e2eResponseToken";

  private static PubSubEmulator pubsub;
  private static FakeGkeServer gke;
  private static WireMockServer slack;
  private static InvokerProcess command;
  private static InvokerProcess worker;
  private static EventarcBridge bridge;

  @BeforeAll
  static void start() throws Exception {
    pubsub = PubSubEmulator.start();
    String topic = pubsub.createTopic("scan-requests");
    String subscription = pubsub.createSubscription(topic, "scan-worker");
    gke = new FakeGkeServer().start();
    gke.addCluster(
        "platform-prod",
        CheckFunctionEndToEndTest.placed(
            "clusters/standard-docker.json", "platform-prod", "payments"));
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    slack.stubFor(
        post(urlPathMatching("/commands/.*"))
            .willReturn(aResponse().withStatus(200).withBody("ok")));
    Map<String, String> env = new HashMap<>();
    env.put("PUBSUB_EMULATOR_HOST", pubsub.hostPort());
    env.put("SCAN_TOPIC", topic);
    env.put("SLACK_RESPONSE_URL_PREFIX", slack.baseUrl() + "/commands/");
    env.put("SLACK_SIGNING_SECRET", SECRET);
    command = InvokerProcess.start("dev.upgradesentinel.functions.SlackCommandFunction", env);
    env.remove("SLACK_SIGNING_SECRET");
    env.put("GKE_EMULATOR_HOST", gke.target());
    worker = InvokerProcess.start("dev.upgradesentinel.functions.ScanWorkerFunction", env);
    bridge = EventarcBridge.start(pubsub, subscription, topic, worker.baseUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {bridge, command, worker}) {
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

  private static String form(String text) {
    return "token=legacy&team_id=T0E2E&channel_id=C0E2E&user_id=U0E2E&command=%2Fgke-check&text="
        + URLEncoder.encode(text, StandardCharsets.UTF_8)
        + "&response_url="
        + URLEncoder.encode(slack.baseUrl() + RESPONSE_PATH, StandardCharsets.UTF_8);
  }

  private static String sign(String secret, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "v0="
        + HexFormat.of()
            .formatHex(
                mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
  }

  private static HttpResponse<String> send(String method, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(command.baseUrl()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> signedPost(
      String secret, long timestamp, String signedBody, String sentBody) throws Exception {
    return send(
        "POST",
        Map.of(
            "X-Slack-Request-Timestamp", Long.toString(timestamp),
            "X-Slack-Signature", sign(secret, timestamp, signedBody)),
        sentBody);
  }

  private static List<LoggedRequest> awaitReplies(int count) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    List<LoggedRequest> replies;
    do {
      replies = slack.findAll(postRequestedFor(urlEqualTo(RESPONSE_PATH)));
      if (replies.size() >= count) {
        return replies;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    return replies;
  }

  @Test
  void clusterCommand_acknowledgesAtOnceAndTheWorkerRepliesAtTheResponseUrl() throws Exception {
    long now = Instant.now().getEpochSecond();
    String body = form("cluster platform-prod us-central1 payments");

    long started = System.nanoTime();
    HttpResponse<String> ack = signedPost(SECRET, now, body, body);
    long ackMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(ack.statusCode()).isEqualTo(200);
    JsonObject json = JsonParser.parseString(ack.body()).getAsJsonObject();
    assertThat(json.get("response_type").getAsString()).isEqualTo("ephemeral");
    assertThat(json.get("text").getAsString())
        .contains("Checking platform-prod/us-central1/payments");
    System.out.println("slash command acknowledged in ms=" + ackMillis);
    List<LoggedRequest> replies = awaitReplies(1);
    assertThat(replies).hasSize(1);
    String reply = replies.get(0).getBodyAsString();
    assertThat(reply).contains("payments");
    assertThat(reply).contains("BLOCKED");
    assertThat(reply).contains("--image-type=COS_CONTAINERD");
    assertThat(command.output()).doesNotContain(SECRET);
    assertThat(worker.output()).doesNotContain("e2eResponseToken");
  }

  @Test
  void help_answersUsage() throws Exception {
    String body = form("help");

    HttpResponse<String> reply = signedPost(SECRET, Instant.now().getEpochSecond(), body, body);

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.body()).contains("Usage: `/gke-check PROJECT");
  }

  @Test
  void wrongSecret_is401() throws Exception {
    String body = form("platform-prod");

    assertThat(
            signedPost("not-the-secret", Instant.now().getEpochSecond(), body, body).statusCode())
        .isEqualTo(401);
  }

  @Test
  void staleAndFutureTimestamps_are401() throws Exception {
    String body = form("platform-prod");
    long now = Instant.now().getEpochSecond();

    assertThat(signedPost(SECRET, now - 6 * 60, body, body).statusCode()).isEqualTo(401);
    assertThat(signedPost(SECRET, now + 6 * 60, body, body).statusCode()).isEqualTo(401);
  }

  @Test
  void tamperedBody_is401() throws Exception {
    String body = form("platform-prod");

    HttpResponse<String> reply =
        signedPost(
            SECRET,
            Instant.now().getEpochSecond(),
            body,
            body.replace("platform-prod", "other-project"));

    assertThat(reply.statusCode()).isEqualTo(401);
  }

  @Test
  void missingSignatureHeaders_are401() throws Exception {
    HttpResponse<String> reply = send("POST", Map.of(), form("platform-prod"));

    assertThat(reply.statusCode()).isEqualTo(401);
    assertThat(reply.body()).contains("header missing");
  }

  @Test
  void get_is405WithAllowHeader() throws Exception {
    HttpResponse<String> reply = send("GET", Map.of(), null);

    assertThat(reply.statusCode()).isEqualTo(405);
    assertThat(reply.headers().firstValue("Allow")).hasValue("POST");
  }
}
