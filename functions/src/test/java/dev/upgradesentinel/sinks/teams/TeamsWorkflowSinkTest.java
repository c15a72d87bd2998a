package dev.upgradesentinel.sinks.teams;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkSamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamsWorkflowSinkTest {
  private static final String PATH = "/workflows/abc123/triggers/manual/paths/invoke";
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer teams;

  @BeforeEach
  void start() {
    teams = new WireMockServer(wireMockConfig().dynamicPort());
    teams.start();
    teams.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202)));
  }

  @AfterEach
  void stop() {
    teams.stop();
  }

  @Test
  void deliver_newFinding_postsMessageWithOneAdaptiveCardAttachment() {
    TeamsWorkflowSink sink =
        new TeamsWorkflowSink(
            "teams-payments",
            URI.create(teams.baseUrl() + PATH + "?api-version=1&sig=SIGxyz"),
            SinkContext.of(client, false));

    Receipt receipt = sink.deliver(SinkSamples.delivery(Delivery.Kind.NEW));

    teams.verify(
        postRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("sig", equalTo("SIGxyz"))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
            .withRequestBody(matchingJsonPath("$.type", equalTo("message")))
            .withRequestBody(
                matchingJsonPath(
                    "$.attachments[0].contentType",
                    equalTo("application/vnd.microsoft.card.adaptive")))
            .withRequestBody(
                matchingJsonPath("$.attachments[0].content.type", equalTo("AdaptiveCard")))
            .withRequestBody(matchingJsonPath("$.attachments[0].content.version", equalTo("1.4")))
            .withRequestBody(
                matchingJsonPath(
                    "$.attachments[0].content.$schema",
                    equalTo("http://adaptivecards.io/schemas/adaptive-card.json")))
            .withRequestBody(
                matchingJsonPath("$.attachments[0].content.body[0].type", equalTo("TextBlock")))
            .withRequestBody(
                matchingJsonPath("$.attachments[0].content.body[1].type", equalTo("FactSet")))
            .withRequestBody(
                matchingJsonPath(
                    "$.attachments[0].content.actions[0].type", equalTo("Action.OpenUrl")))
            .withRequestBody(
                matchingJsonPath(
                    "$.attachments[0].content.actions[0].url",
                    equalTo(SinkSamples.ASSESSMENT.consoleUrl()))));
    assertThat(receipt).isEqualTo(Receipt.delivered());
  }

  @Test
  void render_untrustedText_cannotLinkOrFormat() {
    Message message =
        new Message(
            "[click](https://evil) **x**",
            Verdict.AT_RISK,
            List.of(
                Block.Paragraph.of(
                    Span.text("_see_ [here](https://evil) <at>all</at>"),
                    Span.code("COS_CONTAINERD")),
                Block.Paragraph.of(
                    Span.link("https://cloud.google.com/kubernetes-engine/docs", "guide"))));

    JsonObject card = new AdaptiveCardRenderer().render(message);

    String body = card.toString();
    assertThat(body).doesNotContain("[click](https://evil)");
    assertThat(body).doesNotContain("**x**");
    assertThat(body).doesNotContain("[here](https://evil)");
    assertThat(body).doesNotContain("<at>");
    assertThat(body).contains("COS_CONTAINERD");
    assertThat(body).contains("[guide](https://cloud.google.com/kubernetes-engine/docs)");
  }
}
