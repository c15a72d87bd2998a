package dev.upgradesentinel.sinks.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.OutcomeUnknownException;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.TestAssessments;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.SinkContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackWebApiSinkTest {
  private static final String TOKEN = "xoxb-1-unitTokenSecret";
  private static final String POST = "/api/chat.postMessage";
  private static final String UPDATE = "/api/chat.update";
  private static final Message MESSAGE =
      new GuidanceRenderer(
              Language.EN, Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC))
          .render(TestAssessments.blockedByControlPlane());
  private static final Receipt ORIGINAL = Receipt.delivered("C0ORIG", "1700000000.000100");

  // Held in a field: java.util.logging keeps loggers only weakly.
  private final Logger productLogger = Logger.getLogger("dev.upgradesentinel");
  private final List<LogRecord> logs = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logs.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final List<Duration> sleeps = new ArrayList<>();
  private WireMockServer slack;

  @BeforeEach
  void setUp() {
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    capture.setLevel(Level.ALL);
    productLogger.addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    productLogger.removeHandler(capture);
    slack.stop();
  }

  private SlackWebApiSink sink() {
    return sink("C0NEW");
  }

  private SlackWebApiSink sink(String channel) {
    return new SlackWebApiSink(
        URI.create(slack.baseUrl() + "/api"),
        TOKEN,
        channel,
        SinkContext.of(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), false)
            .withRequestTimeout(Duration.ofSeconds(5))
            .withSleeper(sleeps::add));
  }

  private static Delivery delivery(Delivery.Kind kind, Optional<Receipt> original) {
    return new Delivery(
        kind, MESSAGE, original, Deadline.after(Duration.ofSeconds(20)), "gus-0123456789abcdef");
  }

  private void answer(String path, String json) {
    slack.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(json)));
  }

  private JsonObject body(String path) {
    return JsonParser.parseString(
            slack.findAll(postRequestedFor(urlEqualTo(path))).get(0).getBodyAsString())
        .getAsJsonObject();
  }

  @Test
  void deliver_newFinding_postsToChannelWithBearerTokenAndReturnsTs() {
    answer(POST, "{\"ok\":true,\"channel\":\"C0NEW\",\"ts\":\"1700000001.000200\"}");

    Receipt receipt = sink().deliver(delivery(Delivery.Kind.NEW, Optional.empty()));

    assertThat(receipt).isEqualTo(Receipt.delivered("C0NEW", "1700000001.000200"));
    slack.verify(
        1,
        postRequestedFor(urlEqualTo(POST))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8")));
    JsonObject body = body(POST);
    assertThat(body.get("channel").getAsString()).isEqualTo("C0NEW");
    assertThat(body.has("thread_ts")).isFalse();
    assertThat(body.has("blocks")).isTrue();
  }

  @Test
  void deliver_reminder_repliesInTheOriginalThread() {
    answer(POST, "{\"ok\":true,\"channel\":\"C0ORIG\",\"ts\":\"1700000002.000300\"}");

    sink().deliver(delivery(Delivery.Kind.REMINDER, Optional.of(ORIGINAL)));

    JsonObject body = body(POST);
    assertThat(body.get("channel").getAsString()).isEqualTo("C0ORIG");
    assertThat(body.get("thread_ts").getAsString()).isEqualTo("1700000000.000100");
  }

  @Test
  void deliver_resolution_updatesTheOriginal() {
    answer(UPDATE, "{\"ok\":true,\"channel\":\"C0ORIG\",\"ts\":\"1700000000.000100\"}");

    Receipt receipt = sink().deliver(delivery(Delivery.Kind.RESOLUTION, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(ORIGINAL);
    JsonObject body = body(UPDATE);
    assertThat(body.get("ts").getAsString()).isEqualTo("1700000000.000100");
    assertThat(body.get("channel").getAsString()).isEqualTo("C0ORIG");
    slack.verify(0, postRequestedFor(urlEqualTo(POST)));
  }

  @Test
  void deliver_resolutionOfDeletedOriginal_postsAnew() {
    answer(UPDATE, "{\"ok\":false,\"error\":\"message_not_found\"}");
    answer(POST, "{\"ok\":true,\"channel\":\"C0ORIG\",\"ts\":\"1700000003.000100\"}");

    Receipt receipt = sink().deliver(delivery(Delivery.Kind.RESOLUTION, Optional.of(ORIGINAL)));

    assertThat(receipt.id()).isEqualTo("1700000003.000100");
    assertThat(body(POST).has("ts")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "msg_too_long",
        "invalid_blocks"
      })
  void deliver_permanentError_logsSevereAndReturnsRefused(String error) {
    answer(POST, "{\"ok\":false,\"error\":\"" + error + "\"}");

    Receipt receipt = sink().deliver(delivery(Delivery.Kind.NEW, Optional.empty()));

    assertThat(receipt.outcome()).isEqualTo(Receipt.Outcome.REFUSED);
    List<LogRecord> severe = logs.stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
    assertThat(severe).hasSize(1);
    assertThat(severe.get(0).getMessage()).contains("error=" + error);
    slack.verify(1, postRequestedFor(urlEqualTo(POST)));
  }

  @Test
  void deliver_rateLimitedInBody_waitsRetryAfterAndDelivers() {
    slack.stubFor(
        post(urlEqualTo(POST))
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Retry-After", "3")
                    .withBody("{\"ok\":false,\"error\":\"ratelimited\"}"))
            .willSetStateTo("open"));
    slack.stubFor(
        post(urlEqualTo(POST))
            .inScenario("limit")
            .whenScenarioStateIs("open")
            .willReturn(
                aResponse().withBody("{\"ok\":true,\"channel\":\"C0NEW\",\"ts\":\"1.2\"}")));

    Receipt receipt = sink().deliver(delivery(Delivery.Kind.NEW, Optional.empty()));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    assertThat(receipt.id()).isEqualTo("1.2");
  }

  @Test
  void deliver_http429BeyondTheDeadline_throwsTransientWithoutWaiting() {
    slack.stubFor(
        post(urlEqualTo(POST))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

    assertThrows(
        TransientFailureException.class,
        () -> sink().deliver(delivery(Delivery.Kind.NEW, Optional.empty())));

    assertThat(sleeps).isEmpty();
  }

  @Test
  void deliver_serverErrorOrTemporaryError_throwsTransient() {
    answer(POST, "{\"ok\":false,\"error\":\"service_unavailable\"}");
    assertThrows(
        TransientFailureException.class,
        () -> sink().deliver(delivery(Delivery.Kind.NEW, Optional.empty())));

    slack.stubFor(post(urlEqualTo(POST)).willReturn(aResponse().withStatus(503)));
    assertThrows(
        TransientFailureException.class,
        () -> sink().deliver(delivery(Delivery.Kind.NEW, Optional.empty())));
  }

  @Test
  void deliver_anyOutcome_neverLogsOrThrowsTheToken() {
    List<String> seen = new ArrayList<>();
    answer(POST, "{\"ok\":false,\"error\":\"invalid_auth\",\"echo\":\"" + TOKEN + "\"}");
    sink().deliver(delivery(Delivery.Kind.NEW, Optional.empty()));
    slack.resetAll();
    slack.stubFor(post(urlEqualTo(POST)).willReturn(aResponse().withStatus(500).withBody(TOKEN)));
    seen.add(
        String.valueOf(
            assertThrows(
                    TransientFailureException.class,
                    () -> sink().deliver(delivery(Delivery.Kind.NEW, Optional.empty())))
                .getMessage()));

    SimpleFormatter formatter = new SimpleFormatter();
    logs.forEach(record -> seen.add(formatter.format(record)));
    assertThat(logs).isNotEmpty();
    for (String text : seen) {
      assertThat(text).doesNotContain("unitTokenSecret");
    }
  }

  private static final String KEY = "gus-0123456789abcdef/a1-new";
  private static final Instant FIRST_ATTEMPT = Instant.parse("2026-12-02T03:00:00Z");
  private static final String HISTORY = "/api/conversations.history";
  private static final String REPLIES = "/api/conversations.replies";

  private static Delivery keyed(Delivery.Kind kind, Optional<Receipt> original, String key) {
    return new Delivery(
        kind,
        MESSAGE,
        original,
        Deadline.after(Duration.ofSeconds(20)),
        "gus-0123456789abcdef",
        Optional.empty(),
        key);
  }

  /** A message of ours as conversations.history and conversations.replies return it. */
  private static String ours(String ts, String key) {
    return "{\"type\":\"message\",\"user\":\"U0BOT\",\"bot_id\":\"B0BOT\",\"text\":\"Cluster"
        + " checkout\",\"ts\":\""
        + ts
        + "\",\"metadata\":{\"event_type\":\"gke_upgrade_finding_posted\",\"event_payload\":"
        + "{\"finding_id\":\"gus-0123456789abcdef\",\"message_key\":\""
        + key
        + "\"}}}";
  }

  private void history(String path, String... messages) {
    slack.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"ok\":true,\"messages\":["
                            + String.join(",", messages)
                            + "],\"has_more\":false}")));
  }

  private int lookUps(String path) {
    return slack.findAll(getRequestedFor(urlPathEqualTo(path))).size();
  }

  @Test
  void deliver_postsMetadataNamingTheFindingAndTheMessage() {
    answer(POST, "{\"ok\":true,\"channel\":\"C0NEW\",\"ts\":\"1700000001.000200\"}");

    sink().deliver(keyed(Delivery.Kind.NEW, Optional.empty(), KEY));

    JsonObject metadata = body(POST).getAsJsonObject("metadata");
    assertThat(metadata.get("event_type").getAsString()).isEqualTo("gke_upgrade_finding_posted");
    JsonObject payload = metadata.getAsJsonObject("event_payload");
    assertThat(payload.get("finding_id").getAsString()).isEqualTo("gus-0123456789abcdef");
    assertThat(payload.get("message_key").getAsString()).isEqualTo(KEY);
    assertThat(lookUps(HISTORY)).isEqualTo(0);
  }

  @Test
  void deliver_afterAnAttemptWhoseAnswerWasLost_adoptsTheMessageFoundInTheChannel() {
    history(
        HISTORY,
        ours("1764644500.000300", "gus-0123456789abcdef/a0-new"),
        ours("1764644401.000200", KEY));
    answer(POST, "{\"ok\":true,\"channel\":\"C0NEW\",\"ts\":\"1764644600.000100\"}");

    Receipt receipt =
        sink()
            .deliver(
                keyed(Delivery.Kind.NEW, Optional.empty(), KEY).after(Optional.of(FIRST_ATTEMPT)));

    assertThat(receipt).isEqualTo(Receipt.delivered("C0NEW", "1764644401.000200"));
    assertThat(slack.findAll(postRequestedFor(urlEqualTo(POST)))).isEmpty();
    var lookUp = slack.findAll(getRequestedFor(urlPathEqualTo(HISTORY))).get(0);
    assertThat(lookUp.queryParameter("channel").firstValue()).isEqualTo("C0NEW");
    // A minute before the first attempt, for the clocks' difference.
    assertThat(lookUp.queryParameter("oldest").firstValue())
        .isEqualTo(FIRST_ATTEMPT.minusSeconds(60).getEpochSecond() + ".000000");
    assertThat(lookUp.queryParameter("include_all_metadata").firstValue()).isEqualTo("true");
    assertThat(lookUp.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void deliver_afterALostAttemptThatDidNotPost_postsOnce() {
    history(HISTORY, ours("1764644500.000300", "gus-0123456789abcdef/a0-new"));
    answer(POST, "{\"ok\":true,\"channel\":\"C0NEW\",\"ts\":\"1764644600.000100\"}");

    Receipt receipt =
        sink()
            .deliver(
                keyed(Delivery.Kind.NEW, Optional.empty(), KEY).after(Optional.of(FIRST_ATTEMPT)));

    assertThat(receipt).isEqualTo(Receipt.delivered("C0NEW", "1764644600.000100"));
    assertThat(slack.findAll(postRequestedFor(urlEqualTo(POST)))).hasSize(1);
    assertThat(lookUps(HISTORY)).isEqualTo(1);
  }

  @Test
  void deliver_replyAfterALostAttempt_looksInTheThread() {
    String key = "gus-0123456789abcdef/a2-update";
    history(
        REPLIES,
        ours(ORIGINAL.id(), "gus-0123456789abcdef/a1-new"),
        ours("1764644402.000500", key));

    Receipt receipt =
        sink()
            .deliver(
                keyed(Delivery.Kind.UPDATE, Optional.of(ORIGINAL), key)
                    .after(Optional.of(FIRST_ATTEMPT)));

    assertThat(receipt).isEqualTo(Receipt.delivered("C0ORIG", "1764644402.000500"));
    assertThat(slack.findAll(postRequestedFor(urlEqualTo(POST)))).isEmpty();
    var lookUp = slack.findAll(getRequestedFor(urlPathEqualTo(REPLIES))).get(0);
    assertThat(lookUp.queryParameter("channel").firstValue()).isEqualTo("C0ORIG");
    assertThat(lookUp.queryParameter("ts").firstValue()).isEqualTo(ORIGINAL.id());
    assertThat(lookUps(HISTORY)).isEqualTo(0);
  }

  @Test
  void deliver_lookUpWithoutTheHistoryScope_postsAndSaysWhichScopeIsMissing() {
    slack.stubFor(
        get(urlPathEqualTo(HISTORY))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"channels:history\"}")));
    answer(POST, "{\"ok\":true,\"channel\":\"C0NEW\",\"ts\":\"1764644600.000100\"}");

    Receipt receipt =
        sink()
            .deliver(
                keyed(Delivery.Kind.NEW, Optional.empty(), KEY).after(Optional.of(FIRST_ATTEMPT)));

    assertThat(receipt.id()).isEqualTo("1764644600.000100");
    assertThat(
            logs.stream()
                .filter(r -> r.getLevel() == Level.WARNING)
                .map(LogRecord::getMessage)
                .filter(m -> m.contains("channels:history") && m.contains("missing_scope")))
        .isNotEmpty();
  }

  @Test
  void deliver_lookUpFailing_isRetriedLaterWithoutPosting() {
    slack.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(aResponse().withStatus(503)));

    assertThrows(
        TransientFailureException.class,
        () ->
            sink()
                .deliver(
                    keyed(Delivery.Kind.NEW, Optional.empty(), KEY)
                        .after(Optional.of(FIRST_ATTEMPT))));

    assertThat(slack.findAll(postRequestedFor(urlEqualTo(POST)))).isEmpty();
  }

  @Test
  void deliver_channelGivenByName_cannotBeLookedUp_postsAndWarns() {
    answer(POST, "{\"ok\":true,\"channel\":\"C0NEW\",\"ts\":\"1764644600.000100\"}");

    sink("#gke-upgrades")
        .deliver(keyed(Delivery.Kind.NEW, Optional.empty(), KEY).after(Optional.of(FIRST_ATTEMPT)));

    assertThat(lookUps(HISTORY)).isEqualTo(0);
    assertThat(slack.findAll(postRequestedFor(urlEqualTo(POST)))).hasSize(1);
    assertThat(
            logs.stream()
                .filter(r -> r.getLevel() == Level.WARNING)
                .map(LogRecord::getMessage)
                .filter(m -> m.contains("not given by its id")))
        .isNotEmpty();
  }

  @Test
  void deliver_answerLostOrSlackFailing_leavesTheOutcomeUnknown_butARateLimitDoesNot() {
    slack.stubFor(
        post(urlEqualTo(POST)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    TransientFailureException reset =
        assertThrows(
            TransientFailureException.class,
            () -> sink().deliver(keyed(Delivery.Kind.NEW, Optional.empty(), KEY)));
    answer(POST, "{\"ok\":false,\"error\":\"internal_error\"}");
    TransientFailureException internal =
        assertThrows(
            TransientFailureException.class,
            () -> sink().deliver(keyed(Delivery.Kind.NEW, Optional.empty(), KEY)));
    slack.stubFor(
        post(urlEqualTo(POST))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
    TransientFailureException limited =
        assertThrows(
            TransientFailureException.class,
            () -> sink().deliver(keyed(Delivery.Kind.NEW, Optional.empty(), KEY)));

    assertThat(OutcomeUnknownException.in(reset)).isTrue();
    assertThat(OutcomeUnknownException.in(internal)).isTrue();
    assertThat(OutcomeUnknownException.in(limited)).isFalse();
  }
}
