package dev.upgradesentinel.sinks.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JiraSinkTest {
  private static final String EMAIL = "sentinel@example.com";
  private static final String TOKEN = "ATATT3xFfGF0unitJiraTokenSecret";
  private static final String FINDING = "gus-0123456789abcdef";
  private static final String SEARCH = "/rest/api/3/search/jql";
  private static final String CREATE = "/rest/api/3/issue";
  private static final String COMMENT = "/rest/api/3/issue/OPS-7/comment";
  private static final String TRANSITIONS = "/rest/api/3/issue/OPS-7/transitions";
  private static final String BULK_FETCH = "/rest/api/3/issue/bulkfetch";
  private static final GuidanceRenderer GUIDANCE =
      new GuidanceRenderer(
          Language.EN, Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC));
  private static final Message MESSAGE = GUIDANCE.render(TestAssessments.blockedByControlPlane());
  private static final Message RESOLVED =
      GUIDANCE.renderResolution(
          TestAssessments.blockedByControlPlane(), Map.of("default-pool", "COS"));
  private static final Receipt ORIGINAL = Receipt.delivered("OPS", "OPS-7");

  private final LogCapture logs = new LogCapture();
  private final List<Duration> sleeps = new ArrayList<>();
  private WireMockServer jira;

  @BeforeEach
  void setUp() {
    jira = new WireMockServer(wireMockConfig().dynamicPort());
    jira.start();
    logs.start();
  }

  @AfterEach
  void tearDown() {
    logs.stop();
    jira.stop();
  }

  private JiraSink sink(boolean dryRun) {
    return new JiraSink(
        "jira-ops",
        new JiraSink.Settings(
            URI.create(jira.baseUrl() + "/"), EMAIL, TOKEN, "OPS", "Task", "Done"),
        SinkContext.of(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), dryRun)
            .withClock(Clock.fixed(Instant.parse("2026-12-02T03:02:00Z"), ZoneOffset.UTC))
            .withRequestTimeout(Duration.ofSeconds(5))
            .withSleeper(sleeps::add));
  }

  private static Delivery delivery(
      Delivery.Kind kind, Message message, Optional<Receipt> original) {
    return new Delivery(kind, message, original, Deadline.after(Duration.ofSeconds(20)), FINDING);
  }

  private void answer(String path, int status, String json) {
    jira.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(json)));
  }

  private void searchFinds(String issuesJson) {
    answer(SEARCH, 200, "{\"issues\":" + issuesJson + ",\"isLast\":true}");
  }

  private JsonObject body(String path) {
    return JsonParser.parseString(
            jira.findAll(postRequestedFor(urlEqualTo(path))).get(0).getBodyAsString())
        .getAsJsonObject();
  }

  private void transitionsAre(String json) {
    jira.stubFor(
        get(urlEqualTo(TRANSITIONS)).willReturn(aResponse().withStatus(200).withBody(json)));
  }

  @Test
  void name_isTheConfiguredName() {
    assertThat(sink(false).name()).isEqualTo("jira-ops");
  }

  @Test
  void deliver_newAndNoOpenIssue_searchesThenCreatesWithBasicAuthLabelsAndAdf() {
    searchFinds("[]");
    answer(
        CREATE,
        201,
        "{\"id\":\"10001\",\"key\":\"OPS-7\",\"self\":\"https://x/rest/api/3/issue/10001\"}");

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt).isEqualTo(Receipt.delivered("OPS", "OPS-7"));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    jira.verify(
        1,
        postRequestedFor(urlEqualTo(SEARCH))
            .withHeader("Authorization", equalTo(basic))
            .withHeader("Accept", equalTo("application/json")));
    JsonObject search = body(SEARCH);
    assertThat(search.get("jql").getAsString())
        .isEqualTo("project = \"OPS\" AND labels = \"" + FINDING + "\" AND statusCategory != Done");
    assertThat(search.get("fields").toString()).isEqualTo("[\"key\"]");
    assertThat(search.get("maxResults").getAsInt()).isEqualTo(1);
    jira.verify(
        1,
        postRequestedFor(urlEqualTo(CREATE))
            .withHeader("Authorization", equalTo(basic))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8")));
    JsonObject fields = body(CREATE).getAsJsonObject("fields");
    assertThat(fields.getAsJsonObject("project").get("key").getAsString()).isEqualTo("OPS");
    assertThat(fields.getAsJsonObject("issuetype").get("name").getAsString()).isEqualTo("Task");
    assertThat(fields.get("summary").getAsString()).isEqualTo(MESSAGE.title());
    assertThat(fields.get("labels").toString())
        .isEqualTo("[\"" + FINDING + "\",\"gke-upgrade-sentinel\"]");
    AdfAssert.assertValidDocument(fields.getAsJsonObject("description"));
  }

  @Test
  void deliver_newWithOpenIssueForTheFinding_commentsInsteadOfCreatingADuplicate() {
    searchFinds("[{\"id\":\"10001\",\"key\":\"OPS-7\"}]");
    answer(COMMENT, 201, "{\"id\":\"20001\"}");

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt).isEqualTo(Receipt.delivered("OPS", "OPS-7"));
    jira.verify(0, postRequestedFor(urlEqualTo(CREATE)));
    AdfAssert.assertValidDocument(body(COMMENT).getAsJsonObject("body"));
  }

  @Test
  void deliver_newAfterAnAttemptWhoseAnswerWasLost_adoptsTheIssueItOpened() {
    searchFinds("[{\"id\":\"10001\",\"key\":\"OPS-7\"}]");

    Receipt receipt =
        sink(false)
            .deliver(
                delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())
                    .after(Optional.of(Instant.parse("2026-12-02T03:00:00Z"))));

    assertThat(receipt).isEqualTo(Receipt.delivered("OPS", "OPS-7"));
    jira.verify(0, postRequestedFor(urlEqualTo(CREATE)));
    jira.verify(0, postRequestedFor(urlEqualTo(COMMENT)));
  }

  @Test
  void deliver_newAfterALostAttemptThatOpenedNothing_readsTheNewerKeysThenCreatesOnce() {
    findingSearchFinds("[]");
    untouchedIssuesAre(updated("OPS-7", "2026-12-02T02:30:00.000+0000"));
    bulkFetchFinds();
    answer(
        CREATE,
        201,
        "{\"id\":\"10002\",\"key\":\"OPS-8\",\"self\":\"https://x/rest/api/3/issue/10002\"}");

    Receipt receipt =
        sink(false)
            .deliver(
                delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())
                    .after(Optional.of(Instant.parse("2026-12-02T03:00:00Z"))));

    assertThat(receipt).isEqualTo(Receipt.delivered("OPS", "OPS-8"));
    jira.verify(1, postRequestedFor(urlEqualTo(CREATE)));
    jira.verify(1, postRequestedFor(urlEqualTo(BULK_FETCH)));
    JsonObject untouched =
        JsonParser.parseString(
                jira.findAll(
                        postRequestedFor(urlEqualTo(SEARCH))
                            .withRequestBody(matchingJsonPath("$.jql", containing("updated < "))))
                    .get(0)
                    .getBodyAsString())
            .getAsJsonObject();
    // From 02:59 (a minute before the attempt, for the clocks) to the clock's 03:02.
    assertThat(untouched.get("jql").getAsString())
        .isEqualTo("project = \"OPS\" AND updated < \"-3m\" ORDER BY created DESC");
    assertThat(untouched.get("fields").toString()).isEqualTo("[\"updated\"]");
    JsonObject fetch = body(BULK_FETCH);
    assertThat(fetch.getAsJsonArray("issueIdsOrKeys").get(0).getAsString()).isEqualTo("OPS-8");
    assertThat(fetch.get("fields").toString()).isEqualTo("[\"labels\",\"status\"]");
  }

  @Test
  void deliver_newAfterALostAttemptInABusyProject_readsAtMost500KeysThenCreatesAndWarns() {
    // Nothing older than the attempt is listed, and every call's last key is there: the look-up
    // cannot end by itself, so it stops after its last call and goes by the search.
    findingSearchFinds("[]");
    untouchedIssuesAre();
    for (int last = 100; last <= 600; last += 100) {
      jira.stubFor(
          post(urlEqualTo(BULK_FETCH))
              .withRequestBody(matchingJsonPath("$.issueIdsOrKeys[99]", equalTo("OPS-" + last)))
              .willReturn(
                  okJson(
                      "{\"issues\":["
                          + fetched("OPS-" + last, "gus-fedcba9876543210", "new")
                          + "]}")));
    }
    answer(CREATE, 201, "{\"id\":\"10601\",\"key\":\"OPS-601\"}");

    Receipt receipt =
        sink(false)
            .deliver(
                delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())
                    .after(Optional.of(LOST_ATTEMPT)));

    assertThat(receipt).isEqualTo(Receipt.delivered("OPS", "OPS-601"));
    jira.verify(5, postRequestedFor(urlEqualTo(BULK_FETCH)));
    assertThat(logs.messages(Level.WARNING)).hasSize(1);
    assertThat(logs.messages(Level.WARNING).get(0)).contains("read=OPS-1..OPS-500");
  }

  @Test
  void deliver_newAfterALostAttempt_doesNotAdoptADoneIssueWithTheLabel() {
    findingSearchFinds("[]");
    untouchedIssuesAre(updated("OPS-6", "2026-12-02T02:40:00.000+0000"));
    bulkFetchFinds(fetched("OPS-7", FINDING, "done"));
    answer(CREATE, 201, "{\"id\":\"10008\",\"key\":\"OPS-8\"}");

    Receipt receipt =
        sink(false)
            .deliver(
                delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())
                    .after(Optional.of(LOST_ATTEMPT)));

    assertThat(receipt).isEqualTo(Receipt.delivered("OPS", "OPS-8"));
  }

  /** The search for the finding's open issue answers from an index that may lag. */
  private void findingSearchFinds(String issuesJson) {
    jira.stubFor(
        post(urlEqualTo(SEARCH))
            .withRequestBody(matchingJsonPath("$.jql", containing("labels = ")))
            .willReturn(okJson("{\"issues\":" + issuesJson + ",\"isLast\":true}")));
  }

  /** The search for the project's issues left alone since before the lost attempt. */
  private void untouchedIssuesAre(String... issues) {
    jira.stubFor(
        post(urlEqualTo(SEARCH))
            .withRequestBody(matchingJsonPath("$.jql", containing("updated < ")))
            .willReturn(okJson("{\"issues\":[" + String.join(",", issues) + "],\"isLast\":true}")));
  }

  /** An issue as the search lists it with its {@code updated} field. */
  private static String updated(String key, String time) {
    return "{\"id\":\"1000"
        + key.substring(4)
        + "\",\"key\":\""
        + key
        + "\",\"fields\":{\"updated\":\""
        + time
        + "\"}}";
  }

  /** An issue as Bulk fetch returns it with its labels and status. */
  private static String fetched(String key, String label, String statusCategory) {
    return "{\"id\":\"1000"
        + key.substring(4)
        + "\",\"key\":\""
        + key
        + "\",\"fields\":{\"labels\":[\""
        + label
        + "\",\"gke-upgrade-sentinel\"],\"status\":{\"name\":\"Status\",\"statusCategory\":"
        + "{\"key\":\""
        + statusCategory
        + "\"}}}}";
  }

  private void bulkFetchFinds(String... issues) {
    jira.stubFor(
        post(urlEqualTo(BULK_FETCH))
            .willReturn(
                okJson("{\"issues\":[" + String.join(",", issues) + "],\"issueErrors\":[]}")));
  }

  @Test
  void deliver_newAfterALostCreateTheSearchHasNotIndexedYet_findsTheIssueByKeyAndCreatesNone() {
    // The lost attempt opened OPS-7 at 03:00:01; the search's index does not list it yet. OPS-9
    // was touched since the attempt began, so only OPS-6 tells where the attempt's key begins.
    findingSearchFinds("[]");
    untouchedIssuesAre(
        updated("OPS-9", "2026-12-02T03:01:10.000+0000"),
        updated("OPS-6", "2026-12-02T02:40:00.000+0000"));
    bulkFetchFinds(
        fetched("OPS-7", FINDING, "new"),
        fetched("OPS-8", "gus-fedcba9876543210", "new"),
        fetched("OPS-9", "gus-fedcba9876543210", "done"));
    answer(CREATE, 201, "{\"id\":\"10010\",\"key\":\"OPS-10\"}");

    Receipt receipt =
        sink(false)
            .deliver(
                delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())
                    .after(Optional.of(LOST_ATTEMPT)));

    assertThat(receipt).isEqualTo(Receipt.delivered("OPS", "OPS-7"));
    jira.verify(0, postRequestedFor(urlEqualTo(CREATE)));
    jira.verify(0, postRequestedFor(urlEqualTo(COMMENT)));
    JsonObject fetch = body(BULK_FETCH);
    assertThat(fetch.getAsJsonArray("issueIdsOrKeys").get(0).getAsString()).isEqualTo("OPS-7");
    assertThat(fetch.getAsJsonArray("issueIdsOrKeys").size()).isEqualTo(100);
  }

  /** A comment as Jira lists it: its body is the message as the sink renders it. */
  private static String listedComment(Message message, String created) {
    JsonObject comment = new JsonObject();
    comment.addProperty("id", "20009");
    comment.addProperty("created", created);
    comment.add("body", new JiraDocumentRenderer().render(message));
    return comment.toString();
  }

  private void commentsAre(String... comments) {
    jira.stubFor(
        get(urlPathEqualTo(COMMENT))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"startAt\":0,\"maxResults\":20,\"total\":"
                            + comments.length
                            + ",\"comments\":["
                            + String.join(",", comments)
                            + "]}")));
  }

  private static final Instant LOST_ATTEMPT = Instant.parse("2026-12-02T03:00:00Z");

  @Test
  void deliver_resolutionAfterALostAnswer_findsItsCommentAndOnlyCloses() {
    commentsAre(listedComment(RESOLVED, "2026-12-02T03:00:02.115+0000"));
    transitionsAre(
        "{\"transitions\":[{\"id\":\"31\",\"name\":\"Done\",\"to\":{\"name\":\"Done\"}}]}");
    answer(TRANSITIONS, 204, "");

    Receipt receipt =
        sink(false)
            .deliver(
                delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.of(ORIGINAL))
                    .after(Optional.of(LOST_ATTEMPT)));

    assertThat(receipt).isEqualTo(ORIGINAL);
    jira.verify(0, postRequestedFor(urlEqualTo(COMMENT)));
    jira.verify(1, postRequestedFor(urlEqualTo(TRANSITIONS)));
    var lookUp = jira.findAll(getRequestedFor(urlPathEqualTo(COMMENT))).get(0);
    assertThat(lookUp.queryParameter("orderBy").firstValue()).isEqualTo("-created");
  }

  @Test
  void deliver_updateAfterALostAnswer_commentsWhenOnlyOtherOrOlderCommentsAreThere() {
    commentsAre(
        listedComment(RESOLVED, "2026-12-02T03:00:02.115+0000"),
        listedComment(MESSAGE, "2026-12-02T02:50:00.000+0000"));
    answer(COMMENT, 201, "{\"id\":\"20010\"}");

    sink(false)
        .deliver(
            delivery(Delivery.Kind.UPDATE, MESSAGE, Optional.of(ORIGINAL))
                .after(Optional.of(LOST_ATTEMPT)));

    jira.verify(1, postRequestedFor(urlEqualTo(COMMENT)));
  }

  @Test
  void deliver_reminder_commentsOnTheOriginalIssueWithoutSearching() {
    answer(COMMENT, 201, "{\"id\":\"20002\"}");

    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.REMINDER, MESSAGE, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(ORIGINAL);
    jira.verify(0, postRequestedFor(urlEqualTo(SEARCH)));
    AdfAssert.assertValidDocument(body(COMMENT).getAsJsonObject("body"));
  }

  @Test
  void deliver_updateOnDeletedIssue_createsANewOne() {
    answer(
        COMMENT,
        404,
        "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see"
            + " it.\"],\"errors\":{}}");
    searchFinds("[]");
    answer(CREATE, 201, "{\"id\":\"10002\",\"key\":\"OPS-8\"}");

    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.UPDATE, MESSAGE, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(Receipt.delivered("OPS", "OPS-8"));
    assertThat(logs.messages(Level.WARNING).get(0)).contains("ticket=OPS-7");
  }

  @Test
  void deliver_resolution_commentsThenTransitionsByNameIgnoringCase() {
    answer(COMMENT, 201, "{\"id\":\"20003\"}");
    transitionsAre(
        "{\"transitions\":[{\"id\":\"11\",\"name\":\"To Do\",\"to\":{\"name\":\"To Do\"}},"
            + "{\"id\":\"31\",\"name\":\"done\",\"to\":{\"name\":\"Done\"}}]}");
    jira.stubFor(post(urlEqualTo(TRANSITIONS)).willReturn(aResponse().withStatus(204)));

    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(ORIGINAL);
    assertThat(AdfAssert.texts(body(COMMENT).getAsJsonObject("body"))).contains(RESOLVED.title());
    jira.verify(1, getRequestedFor(urlEqualTo(TRANSITIONS)));
    assertThat(body(TRANSITIONS).toString()).isEqualTo("{\"transition\":{\"id\":\"31\"}}");
  }

  @Test
  void
      deliver_resolutionWithoutDoneTransition_logsSevereNamingTheAvailableOnesAndKeepsTheComment() {
    answer(COMMENT, 201, "{\"id\":\"20004\"}");
    transitionsAre(
        "{\"transitions\":[{\"id\":\"21\",\"name\":\"Start\",\"to\":{\"name\":\"In Progress\"}}]}");

    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(ORIGINAL);
    jira.verify(1, postRequestedFor(urlEqualTo(COMMENT)));
    jira.verify(0, postRequestedFor(urlEqualTo(TRANSITIONS)));
    assertThat(logs.messages(Level.SEVERE)).hasSize(1);
    assertThat(logs.messages(Level.SEVERE).get(0)).contains("Start (to In Progress)");
  }

  @Test
  void deliver_resolutionWithoutOriginal_closesTheOpenIssueTheSearchFinds() {
    searchFinds("[{\"key\":\"OPS-7\"}]");
    answer(COMMENT, 201, "{}");
    transitionsAre(
        "{\"transitions\":[{\"id\":\"41\",\"name\":\"Close\",\"to\":{\"name\":\"Done\"}}]}");
    jira.stubFor(post(urlEqualTo(TRANSITIONS)).willReturn(aResponse().withStatus(204)));

    Receipt receipt =
        sink(false).deliver(delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.empty()));

    assertThat(receipt).isEqualTo(ORIGINAL);
    assertThat(body(TRANSITIONS).toString()).contains("\"41\"");
  }

  @Test
  void deliver_followUp_commentsOnTheFindingsIssue_andOpensNoneWhenThereIsNoneOrItIsGone() {
    answer(COMMENT, 201, "{\"id\":\"20003\"}");

    Receipt commented =
        sink(false).deliver(delivery(Delivery.Kind.FOLLOW_UP, MESSAGE, Optional.of(ORIGINAL)));
    Receipt withoutIssue =
        sink(false).deliver(delivery(Delivery.Kind.FOLLOW_UP, MESSAGE, Optional.empty()));

    assertThat(commented).isEqualTo(ORIGINAL);
    assertThat(withoutIssue).isEqualTo(Receipt.delivered());
    jira.verify(1, postRequestedFor(urlEqualTo(COMMENT)));
    jira.verify(0, postRequestedFor(urlEqualTo(CREATE)));
    jira.verify(0, postRequestedFor(urlEqualTo(SEARCH)));

    answer(COMMENT, 404, "{\"errorMessages\":[\"Issue does not exist\"],\"errors\":{}}");
    Receipt gone =
        sink(false).deliver(delivery(Delivery.Kind.FOLLOW_UP, MESSAGE, Optional.of(ORIGINAL)));

    assertThat(gone).isEqualTo(Receipt.delivered());
    jira.verify(0, postRequestedFor(urlEqualTo(CREATE)));
  }

  @Test
  void deliver_noticeOrStandAlone_sendsNothing() {
    Receipt notice = sink(false).deliver(delivery(Delivery.Kind.NOTICE, MESSAGE, Optional.empty()));
    sink(false).send(MESSAGE);

    assertThat(notice).isEqualTo(Receipt.delivered());
    jira.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void deliver_unauthorized_refusesWithJirasMessage() {
    answer(
        SEARCH,
        401,
        "{\"errorMessages\":[\"Client must be authenticated to access this"
            + " resource.\"],\"errors\":{}}");

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt.outcome()).isEqualTo(Receipt.Outcome.REFUSED);
    assertThat(logs.messages(Level.SEVERE).get(0))
        .contains("status=401 jira=\"Client must be authenticated to access this resource.\"");
  }

  @Test
  void deliver_forbiddenOrUnknownProject_refuses() {
    searchFinds("[]");
    answer(
        CREATE,
        403,
        "{\"errorMessages\":[],\"errors\":{\"project\":\"You do not have permission to create"
            + " issues in this project.\"}}");
    assertThat(
            sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())).outcome())
        .isEqualTo(Receipt.Outcome.REFUSED);

    answer(CREATE, 404, "{\"errorMessages\":[\"No project could be found with key 'OPS'.\"]}");
    assertThat(
            sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())).outcome())
        .isEqualTo(Receipt.Outcome.REFUSED);

    List<String> severe = logs.messages(Level.SEVERE);
    assertThat(severe.get(0)).contains("project: You do not have permission to create issues");
    assertThat(severe.get(1)).contains("No project could be found");
  }

  @Test
  void deliver_badRequest_refusesWithFieldErrors() {
    searchFinds("[]");
    answer(
        CREATE,
        400,
        "{\"errorMessages\":[],\"errors\":{\"issuetype\":\"Specify a valid issue type\"}}");

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(receipt).isEqualTo(Receipt.refused());
    assertThat(logs.messages(Level.SEVERE).get(0))
        .contains("issuetype: Specify a valid issue type");
  }

  @Test
  void deliver_rateLimited_waitsRetryAfterThenCreates() {
    jira.stubFor(
        post(urlEqualTo(SEARCH))
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
            .willSetStateTo("open"));
    jira.stubFor(
        post(urlEqualTo(SEARCH))
            .inScenario("limit")
            .whenScenarioStateIs("open")
            .willReturn(aResponse().withStatus(200).withBody("{\"issues\":[]}")));
    answer(CREATE, 201, "{\"key\":\"OPS-9\"}");

    Receipt receipt = sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    assertThat(receipt.id()).isEqualTo("OPS-9");
  }

  @Test
  void deliver_serverError_throwsTransient() {
    answer(COMMENT, 503, "");

    assertThrows(
        TransientFailureException.class,
        () ->
            sink(false).deliver(delivery(Delivery.Kind.REMINDER, MESSAGE, Optional.of(ORIGINAL))));
  }

  @Test
  void deliver_dryRun_logsMethodPathAndBodyAndSendsNothing() {
    Receipt receipt =
        sink(true).deliver(delivery(Delivery.Kind.RESOLUTION, RESOLVED, Optional.of(ORIGINAL)));

    assertThat(receipt).isEqualTo(Receipt.delivered());
    jira.verify(0, anyRequestedFor(anyUrl()));
    List<String> info = logs.messages(Level.INFO);
    assertThat(info).hasSize(3);
    assertThat(info.get(0))
        .contains("method=POST path=" + COMMENT + " body={\"body\":{\"type\":\"doc\"");
    assertThat(info.get(1)).contains("method=GET path=" + TRANSITIONS);
    assertThat(info.get(2)).contains("method=POST path=" + TRANSITIONS);
  }

  @Test
  void deliver_anyOutcome_neverLogsTheTokenOrCredentials() {
    String basic =
        Base64.getEncoder().encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    answer(SEARCH, 401, "{\"errorMessages\":[\"bad token " + TOKEN + " / " + basic + "\"]}");
    sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));
    answer(SEARCH, 500, TOKEN);
    TransientFailureException e =
        assertThrows(
            TransientFailureException.class,
            () -> sink(false).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty())));
    sink(true).deliver(delivery(Delivery.Kind.NEW, MESSAGE, Optional.empty()));

    List<String> seen = new ArrayList<>(logs.lines());
    seen.add(e.getMessage());
    assertThat(logs.messages(Level.SEVERE)).isNotEmpty();
    for (String text : seen) {
      assertThat(text).doesNotContain("unitJiraTokenSecret");
      assertThat(text).doesNotContain(basic);
    }
  }
}
