package dev.upgradesentinel.sinks.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.TestAssessments;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.ticket.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubIssuesSinkTest {
  private static final String TOKEN = "github_pat_11unitGitHubTokenSecret";
  private static final String FINDING = "gus-0123456789abcdef";
  private static final String ISSUES = "/repos/acme/platform/issues";
  private static final String COMMENTS = "/repos/acme/platform/issues/42/comments";
  private static final String ISSUE = "/repos/acme/platform/issues/42";
  private static final String SEARCH = ISSUES + "?state=open&per_page=1&labels=" + FINDING;
  private static final Instant NOW = Instant.parse("2026-11-25T07:00:00Z");
  private static final GuidanceRenderer GUIDANCE =
      new GuidanceRenderer(Language.EN, Clock.fixed(NOW, ZoneOffset.UTC));
  private static final Message MESSAGE = GUIDANCE.render(TestAssessments.blockedByControlPlane());
  private static final Message RESOLVED =
      GUIDANCE.renderResolution(
          TestAssessments.blockedByControlPlane(), Map.of("default-pool", "COS"));
  private static final Receipt ORIGINAL = Receipt.delivered("acme/platform", "42");

  private final LogCapture logs = new LogCapture();
  private final List<Duration> sleeps = new ArrayList<>();
  private WireMockServer github;

  @BeforeEach
  void setUp() {
    github = new WireMockServer(wireMockConfig().dynamicPort());
    github.start();
    // No open issue carries the finding's label unless a test says so.
    github.stubFor(get(urlEqualTo(SEARCH)).atPriority(10).willReturn(status(200, "[]")));
    logs.start();
  }

  @AfterEach
  void tearDown() {
    logs.stop();
    github.stop();
  }

  private GitHubIssuesSink sink(boolean dryRun) {
    return new GitHubIssuesSink(
        "github-platform",
        new GitHubIssuesSink.Settings(
            URI.create(github.baseUrl()),
            TOKEN,
            "acme",
            "platform",
            List.of("gke", "upgrade-blocker")),
        SinkContext.of(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), dryRun)
            .withRequestTimeout(Duration.ofSeconds(5))
            .withSleeper(sleeps::add)
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private static Delivery delivery(
      Delivery.Kind kind, Message message, Optional<Receipt> original) {
    return new Delivery(kind, message, original, Deadline.after(Duration.ofSeconds(20)), FINDING);
  }

  private void answer(String path, ResponseDefinitionBuilder response) {
    github.stubFor(post(urlEqualTo(path)).willReturn(response));
  }

  private static ResponseDefinitionBuilder status(int status, String json) {
    return aResponse().withStatus(status).withBody(json);
  }

  private JsonObject body(String path) {
    return JsonParser.parseString(
            github.findAll(anyRequestedFor(urlEqualTo(path))).get(0).getBodyAsString())
        .getAsJsonObject();
  }

  @Test
  void deliver_new_createsIssueWithHeadersLabelsAndMarkdownAndReturnsNumber() {
    answer(
        ISSUES,
        status(
            201,
            "{\"id\":1,\"number\":42,\"html_url\":\"https://github.com/acme/platform/issues/42\"}"));

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt).isEqualTo(ORIGINAL);
    github.verify(
        1,
        postRequestedFor(urlEqualTo(ISSUES))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Accept", equalTo("application/vnd.github+json"))
            .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
            .withHeader("User-Agent", equalTo("gke-upgrade-sentinel")));
    JsonObject body = body(ISSUES);
    assertThat(body.get("title").getAsString()).isEqualTo(MESSAGE.title());
    assertThat(body.get("body").getAsString()).contains("```bash");
    assertThat(body.get("labels").toString())
        .isEqualTo("[\"gke\",\"upgrade-blocker\",\"" + FINDING + "\"]");
  }

  @Test
  void deliver_newWhileAnOpenIssueCarriesTheLabel_commentsOnItInsteadOfOpeningAnother() {
    github.stubFor(
        get(urlEqualTo(SEARCH))
            .atPriority(1)
            .willReturn(status(200, "[{\"number\":42,\"state\":\"open\"}]")));
    answer(COMMENTS, status(201, "{\"id\":7}"));

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt).isEqualTo(Receipt.delivered("acme/platform", "42"));
    github.verify(
        1,
        getRequestedFor(urlEqualTo(SEARCH))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    github.verify(0, postRequestedFor(urlEqualTo(ISSUES)));
    github.verify(1, postRequestedFor(urlEqualTo(COMMENTS)));
  }

  @Test
  void deliver_newAnsweredWithUndocumented200_logsAndTakesTheNumber() {
    answer(ISSUES, status(200, "{\"number\":43}"));

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt.id()).isEqualTo("43");
    assertThat(logs.messages(Level.WARNING).get(0)).contains("status=200 expected=201");
  }

  @Test
  void deliver_reminder_commentsOnTheOriginalIssue() {
    answer(COMMENTS, status(201, "{\"id\":9}"));

    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.REMINDER, MESSAGE, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(ORIGINAL);
    assertThat(body(COMMENTS).get("body").getAsString()).startsWith("## ");
    github.verify(0, postRequestedFor(urlEqualTo(ISSUES)));
  }

  @Test
  void deliver_resolutionAfterALostAnswer_findsItsCommentAndOnlyCloses() {
    JsonArray comments = new JsonArray();
    JsonObject other = new JsonObject();
    other.addProperty("id", 11);
    other.addProperty("body", "Looking into it.");
    comments.add(other);
    JsonObject ours = new JsonObject();
    ours.addProperty("id", 12);
    ours.addProperty("body", new GitHubMarkdownRenderer().render(RESOLVED));
    comments.add(ours);
    github.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(status(200, comments.toString())));
    github.stubFor(
        patch(urlEqualTo(ISSUE)).willReturn(status(200, "{\"number\":42,\"state\":\"closed\"}")));

    Receipt receipt =
        sink(false)
            .deliver(
                delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.of(ORIGINAL))
                    .after(Optional.of(Instant.parse("2026-12-02T03:00:00Z"))));

    assertThat(receipt).isEqualTo(ORIGINAL);
    github.verify(0, postRequestedFor(urlEqualTo(COMMENTS)));
    github.verify(1, patchRequestedFor(urlEqualTo(ISSUE)));
    var lookUp = github.findAll(getRequestedFor(urlPathEqualTo(COMMENTS))).get(0);
    assertThat(lookUp.queryParameter("since").firstValue()).isEqualTo("2026-12-02T02:59:00Z");
  }

  @Test
  void deliver_resolution_commentsThenClosesAsCompleted() {
    answer(COMMENTS, status(201, "{\"id\":10}"));
    github.stubFor(
        patch(urlEqualTo(ISSUE)).willReturn(status(200, "{\"number\":42,\"state\":\"closed\"}")));

    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(ORIGINAL);
    assertThat(body(COMMENTS).get("body").getAsString()).contains("Resolved");
    assertThat(body(ISSUE).toString())
        .isEqualTo("{\"state\":\"closed\",\"state_reason\":\"completed\"}");
    github.verify(
        1,
        patchRequestedFor(urlEqualTo(ISSUE))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void deliver_resolutionWithoutOriginalOrOpenIssue_onlySearches() {
    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.empty()));

    assertThat(receipt).isEqualTo(Receipt.delivered());
    github.verify(1, getRequestedFor(urlEqualTo(SEARCH)));
    github.verify(0, postRequestedFor(anyUrl()));
    github.verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void deliver_updateOnDeletedIssue_opensANewOne() {
    answer(COMMENTS, status(410, "{\"message\":\"This issue was deleted\"}"));
    answer(ISSUES, status(201, "{\"number\":44}"));

    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.UPDATE, MESSAGE, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(Receipt.delivered("acme/platform", "44"));
  }

  @ParameterizedTest
  @CsvSource({
    "401, Bad credentials",
    "403, Resource not accessible by personal access token",
    "404, Not Found",
    "410, Issues are disabled for this repo",
    "422, Validation Failed",
  })
  void deliver_refusal_logsSevereWithGitHubsMessageAndRefuses(int status, String message) {
    answer(
        ISSUES,
        status(
            status,
            "{\"message\":\"" + message + "\",\"documentation_url\":\"https://docs.github.com\"}"));

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt).isEqualTo(Receipt.refused());
    assertThat(sleeps).isEmpty();
    github.verify(1, postRequestedFor(urlEqualTo(ISSUES)));
    List<String> severe = logs.messages(Level.SEVERE);
    assertThat(severe).hasSize(1);
    assertThat(severe.get(0)).contains("status=" + status + " github=\"" + message);
  }

  @Test
  void deliver_validationFailed_namesTheFieldErrors() {
    answer(
        ISSUES,
        status(
            422,
            "{\"message\":\"Validation"
                + " Failed\",\"errors\":[{\"resource\":\"Issue\",\"field\":\"title\",\"code\":\"missing_field\"}]}"));

    sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(logs.messages(Level.SEVERE).get(0)).contains("missing_field");
  }

  @Test
  void deliver_primaryRateLimitOn403_waitsUntilTheResetThenCreates() {
    github.stubFor(
        post(urlEqualTo(ISSUES))
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                status(403, "{\"message\":\"API rate limit exceeded\"}")
                    .withHeader("x-ratelimit-remaining", "0")
                    .withHeader("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 3)))
            .willSetStateTo("open"));
    github.stubFor(
        post(urlEqualTo(ISSUES))
            .inScenario("limit")
            .whenScenarioStateIs("open")
            .willReturn(status(201, "{\"number\":45}")));

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    assertThat(receipt.id()).isEqualTo("45");
  }

  @Test
  void deliver_429WithRetryAfter_waitsThenComments() {
    github.stubFor(
        post(urlEqualTo(COMMENTS))
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(status(429, "{}").withHeader("retry-after", "2"))
            .willSetStateTo("open"));
    github.stubFor(
        post(urlEqualTo(COMMENTS))
            .inScenario("limit")
            .whenScenarioStateIs("open")
            .willReturn(status(201, "{\"id\":11}")));

    sink(false).deliver(delivery(Delivery.Kind.REMINDER, MESSAGE, Optional.of(ORIGINAL)));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void deliver_secondaryRateLimitWithoutWait_throwsTransientWithoutWaiting() {
    answer(
        ISSUES,
        status(
            403,
            "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes"
                + " before you try again.\"}"));

    assertThrows(
        TransientFailureException.class,
        () -> sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())));

    assertThat(sleeps).isEmpty();
  }

  @Test
  void deliver_rateLimitResetBeyondTheDeadline_throwsTransient() {
    answer(
        ISSUES,
        status(403, "{}")
            .withHeader("x-ratelimit-remaining", "0")
            .withHeader("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 3600)));

    assertThrows(
        TransientFailureException.class,
        () -> sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void deliver_serverError_throwsTransient() {
    github.stubFor(patch(urlEqualTo(ISSUE)).willReturn(status(502, "")));
    answer(COMMENTS, status(201, "{}"));

    assertThrows(
        TransientFailureException.class,
        () ->
            sink(false)
                .deliver(delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.of(ORIGINAL))));
  }

  @Test
  void deliver_dryRun_logsTheRequestsAndSendsNothing() {
    Receipt receipt = sink(true).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt).isEqualTo(Receipt.delivered());
    github.verify(0, anyRequestedFor(anyUrl()));
    List<String> info = logs.messages(Level.INFO);
    assertThat(info).hasSize(2);
    assertThat(info.get(0)).contains("DRY_RUN: would send sink=github-platform");
    assertThat(info.get(0)).contains("method=GET path=" + SEARCH);
    assertThat(info.get(1)).contains("method=POST path=" + ISSUES + " body={\"title\":");
  }

  @Test
  void deliver_anyOutcome_neverLogsTheToken() {
    answer(ISSUES, status(401, "{\"message\":\"Bad credentials " + TOKEN + "\"}"));
    sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));
    answer(ISSUES, status(500, TOKEN));
    TransientFailureException e =
        assertThrows(
            TransientFailureException.class,
            () -> sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())));
    sink(true).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    List<String> seen = new ArrayList<>(logs.lines());
    seen.add(e.getMessage());
    assertThat(logs.messages(Level.SEVERE)).isNotEmpty();
    for (String text : seen) {
      assertThat(text).doesNotContain("unitGitHubTokenSecret");
    }
  }
}
