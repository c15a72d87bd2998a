package dev.upgradesentinel.sinks.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkSamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {
  private static final String SECRET = "whsec-shared-9f8e7d";
  private static final Instant NOW = Instant.parse("2026-11-25T07:00:00Z");
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer receiver;
  private WebhookSink sink;

  @BeforeEach
  void start() {
    receiver = new WireMockServer(wireMockConfig().dynamicPort());
    receiver.start();
    receiver.stubFor(
        post(urlEqualTo("/api/x_sentinel/findings")).willReturn(aResponse().withStatus(201)));
    sink =
        new WebhookSink(
            "servicenow",
            URI.create(receiver.baseUrl() + "/api/x_sentinel/findings"),
            SECRET,
            SinkContext.of(client, false).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @AfterEach
  void stop() {
    receiver.stop();
  }

  @Test
  void deliver_finding_postsTheFindingAsJsonWithVerifiableSignature() throws Exception {
    Receipt receipt = sink.deliver(SinkSamples.delivery(Delivery.Kind.NEW));

    receiver.verify(
        postRequestedFor(urlEqualTo("/api/x_sentinel/findings"))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
            .withHeader("X-Sentinel-Timestamp", equalTo(Long.toString(NOW.getEpochSecond())))
            .withHeader("X-Sentinel-Event", equalTo("NEW")));
    LoggedRequest request =
        receiver.findAll(postRequestedFor(urlEqualTo("/api/x_sentinel/findings"))).get(0);
    // Verified the way the README tells receivers to: HMAC of "timestamp.body", compared in
    // constant time.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected =
        mac.doFinal(
            (request.getHeader("X-Sentinel-Timestamp") + "." + request.getBodyAsString())
                .getBytes(StandardCharsets.UTF_8));
    String header = request.getHeader("X-Sentinel-Signature");
    assertThat(header).startsWith("sha256=");
    assertThat(MessageDigest.isEqual(HexFormat.of().parseHex(header.substring(7)), expected))
        .isTrue();

    JsonObject body = JsonParser.parseString(request.getBodyAsString()).getAsJsonObject();
    assertThat(body.get("findingId").getAsString()).isEqualTo(SinkSamples.FINDING_ID);
    assertThat(body.get("kind").getAsString()).isEqualTo("NEW");
    assertThat(body.get("verdict").getAsString()).isEqualTo("BLOCKED");
    assertThat(body.getAsJsonObject("cluster").get("name").getAsString()).isEqualTo("checkout");
    assertThat(body.getAsJsonObject("cluster").get("consoleUrl").getAsString())
        .isEqualTo(SinkSamples.ASSESSMENT.consoleUrl());
    assertThat(body.getAsJsonArray("dockerNodePools")).hasSize(2);
    assertThat(body.getAsJsonObject("autoprovisioning").get("replacementImageType").getAsString())
        .isEqualTo("COS_CONTAINERD");
    assertThat(body.get("message").getAsString()).isEqualTo(SinkSamples.MESSAGE.plainText());
    assertThat(receipt.outcome()).isEqualTo(Receipt.Outcome.DELIVERED);
  }

  @Test
  void sign_changedBodyOrTimestamp_givesAnotherSignature() {
    String signature = WebhookSignature.sign(SECRET, 1_764_054_000L, "{\"a\":1}");

    assertThat(signature).matches("sha256=[0-9a-f]{64}");
    assertThat(WebhookSignature.sign(SECRET, 1_764_054_001L, "{\"a\":1}")).isNotEqualTo(signature);
    assertThat(WebhookSignature.sign(SECRET, 1_764_054_000L, "{\"a\":2}")).isNotEqualTo(signature);
    assertThat(WebhookSignature.sign("other", 1_764_054_000L, "{\"a\":1}")).isNotEqualTo(signature);
  }

  @Test
  void deliver_namesTheMessageInAHeader_theSameForEveryRetry_noneForStandAloneMessages() {
    Delivery first = SinkSamples.delivery(Delivery.Kind.NEW);
    Delivery keyed =
        new Delivery(
            first.kind(),
            first.message(),
            first.original(),
            first.deadline(),
            first.findingId(),
            first.assessment(),
            SinkSamples.FINDING_ID + "/a1-new");

    sink.deliver(keyed);
    sink.deliver(keyed);
    sink.deliver(Delivery.of(SinkSamples.MESSAGE, first.deadline()));

    List<LoggedRequest> posts =
        receiver.findAll(postRequestedFor(urlEqualTo("/api/x_sentinel/findings")));
    assertThat(posts).hasSize(3);
    String expected = SinkSamples.FINDING_ID + "/a1-new/" + sink.name();
    assertThat(posts.get(0).getHeader(WebhookSink.DELIVERY_HEADER)).isEqualTo(expected);
    assertThat(posts.get(1).getHeader(WebhookSink.DELIVERY_HEADER)).isEqualTo(expected);
    assertThat(posts.get(2).containsHeader(WebhookSink.DELIVERY_HEADER)).isFalse();
  }

  @Test
  void payload_ofAnUpgradeStep_carriesGkesEvent_andOfAFindingNone() {
    GkeEvent.UpgradeInfo failed =
        new GkeEvent.UpgradeInfo(
            "NODE_POOL",
            "operation-1765094400000-7c1f2e3a",
            "2026-12-07T08:00:00Z",
            "",
            "1.33.5-gke.1308000",
            "1.33.5-gke.1400000",
            "projects/shop-prod/locations/us-central1/clusters/checkout/nodePools/default-pool",
            "FAILED",
            "",
            GkeEvent.UpgradeInfo.UPGRADE_LIFECYCLE,
            "",
            "");
    Delivery step =
        new Delivery(
            Delivery.Kind.NOTICE,
            SinkSamples.MESSAGE,
            java.util.Optional.empty(),
            dev.upgradesentinel.base.Deadline.after(java.time.Duration.ofSeconds(20)),
            "",
            java.util.Optional.of(
                new dev.upgradesentinel.assess.Assessment(
                    SinkSamples.ASSESSMENT.cluster(),
                    dev.upgradesentinel.assess.Verdict.CLEAR,
                    failed,
                    java.util.List.of())),
            "shop-prod~us-central1~checkout/failed-0a1b2c3d4e5f60718293");

    JsonObject upgrade = new WebhookPayload().render(step).getAsJsonObject("upgrade");
    JsonObject finding = new WebhookPayload().render(SinkSamples.delivery(Delivery.Kind.NEW));

    assertThat(upgrade.get("state").getAsString()).isEqualTo("FAILED");
    assertThat(upgrade.get("operation").getAsString())
        .isEqualTo("operation-1765094400000-7c1f2e3a");
    assertThat(upgrade.get("targetVersion").getAsString()).isEqualTo("1.33.5-gke.1400000");
    assertThat(finding.get("upgrade").isJsonNull()).isTrue();
  }
}
