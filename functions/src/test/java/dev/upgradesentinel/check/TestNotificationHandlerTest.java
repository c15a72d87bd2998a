package dev.upgradesentinel.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.pagerduty.PagerDutySink;
import dev.upgradesentinel.sinks.slack.SlackWebhookSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestNotificationHandlerTest {
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final GuidanceRenderer renderer = new GuidanceRenderer(Language.EN, Clock.systemUTC());
  private WireMockServer server;
  private TestNotificationHandler handler;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    Map<String, Sink> sinks =
        Map.of(
            "slack-payments",
                new SlackWebhookSink(
                    "slack-payments",
                    URI.create(server.baseUrl() + "/hook"),
                    SinkContext.of(client, false)),
            "pd-oncall",
                new PagerDutySink(
                    "pd-oncall",
                    URI.create(server.baseUrl()),
                    "key",
                    SinkContext.of(client, false)));
    handler = new TestNotificationHandler(() -> sinks, renderer);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static JsonObject json(CheckResponse response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  @Test
  void handle_knownSink_sendsMarkedSampleAndReportsReceipt() {
    server.stubFor(
        post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withBody("ok")));

    CheckResponse response = handler.handle("POST", Map.of("sink", List.of("slack-payments")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).get("sink").getAsString()).isEqualTo("slack-payments");
    assertThat(json(response).get("outcome").getAsString()).isEqualTo("DELIVERED");
    server.verify(
        postRequestedFor(urlEqualTo("/hook"))
            .withRequestBody(
                containing("TEST — sample finding from GKE Upgrade Sentinel, no action needed")));
  }

  @Test
  void handle_pagerDutyAnswers202_reportsDedupKey() {
    server.stubFor(
        post(urlEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody("{\"status\":\"success\",\"dedup_key\":\"gus-0000000000007e57\"}")));

    JsonObject answer = json(handler.handle("POST", Map.of("sink", List.of("pd-oncall"))));

    assertThat(answer.get("channel").getAsString()).isEqualTo("pagerduty");
    assertThat(answer.get("id").getAsString()).isEqualTo("gus-0000000000007e57");
  }

  @Test
  void handle_sinkRefuses_200WithRefused() {
    server.stubFor(
        post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(404).withBody("no_service")));

    CheckResponse response = handler.handle("POST", Map.of("sink", List.of("slack-payments")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).get("outcome").getAsString()).isEqualTo("REFUSED");
  }

  @Test
  void handle_sinkUnavailable_502WithError() {
    server.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(503)));

    CheckResponse response = handler.handle("POST", Map.of("sink", List.of("slack-payments")));

    assertThat(response.status()).isEqualTo(502);
    assertThat(json(response).get("error").getAsString()).contains("status=503");
  }

  @Test
  void handle_unknownSink_404ListingKnownSinks() {
    CheckResponse response = handler.handle("POST", Map.of("sink", List.of("jira-opz")));

    assertThat(response.status()).isEqualTo(404);
    assertThat(json(response).getAsJsonArray("sinks").toString()).contains("slack-payments");
  }

  @Test
  void handle_getOrNoSinkOrSinksNotBuildable_405And400() {
    TestNotificationHandler broken =
        new TestNotificationHandler(
            () -> {
              throw new ConfigException("JIRA_API_TOKEN is not set");
            },
            renderer);

    assertThat(handler.handle("GET", Map.of("sink", List.of("slack-payments"))).status())
        .isEqualTo(405);
    assertThat(handler.handle("GET", Map.of()).headers()).containsEntry("Allow", "POST");
    assertThat(handler.handle("POST", Map.of()).status()).isEqualTo(400);
    assertThat(broken.handle("POST", Map.of("sink", List.of("x"))).body())
        .contains("JIRA_API_TOKEN is not set");
    server.verify(0, postRequestedFor(urlEqualTo("/hook")));
  }
}
