package dev.upgradesentinel.sinks.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkSamples;
import dev.upgradesentinel.sinks.chat.GoogleChatSink;
import dev.upgradesentinel.sinks.pagerduty.PagerDutySink;
import dev.upgradesentinel.sinks.teams.TeamsWorkflowSink;
import dev.upgradesentinel.sinks.webhook.WebhookSink;
import dev.upgradesentinel.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The answers every new sink sorts alike, through the one shared retry policy: 4xx other than 429
 * are refused for good with the service's message logged and no secret in it; 429 is retried as the
 * service asks and then left to Pub/Sub; 5xx is left to Pub/Sub at once.
 */
class SinkErrorHandlingTest {
  private static final String SECRET = "s3cretPartQz71";
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer server;
  private LogCapture logs;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    logs = new LogCapture();
  }

  @AfterEach
  void stop() {
    logs.close();
    server.stop();
  }

  private Sink sink(String type) {
    Function<String, URI> url = path -> URI.create(server.baseUrl() + path);
    return switch (type) {
      case "google-chat" ->
          new GoogleChatSink(
              "chat",
              url.apply("/v1/spaces/AAA/messages?key=k&token=" + SECRET),
              SinkContext.of(client, false));
      case "teams" ->
          new TeamsWorkflowSink(
              "teams",
              url.apply("/workflows/wf1/triggers/manual/paths/invoke?sig=" + SECRET),
              SinkContext.of(client, false));
      case "pagerduty" ->
          new PagerDutySink(
              "pd", url.apply(""), "R0UTINGKEY" + SECRET, SinkContext.of(client, false));
      case "webhook" ->
          new WebhookSink(
              "hook",
              url.apply("/hook/" + SECRET),
              "signing-" + SECRET,
              SinkContext.of(client, false));
      default -> throw new IllegalArgumentException(type);
    };
  }

  /** The secret as the sink holds it, which a service may echo back. */
  private static String heldSecret(String type) {
    return switch (type) {
      case "google-chat" -> "key=k&token=" + SECRET;
      case "teams" -> "sig=" + SECRET;
      case "pagerduty" -> "R0UTINGKEY" + SECRET;
      default -> "signing-" + SECRET;
    };
  }

  @ParameterizedTest
  @CsvSource({
    "google-chat, 400", "google-chat, 401", "google-chat, 403", "google-chat, 404",
        "google-chat, 410",
    "teams, 400", "teams, 401", "teams, 403", "teams, 404", "teams, 410",
    "pagerduty, 400", "pagerduty, 401", "pagerduty, 403", "pagerduty, 404", "pagerduty, 410",
    "webhook, 400", "webhook, 401", "webhook, 403", "webhook, 404", "webhook, 410",
  })
  void deliver_permanent4xx_refusedWithServiceMessageLoggedWithoutSecret(String type, int status) {
    server.stubFor(
        post(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withBody(
                        "{\"message\":\"the service says no to " + heldSecret(type) + "\"}")));

    Receipt receipt = sink(type).deliver(SinkSamples.delivery(Delivery.Kind.NEW));

    assertThat(receipt.outcome()).isEqualTo(Receipt.Outcome.REFUSED);
    assertThat(logs.severe()).hasSize(1);
    assertThat(logs.severe().get(0)).contains("status=" + status);
    assertThat(logs.severe().get(0)).contains("the service says no to");
    assertThat(logs.text()).doesNotContain(SECRET);
    server.verify(1, postRequestedFor(anyUrl()));
  }

  @ParameterizedTest
  @CsvSource({"google-chat", "teams", "pagerduty", "webhook"})
  void deliver_429Repeatedly_retriedThenTransient(String type) {
    server.stubFor(
        post(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));

    TransientFailureException e =
        assertThrows(
            TransientFailureException.class,
            () -> sink(type).deliver(SinkSamples.delivery(Delivery.Kind.NEW)));

    assertThat(e).hasMessageThat().contains("rate limited");
    server.verify(SinkHttp.MAX_ATTEMPTS, postRequestedFor(anyUrl()));
  }

  @ParameterizedTest
  @CsvSource({
    "google-chat, 500",
    "google-chat, 503",
    "teams, 502",
    "pagerduty, 500",
    "pagerduty, 503",
    "webhook, 504"
  })
  void deliver_5xx_transientAtOnceWithoutSecret(String type, int status) {
    server.stubFor(
        post(anyUrl())
            .willReturn(aResponse().withStatus(status).withBody("echo " + heldSecret(type))));

    TransientFailureException e =
        assertThrows(
            TransientFailureException.class,
            () -> sink(type).deliver(SinkSamples.delivery(Delivery.Kind.NEW)));

    assertThat(e).hasMessageThat().contains("status=" + status);
    assertThat(e).hasMessageThat().doesNotContain(SECRET);
    server.verify(1, postRequestedFor(anyUrl()));
  }
}
