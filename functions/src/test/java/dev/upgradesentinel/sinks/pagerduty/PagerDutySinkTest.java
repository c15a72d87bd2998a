package dev.upgradesentinel.sinks.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkSamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagerDutySinkTest {
  private static final String KEY = "R0UTINGKEY0123456789abcdef012345";
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer pagerDuty;
  private PagerDutySink sink;

  @BeforeEach
  void start() {
    pagerDuty = new WireMockServer(wireMockConfig().dynamicPort());
    pagerDuty.start();
    pagerDuty.stubFor(
        post(urlEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody(
                        "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                            + SinkSamples.FINDING_ID
                            + "\"}")));
    sink =
        new PagerDutySink(
            "pd-oncall", URI.create(pagerDuty.baseUrl()), KEY, SinkContext.of(client, false));
  }

  @AfterEach
  void stop() {
    pagerDuty.stop();
  }

  @Test
  void deliver_newBlockedFinding_triggersWithFindingIdAsDedupKey() {
    Receipt receipt = sink.deliver(SinkSamples.delivery(Delivery.Kind.NEW));

    pagerDuty.verify(
        postRequestedFor(urlEqualTo("/v2/enqueue"))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
            .withRequestBody(matchingJsonPath("$.routing_key", equalTo(KEY)))
            .withRequestBody(matchingJsonPath("$.event_action", equalTo("trigger")))
            .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(SinkSamples.FINDING_ID)))
            .withRequestBody(
                matchingJsonPath("$.payload.summary", equalTo(SinkSamples.MESSAGE.summary())))
            .withRequestBody(
                matchingJsonPath(
                    "$.payload.source",
                    equalTo("projects/shop-prod/locations/us-central1/clusters/checkout")))
            .withRequestBody(matchingJsonPath("$.payload.severity", equalTo("error")))
            .withRequestBody(matchingJsonPath("$.payload.component", equalTo("checkout")))
            .withRequestBody(matchingJsonPath("$.payload.group", equalTo("shop-prod")))
            .withRequestBody(matchingJsonPath("$.payload.class", equalTo("docker-node-images")))
            .withRequestBody(
                matchingJsonPath(
                    "$.payload.custom_details.pools[0]",
                    equalTo("default-pool: COS -> COS_CONTAINERD")))
            .withRequestBody(
                matchingJsonPath("$.links[0].href", equalTo(SinkSamples.ASSESSMENT.consoleUrl()))));
    JsonObject sent = JsonParser.parseString(requests().get(0).getBodyAsString()).getAsJsonObject();
    assertThat(
            sent.getAsJsonObject("payload")
                .getAsJsonObject("custom_details")
                .getAsJsonArray("commands")
                .toString())
        .contains("--image-type=COS_CONTAINERD");
    assertThat(receipt).isEqualTo(Receipt.delivered("pagerduty", SinkSamples.FINDING_ID));
  }

  @Test
  void deliver_lifecycle_triggerTriggerResolveWithOneDedupKey() {
    Receipt first = sink.deliver(SinkSamples.delivery(Delivery.Kind.NEW));
    sink.deliver(
        SinkSamples.delivery(Delivery.Kind.UPDATE, SinkSamples.MESSAGE, Optional.of(first)));
    sink.deliver(
        SinkSamples.delivery(Delivery.Kind.RESOLUTION, SinkSamples.MESSAGE, Optional.of(first)));

    List<String> actions =
        requests().stream()
            .map(r -> JsonParser.parseString(r.getBodyAsString()).getAsJsonObject())
            .map(
                json ->
                    json.get("event_action").getAsString()
                        + ":"
                        + json.get("dedup_key").getAsString())
            .toList();
    assertThat(actions)
        .containsExactly(
            "trigger:" + SinkSamples.FINDING_ID,
            "trigger:" + SinkSamples.FINDING_ID,
            "resolve:" + SinkSamples.FINDING_ID)
        .inOrder();
    pagerDuty.verify(
        postRequestedFor(urlEqualTo("/v2/enqueue"))
            .withRequestBody(
                equalToJson(
                    "{\"routing_key\":\""
                        + KEY
                        + "\",\"dedup_key\":\""
                        + SinkSamples.FINDING_ID
                        + "\",\"event_action\":\"resolve\"}")));
  }

  @Test
  void deliver_failedUpgrade_triggersAnAlertOfItsOwn_keyedByItsMessage_andOtherStepsPageNobody() {
    String key = "shop-prod~us-central1~checkout/failed-0a1b2c3d4e5f60718293";
    Delivery failed =
        new Delivery(
            Delivery.Kind.NOTICE,
            SinkSamples.MESSAGE,
            Optional.empty(),
            Deadline.after(Duration.ofSeconds(20)),
            "",
            Optional.of(lifecycle("FAILED")),
            key);
    Delivery started =
        new Delivery(
            Delivery.Kind.FOLLOW_UP,
            SinkSamples.MESSAGE,
            Optional.of(Receipt.delivered("pagerduty", SinkSamples.FINDING_ID)),
            Deadline.after(Duration.ofSeconds(20)),
            SinkSamples.FINDING_ID,
            Optional.of(lifecycle("STARTED")),
            "shop-prod~us-central1~checkout/started-0a1b2c3d4e5f60718293");

    sink.deliver(failed);
    sink.deliver(started);

    assertThat(requests()).hasSize(1);
    pagerDuty.verify(
        postRequestedFor(urlEqualTo("/v2/enqueue"))
            .withRequestBody(matchingJsonPath("$.event_action", equalTo("trigger")))
            .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(key)))
            .withRequestBody(matchingJsonPath("$.payload.severity", equalTo("error"))));
  }

  /** The checkout cluster, clear, with GKE's lifecycle event of a node pool in the state given. */
  private static Assessment lifecycle(String state) {
    GkeEvent.UpgradeInfo event =
        new GkeEvent.UpgradeInfo(
            "NODE_POOL",
            "operation-1765094400000-7c1f2e3a",
            "2026-12-07T08:00:00Z",
            "",
            "1.33.5-gke.1308000",
            "1.33.5-gke.1400000",
            "default-pool",
            state,
            "",
            GkeEvent.UpgradeInfo.UPGRADE_LIFECYCLE,
            "",
            "");
    return new Assessment(SinkSamples.ASSESSMENT.cluster(), Verdict.CLEAR, event, List.of());
  }

  @Test
  void deliver_digestWithoutFinding_sendsNothing() {
    Receipt receipt =
        sink.deliver(Delivery.of(SinkSamples.MESSAGE, Deadline.after(Duration.ofSeconds(5))));

    assertThat(receipt.outcome()).isEqualTo(Receipt.Outcome.DELIVERED);
    assertThat(requests()).isEmpty();
  }

  @Test
  void deliver_invalidEvent400_refused() {
    pagerDuty.stubFor(
        post(urlEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"status\":\"invalid event\",\"message\":\"Event object is"
                            + " invalid\",\"errors\":[\"'payload.summary' is missing\"]}")));

    assertThat(sink.deliver(SinkSamples.delivery(Delivery.Kind.NEW)).outcome())
        .isEqualTo(Receipt.Outcome.REFUSED);
  }

  private List<LoggedRequest> requests() {
    return pagerDuty.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")));
  }
}
