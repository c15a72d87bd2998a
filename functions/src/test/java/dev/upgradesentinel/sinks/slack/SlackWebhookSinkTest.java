package dev.upgradesentinel.sinks.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.TestAssessments;
import dev.upgradesentinel.sinks.SinkContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackWebhookSinkTest {
  private static final String PATH = "/services/T0SECRET/B0SECRET/xoxSecretToken";
  private static final Message MESSAGE =
      new GuidanceRenderer(
              Language.EN, Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC))
          .render(TestAssessments.blockedByControlPlane());

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
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer slack;
  private URI webhook;

  @BeforeEach
  void setUp() {
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    webhook = URI.create(slack.baseUrl() + PATH);
    capture.setLevel(Level.ALL);
    productLogger.addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    productLogger.removeHandler(capture);
    slack.stop();
  }

  private SlackWebhookSink sink(boolean dryRun) {
    return new SlackWebhookSink(
        webhook,
        SinkContext.of(client, dryRun)
            .withRequestTimeout(Duration.ofSeconds(5))
            .withSleeper(sleeps::add));
  }

  private void answer(int status, String body) {
    slack.stubFor(post(PATH).willReturn(aResponse().withStatus(status).withBody(body)));
  }

  private List<LogRecord> logsAt(Level level) {
    return logs.stream().filter(r -> r.getLevel().equals(level)).toList();
  }

  @Test
  void name_isSlackWebhook() {
    assertThat(sink(false).name()).isEqualTo("slack-webhook");
  }

  @Test
  void send_ok_postsRenderedJsonOnce() {
    answer(200, "ok");

    sink(false).send(MESSAGE);

    slack.verify(
        1,
        postRequestedFor(urlEqualTo(PATH))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson(new SlackMessageRenderer().render(MESSAGE).toString())));
    assertThat(slack.getAllServeEvents()).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void send_rateLimitedThenOk_waitsRetryAfterAndDelivers() {
    slack.stubFor(
        post(PATH)
            .inScenario("rate limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("rate_limited"))
            .willSetStateTo("open"));
    slack.stubFor(
        post(PATH)
            .inScenario("rate limit")
            .whenScenarioStateIs("open")
            .willReturn(aResponse().withStatus(200).withBody("ok")));

    sink(false).send(MESSAGE);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    slack.verify(2, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void send_rateLimitedLongerThanAllowed_throwsTransientWithoutWaiting() {
    slack.stubFor(
        post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> sink(false).send(MESSAGE));

    assertThat(e).hasMessageThat().contains("status=429");
    assertThat(sleeps).isEmpty();
    slack.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void send_rateLimitedOnEveryAttempt_throwsTransientAfterLastAttempt() {
    slack.stubFor(
        post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));

    assertThrows(TransientFailureException.class, () -> sink(false).send(MESSAGE));

    slack.verify(SlackWebhookSink.MAX_ATTEMPTS, postRequestedFor(urlEqualTo(PATH)));
    assertThat(sleeps).hasSize(SlackWebhookSink.MAX_ATTEMPTS - 1);
  }

  @Test
  void send_serverError_throwsTransient() {
    answer(500, "internal_error");

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> sink(false).send(MESSAGE));

    assertThat(e).hasMessageThat().contains("status=500");
    assertThat(e).hasMessageThat().contains("internal_error");
    slack.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @ParameterizedTest
  @CsvSource({
    "400, invalid_payload",
    "403, action_prohibited",
    "404, no_service",
    "410, channel_is_archived"
  })
  void send_permanentRefusal_logsSevereAndReturns(int status, String body) {
    answer(status, body);

    sink(false).send(MESSAGE);

    slack.verify(1, postRequestedFor(urlEqualTo(PATH)));
    List<LogRecord> severe = logsAt(Level.SEVERE);
    assertThat(severe).hasSize(1);
    assertThat(severe.get(0).getMessage()).contains("status=" + status);
    assertThat(severe.get(0).getMessage()).contains("body=\"" + body + "\"");
  }

  @Test
  void send_slackTooSlow_throwsTransientKeepingTimeout() {
    slack.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
    SlackWebhookSink sink =
        new SlackWebhookSink(
            webhook,
            SinkContext.of(client, false)
                .withRequestTimeout(Duration.ofMillis(200))
                .withSleeper(sleeps::add));

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> sink.send(MESSAGE));

    assertThat(e).hasCauseThat().isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void send_dryRun_logsTextAndJsonAndSendsNothing() {
    answer(200, "ok");

    sink(true).send(MESSAGE);

    assertThat(slack.getAllServeEvents()).isEmpty();
    List<LogRecord> info = logsAt(Level.INFO);
    assertThat(info).hasSize(2);
    assertThat(info.get(0).getMessage()).contains(MESSAGE.plainText());
    assertThat(info.get(1).getMessage()).contains("\"blocks\":[");
    assertThat(info.get(1).getMessage()).contains("COS_CONTAINERD");
  }

  @Test
  void send_anyOutcome_neverLogsOrThrowsTheWebhookUrl() {
    List<String> seen = new ArrayList<>();
    // Slack echoing the webhook back must not leak it either.
    answer(404, "no_service for " + webhook);
    sink(false).send(MESSAGE);
    sink(true).send(MESSAGE);
    slack.resetAll();
    answer(200, "ok");
    sink(false).send(MESSAGE);
    for (int status : new int[] {429, 503}) {
      slack.resetAll();
      slack.stubFor(
          post(PATH)
              .willReturn(
                  aResponse().withStatus(status).withHeader("Retry-After", "1").withBody(PATH)));
      seen.add(describe(assertThrows(TransientFailureException.class, this::sendOnce)));
    }
    slack.stop();
    seen.add(describe(assertThrows(TransientFailureException.class, this::sendOnce)));

    SimpleFormatter formatter = new SimpleFormatter();
    logs.forEach(record -> seen.add(formatter.format(record)));
    assertThat(logs).isNotEmpty();
    for (String text : seen) {
      assertThat(text).doesNotContain("xoxSecretToken");
      assertThat(text).doesNotContain(webhook.toString());
    }
  }

  private void sendOnce() {
    sink(false).send(MESSAGE);
  }

  /** An exception as a log line would show it: every message and class in its cause chain. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}
