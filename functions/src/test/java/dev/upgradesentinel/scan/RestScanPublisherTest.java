package dev.upgradesentinel.scan;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.PubsubMessage;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.testing.GoogleApiErrors;
import dev.upgradesentinel.testing.PubSubEmulator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scan requests published over Pub/Sub's REST API: to the real emulator, read back with the client
 * library, and to WireMock for the answers the emulator does not give on demand.
 */
class RestScanPublisherTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static PubSubEmulator pubsub;

  @BeforeAll
  static void start() {
    pubsub = PubSubEmulator.start();
  }

  @AfterAll
  static void stop() {
    if (pubsub != null) {
      pubsub.close();
    }
  }

  private static ScanRequest slashCommand(String scanId) {
    return new ScanRequest(
        scanId,
        ScanRequest.Kind.SLASH_COMMAND,
        List.of("shop-prod", "shop-dev"),
        "-",
        "",
        false,
        "https://hooks.slack.com/commands/T0/1/abc",
        "U0123",
        2,
        3);
  }

  @Test
  void publish_toTheEmulator_isReadBackByTheClientLibraryWithItsAttributes() {
    String topic = pubsub.createTopic("scans-rest");
    String subscription = pubsub.createSubscription(topic, "scans-rest-worker");
    RestScanPublisher publisher = RestScanPublisher.create(topic, pubsub.hostPort(), HTTP);
    ScanRequest request = slashCommand("cmd-0123456789a");

    String messageId = publisher.publish(request);

    List<PubsubMessage> messages = pubsub.pull(subscription, 1, Duration.ofSeconds(10));
    assertThat(messages).hasSize(1);
    PubsubMessage message = messages.get(0);
    assertThat(message.getMessageId()).isEqualTo(messageId);
    assertThat(ScanRequest.fromJson(message.getData().toStringUtf8(), "fallback"))
        .isEqualTo(request);
    assertThat(message.getAttributesMap())
        .containsExactly("scanId", "cmd-0123456789a", "kind", "slash-command", "batch", "2/3");
  }

  @Test
  void publish_aScopeWithUnicodeAndQuotes_arrivesByteForByte() {
    String topic = pubsub.createTopic("scans-scope");
    String subscription = pubsub.createSubscription(topic, "scans-scope-worker");
    RestScanPublisher publisher = RestScanPublisher.create(topic, pubsub.hostPort(), HTTP);
    ScanRequest request =
        new ScanRequest(
            "scan-org-1",
            ScanRequest.Kind.SWEEP,
            List.of(),
            "-",
            "",
            true,
            "",
            "스케줄러 \"nightly\"",
            1,
            1,
            "organizations/123456789012");

    publisher.publish(request);

    List<PubsubMessage> messages = pubsub.pull(subscription, 1, Duration.ofSeconds(10));
    assertThat(messages).hasSize(1);
    assertThat(ScanRequest.fromJson(messages.get(0).getData().toStringUtf8(), "fallback"))
        .isEqualTo(request);
    assertThat(messages.get(0).getAttributesMap()).containsEntry("batch", "1");
  }

  @Test
  void publish_toATopicThatDoesNotExist_failsTransientlyNamingTheTopic() {
    RestScanPublisher publisher =
        RestScanPublisher.create(
            "projects/" + PubSubEmulator.PROJECT + "/topics/never-created",
            pubsub.hostPort(),
            HTTP);

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> publisher.publish(slashCommand("c1")));

    assertThat(e).hasMessageThat().contains("topic=projects/test-project/topics/never-created");
    assertThat(e).hasMessageThat().contains("NOT_FOUND");
  }

  @Test
  void publish_unavailableOnce_isSentAgainAndAnswersTheSecondId() {
    WireMockServer google = new WireMockServer(wireMockConfig().dynamicPort());
    google.start();
    try {
      String path = "/v1/projects/sentinel-ops/topics/gke-upgrade-sentinel-scans:publish";
      google.stubFor(
          post(urlPathEqualTo(path))
              .inScenario("publish")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(GoogleApiErrors.answer(503, "UNAVAILABLE", "try again"))
              .willSetStateTo("up"));
      google.stubFor(
          post(urlPathEqualTo(path))
              .inScenario("publish")
              .whenScenarioStateIs("up")
              .willReturn(okJson("{\"messageIds\":[\"4242\"]}")));
      RestScanPublisher publisher =
          RestScanPublisher.create(
              "projects/sentinel-ops/topics/gke-upgrade-sentinel-scans",
              "127.0.0.1:" + google.port(),
              HTTP);

      assertThat(publisher.publish(slashCommand("c2"))).isEqualTo("4242");
      google.verify(2, postRequestedFor(urlPathEqualTo(path)));
    } finally {
      google.stop();
    }
  }

  @Test
  void publish_answeredWithoutAMessageId_failsTransiently() {
    WireMockServer google = new WireMockServer(wireMockConfig().dynamicPort());
    google.start();
    try {
      google.stubFor(
          post(urlPathEqualTo("/v1/projects/sentinel-ops/topics/scans:publish"))
              .willReturn(okJson("{\"messageIds\":[]}")));
      RestScanPublisher publisher =
          RestScanPublisher.create(
              "projects/sentinel-ops/topics/scans", "127.0.0.1:" + google.port(), HTTP);

      TransientFailureException e =
          assertThrows(
              TransientFailureException.class, () -> publisher.publish(slashCommand("c3")));

      assertThat(e).hasMessageThat().contains("lacks a message id for each message sent=1");
    } finally {
      google.stop();
    }
  }

  @Test
  void create_notATopicName_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RestScanPublisher.create("projects/p/subscriptions/s", null, HTTP));
    assertThrows(
        IllegalArgumentException.class,
        () -> RestScanPublisher.create("projects/p/topics/t/extra", null, HTTP));
  }

  private static ScanRequest sweepBatch(int batch, int batches, int projects) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < projects; i++) {
      names.add(String.format("fleet-project-%016d", (long) batch * 10_000 + i));
    }
    return new ScanRequest(
        "sweep-weekly",
        ScanRequest.Kind.SWEEP,
        names,
        "-",
        "",
        true,
        "",
        "scheduler",
        batch,
        batches);
  }

  @Test
  void publishAll_toTheEmulator_everyBatchArrivesInOneCallWithItsOwnId() {
    String topic = pubsub.createTopic("scans-fanout");
    String subscription = pubsub.createSubscription(topic, "scans-fanout-worker");
    RestScanPublisher publisher = RestScanPublisher.create(topic, pubsub.hostPort(), HTTP);
    List<ScanRequest> batches = new ArrayList<>();
    for (int batch = 1; batch <= 20; batch++) {
      batches.add(sweepBatch(batch, 20, 50));
    }

    List<String> ids = publisher.publishAll(batches);

    assertThat(ids).hasSize(20);
    assertThat(Set.copyOf(ids)).hasSize(20);
    List<PubsubMessage> messages = pubsub.pull(subscription, 20, Duration.ofSeconds(20));
    Map<String, ScanRequest> byId = new HashMap<>();
    messages.forEach(
        message ->
            byId.put(
                message.getMessageId(),
                ScanRequest.fromJson(message.getData().toStringUtf8(), "fallback")));
    for (int i = 0; i < 20; i++) {
      assertThat(byId.get(ids.get(i))).isEqualTo(batches.get(i));
    }
  }

  /** Answers each publish with one id for each message it carried, and keeps the bodies' sizes. */
  private static WireMockServer countingPubSub(String path) {
    WireMockServer google = new WireMockServer(wireMockConfig().dynamicPort());
    google.start();
    google.stubFor(
        post(urlPathEqualTo(path))
            .willReturn(
                okJson(
                        "{\"messageIds\":[{{#each (jsonPath request.body '$.messages')"
                            + " as |m|}}\"id-{{@index}}\"{{#unless @last}},{{/unless}}{{/each}}]}")
                    .withTransformers("response-template")));
    return google;
  }

  /**
   * Publishes a fan-out of {@code count} batches of {@code projects} projects each to WireMock and
   * returns the calls it made, once every batch got its id.
   */
  private static List<LoggedRequest> fanOutCalls(int count, int projects) {
    String path = "/v1/projects/sentinel-ops/topics/scans:publish";
    WireMockServer google = countingPubSub(path);
    try {
      RestScanPublisher publisher =
          RestScanPublisher.create(
              "projects/sentinel-ops/topics/scans", "127.0.0.1:" + google.port(), HTTP);
      List<ScanRequest> batches = new ArrayList<>();
      for (int batch = 1; batch <= count; batch++) {
        batches.add(sweepBatch(batch, count, projects));
      }

      assertThat(publisher.publishAll(batches)).hasSize(count);
      return google.findAll(postRequestedFor(urlPathEqualTo(path)));
    } finally {
      google.stop();
    }
  }

  private static int messages(LoggedRequest call) {
    return JsonParser.parseString(call.getBodyAsString())
        .getAsJsonObject()
        .getAsJsonArray("messages")
        .size();
  }

  @Test
  void publishAll_moreThanAThousand_sendsAThousandACall() {
    List<LoggedRequest> calls = fanOutCalls(1_001, 1);

    assertThat(calls).hasSize(2);
    assertThat(messages(calls.get(0))).isEqualTo(1_000);
    assertThat(messages(calls.get(1))).isEqualTo(1);
  }

  @Test
  void publishAll_overTenMegabytes_splitsSoNoCallIsLarger() {
    // 1,000 projects a batch, the most SCAN_BATCH_SIZE allows: about 50 KB a message encoded.
    List<LoggedRequest> calls = fanOutCalls(300, 1_000);

    assertThat(calls.size()).isAtLeast(2);
    int sent = 0;
    for (LoggedRequest call : calls) {
      assertThat(call.getBody().length).isAtMost(10_000_000);
      sent += messages(call);
    }
    assertThat(sent).isEqualTo(300);
  }

  @Test
  void publishAll_answeredWithFewerIdsThanSent_failsTransiently() {
    String path = "/v1/projects/sentinel-ops/topics/scans:publish";
    WireMockServer google = new WireMockServer(wireMockConfig().dynamicPort());
    google.start();
    try {
      google.stubFor(post(urlPathEqualTo(path)).willReturn(okJson("{\"messageIds\":[\"1\"]}")));
      RestScanPublisher publisher =
          RestScanPublisher.create(
              "projects/sentinel-ops/topics/scans", "127.0.0.1:" + google.port(), HTTP);

      TransientFailureException e =
          assertThrows(
              TransientFailureException.class,
              () -> publisher.publishAll(List.of(sweepBatch(1, 2, 3), sweepBatch(2, 2, 3))));

      assertThat(e).hasMessageThat().contains("lacks a message id for each message sent=2");
    } finally {
      google.stop();
    }
  }
}
