package dev.upgradesentinel.sinks.chat;

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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleChatSinkTest {
  private static final String PATH = "/v1/spaces/AAAA1234/messages";
  private static final String CREATED =
      "{\"name\":\"spaces/AAAA1234/messages/M1.M1\",\"thread\":{\"name\":\"spaces/AAAA1234/threads/T1\"}}";
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer chat;
  private GoogleChatSink sink;

  @BeforeEach
  void start() {
    chat = new WireMockServer(wireMockConfig().dynamicPort());
    chat.start();
    chat.stubFor(
        post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(CREATED)));
    sink =
        new GoogleChatSink(
            "chat-platform",
            URI.create(chat.baseUrl() + PATH + "?key=KEY123&token=TOKEN456"),
            SinkContext.of(client, false));
  }

  @AfterEach
  void stop() {
    chat.stop();
  }

  @Test
  void deliver_newFinding_postsCardsV2InTheFindingsThread() {
    Receipt receipt = sink.deliver(SinkSamples.delivery(Delivery.Kind.NEW));

    chat.verify(
        postRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("key", equalTo("KEY123"))
            .withQueryParam("token", equalTo("TOKEN456"))
            .withQueryParam("messageReplyOption", equalTo("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
            .withRequestBody(
                matchingJsonPath("$.thread.threadKey", equalTo(SinkSamples.FINDING_ID)))
            .withRequestBody(matchingJsonPath("$.text", equalTo(SinkSamples.MESSAGE.title())))
            .withRequestBody(
                matchingJsonPath("$.cardsV2[0].cardId", equalTo("gke-upgrade-sentinel")))
            .withRequestBody(
                matchingJsonPath(
                    "$.cardsV2[0].card.header.title", equalTo(SinkSamples.MESSAGE.title())))
            .withRequestBody(
                matchingJsonPath("$.cardsV2[0].card.header.subtitle", equalTo("BLOCKED")))
            .withRequestBody(
                matchingJsonPath(
                    "$.cardsV2[0].card.sections[0].widgets[0].decoratedText.topLabel",
                    equalTo("Project"))));
    assertThat(receipt)
        .isEqualTo(Receipt.delivered("spaces/AAAA1234", "spaces/AAAA1234/messages/M1.M1"));
  }

  @Test
  void deliver_reminderAndResolution_sameThreadKeyAsTheNewFinding() {
    Receipt first = sink.deliver(SinkSamples.delivery(Delivery.Kind.NEW));
    sink.deliver(
        SinkSamples.delivery(Delivery.Kind.REMINDER, SinkSamples.MESSAGE, Optional.of(first)));
    sink.deliver(
        SinkSamples.delivery(Delivery.Kind.RESOLUTION, SinkSamples.MESSAGE, Optional.of(first)));

    chat.verify(
        3,
        postRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("messageReplyOption", equalTo("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"))
            .withRequestBody(
                matchingJsonPath("$.thread.threadKey", equalTo(SinkSamples.FINDING_ID))));
  }

  @Test
  void render_untrustedText_escapedSoItCannotMentionOrInjectHtml() {
    Message message =
        new Message(
            "<users/all> *x*",
            Verdict.AT_RISK,
            List.of(
                Block.Paragraph.of(Span.text("<a href=\"https://evil\">x</a> & <users/all>")),
                Block.Paragraph.of(Span.link("javascript:alert(1)", "click")),
                Block.Paragraph.of(Span.link("https://cloud.google.com/a?b=1&c=\"2\"", "guide"))));

    JsonObject json = new GoogleChatRenderer().render(message);

    String text = json.get("text").getAsString();
    assertThat(text).doesNotContain("<users/all>");
    assertThat(text).doesNotContain("*x*");
    String body = json.getAsJsonArray("cardsV2").toString();
    assertThat(body)
        .contains("&lt;a href=&quot;https://evil&quot;&gt;x&lt;/a&gt; &amp; &lt;users/all&gt;");
    assertThat(body).doesNotContain("javascript:");
    assertThat(body)
        .contains("<a href=\\\"https://cloud.google.com/a?b=1&amp;c=&quot;2&quot;\\\">guide</a>");
  }
}
