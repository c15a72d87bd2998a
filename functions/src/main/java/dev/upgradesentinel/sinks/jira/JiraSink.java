package dev.upgradesentinel.sinks.jira;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkKind;
import dev.upgradesentinel.sinks.http.SinkHttp;
import dev.upgradesentinel.sinks.ticket.TicketClient;
import dev.upgradesentinel.sinks.ticket.TicketGoneException;
import dev.upgradesentinel.sinks.ticket.TicketRefusedException;
import dev.upgradesentinel.sinks.ticket.TicketRequest;
import dev.upgradesentinel.sinks.ticket.TicketSink;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Keeps one Jira Cloud issue per finding with the REST API v3: creates it for a new finding
 * (labelled with the finding id and {@code gke-upgrade-sentinel}), comments on it for reminders and
 * updates, and at the resolution comments and moves it through the configured done transition.
 *
 * <p>Before creating, it searches with JQL for an open issue of the project with the finding's
 * label and comments on that one instead, so a lost notification log entry does not open a
 * duplicate.
 *
 * <p>That search ({@code /rest/api/3/search/jql}) is not read-after-write consistent: Atlassian
 * documents that a change may take seconds to minutes to show in it, and its {@code
 * reconcileIssues} makes it consistent only for issue ids the caller names, which a repeat after a
 * create whose answer was lost does not know. So when the search lists nothing after such an
 * attempt, the issues numbered since are read by key with Bulk fetch ({@code
 * /rest/api/3/issue/bulkfetch}, up to 100 keys a call), which reads the issues themselves rather
 * than the search index. Jira numbers a project's issues in sequence, so the attempt's issue has a
 * higher number than any issue the search lists as last updated before the attempt began (less a
 * minute for the clocks); the keys above the highest such number are read until a call's last key
 * is not there yet. This finds the attempt's issue however far the search lags, as long as it is
 * still in the project, open and labelled with the finding id, unless more than 500 numbers were
 * given out since that highest number (logged at WARNING; the search alone decides then), or the
 * last key of a call belongs to an issue deleted or moved away while later ones exist. That Bulk
 * fetch reads what was just written is inferred, not stated: Atlassian names the search endpoints
 * as the eventually consistent ones, and Bulk fetch, which reads issues by id or key as Get issue
 * does, carries no such note.
 *
 * <p>Authentication is Basic with the account's email and API token; the token (and the header made
 * from it) is a secret and never logged. Answers 400, 401, 403 and 404 (an unknown project) are
 * refusals, logged at SEVERE with Jira's {@code errorMessages} and {@code errors}; 404 on an issue
 * the finding opened means it was deleted, and a new one is opened. 429 and 5xx follow {@link
 * SinkHttp}.
 */
public final class JiraSink extends TicketSink {
  /** {@code "type": "jira"}: issues in a Jira Cloud project, as the account of {@code emailEnv}. */
  public static final SinkKind KIND =
      new SinkKind(
          "jira",
          List.of("baseUrl", "emailEnv", "tokenEnv", "project"),
          List.of("issueType", "doneTransition"),
          (s, context) ->
              new JiraSink(
                  s.name(),
                  new Settings(
                      URI.create(s.text("baseUrl")),
                      s.secret("emailEnv"),
                      s.secret("tokenEnv"),
                      s.text("project"),
                      s.textOr("issueType", "Task"),
                      s.textOr("doneTransition", "Done")),
                  context));

  private static final Logger logger = Logger.getLogger(JiraSink.class.getName());

  static final String PRODUCT_LABEL = "gke-upgrade-sentinel";

  /** Jira rejects a longer summary. */
  static final int MAX_SUMMARY = 255;

  /** Bulk fetch reads at most 100 issues a call. */
  static final int KEYS_PER_FETCH = 100;

  /** How many Bulk fetch calls one look-up for an issue the search does not list yet makes. */
  static final int MAX_FETCHES = 5;

  /** How many issues the search for the last number before an attempt reads. */
  private static final int NUMBER_CANDIDATES = 10;

  /** Allowed for the difference between this instance's clock and Jira's. */
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

  private final String projectKey;
  private final String issueType;
  private final String doneTransitionName;
  private final String apiToken;
  private final String authorization;
  private final TicketClient jira;
  private final Clock clock;
  private final JiraDocumentRenderer renderer = new JiraDocumentRenderer();

  /**
   * Where and how issues are filed.
   *
   * @param baseUrl the Jira site, such as {@code https://example.atlassian.net}
   * @param email the Atlassian account the API token belongs to
   * @param apiToken the account's API token, a secret
   * @param projectKey the project issues are created in, such as {@code OPS}
   * @param issueType the issue type's name, such as {@code Task}
   * @param doneTransitionName the workflow transition that closes an issue, such as {@code Done};
   *     matched without regard to case against the transition's name or its target status
   */
  public record Settings(
      URI baseUrl,
      String email,
      String apiToken,
      String projectKey,
      String issueType,
      String doneTransitionName) {
    public Settings {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      Objects.requireNonNull(email, "email == null");
      Objects.requireNonNull(apiToken, "apiToken == null");
      Objects.requireNonNull(projectKey, "projectKey == null");
      Objects.requireNonNull(issueType, "issueType == null");
      Objects.requireNonNull(doneTransitionName, "doneTransitionName == null");
    }

    @Override
    public String toString() {
      return "Settings{baseUrl=" + baseUrl + ", projectKey=" + projectKey + ", apiToken=(set)}";
    }
  }

  /**
   * @param name the sink's name in logs and the notification log, such as {@code jira-ops}
   * @param context the shared HTTP client; with {@code dryRun}, requests are logged, not sent
   */
  public JiraSink(String name, Settings settings, SinkContext context) {
    super(name, settings.projectKey(), context.dryRun());
    this.apiToken = settings.apiToken();
    this.projectKey = settings.projectKey();
    this.issueType = settings.issueType();
    this.doneTransitionName = settings.doneTransitionName();
    this.clock = context.clock();
    this.authorization =
        Base64.getEncoder()
            .encodeToString((settings.email() + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
    SinkHttp http = new SinkHttp(context, "the Jira API", this::redact);
    this.jira =
        new TicketClient(
            settings.baseUrl(),
            Map.of("Authorization", "Basic " + authorization, "Accept", "application/json"),
            http,
            response -> false,
            Duration.ofSeconds(1));
  }

  /**
   * The finding's open issue as the search lists it; after an attempt whose answer was lost, also
   * the one that attempt opened if the search does not list it yet.
   */
  @Override
  protected Optional<String> findOpen(Delivery delivery) {
    TicketRequest request = findRequest(delivery).orElseThrow();
    HttpResponse<String> response = jira.send(request, delivery.deadline());
    JsonObject answer = expect(response, 200, "search for the finding's open issue");
    for (JsonObject issue : objects(answer.get("issues"))) {
      String key = TicketClient.string(issue, "key");
      if (!key.isEmpty()) {
        return Optional.of(key);
      }
    }
    return delivery.earlierAttempt().isPresent()
        ? openedSince(delivery.earlierAttempt().get(), delivery)
        : Optional.empty();
  }

  /**
   * The finding's open issue among those numbered since an attempt that began at {@code attempt},
   * read by key rather than searched for: from the number after the highest one {@link
   * #lastNumberBefore} vouches for, {@value #KEYS_PER_FETCH} keys a call, until a call's last key
   * is not there, at most {@value #MAX_FETCHES} calls.
   */
  private Optional<String> openedSince(Instant attempt, Delivery delivery) {
    long last = lastNumberBefore(attempt.minus(CLOCK_MARGIN), delivery);
    for (int fetch = 0; fetch < MAX_FETCHES; fetch++) {
      long first = last + 1 + (long) fetch * KEYS_PER_FETCH;
      long end = first + KEYS_PER_FETCH - 1;
      HttpResponse<String> response = jira.send(bulkFetch(first, end), delivery.deadline());
      JsonObject answer =
          expect(
              response, 200, "read issues " + issueKey(first) + " to " + issueKey(end) + " by key");
      boolean more = false;
      for (JsonObject issue : objects(answer.get("issues"))) {
        String key = TicketClient.string(issue, "key");
        long number = number(key);
        // A key of another project: the issue asked for was moved there since.
        if (number < first || number > end) {
          continue;
        }
        more |= number == end;
        if (labelled(issue, delivery.findingId()) && !done(issue)) {
          logger.info(
              () ->
                  "the search does not list the issue an earlier attempt opened yet, found it by"
                      + " key "
                      + context(delivery)
                      + " ticket="
                      + key);
          return Optional.of(key);
        }
      }
      if (!more) {
        return Optional.empty();
      }
    }
    logger.warning(
        "more issues were numbered since the earlier attempt than one look-up reads, going by the"
            + " search alone: an issue that attempt opened may be opened again "
            + context(delivery)
            + " read="
            + issueKey(last + 1)
            + ".."
            + issueKey(last + (long) MAX_FETCHES * KEYS_PER_FETCH));
    return Optional.empty();
  }

  /**
   * The highest number among the project's issues that the search lists as last updated before
   * {@code before}, or 0 if it lists none. Such an issue had its key (given when it was created or
   * moved into the project, both updates) before then, and Jira numbers a project's issues in
   * sequence, so every issue opened since has a higher number. A search that lags can only list
   * fewer or older issues, which makes the number lower, never wrong.
   */
  private long lastNumberBefore(Instant before, Delivery delivery) {
    long minutesAgo =
        Math.max(1, (Duration.between(before, clock.instant()).toSeconds() + 59) / 60);
    JsonObject body = new JsonObject();
    body.addProperty(
        "jql",
        "project = "
            + jqlString(projectKey)
            + " AND updated < \"-"
            + minutesAgo
            + "m\" ORDER BY created DESC");
    JsonArray fields = new JsonArray();
    fields.add("updated");
    body.add("fields", fields);
    body.addProperty("maxResults", NUMBER_CANDIDATES);
    HttpResponse<String> response =
        jira.send(TicketRequest.post("/rest/api/3/search/jql", body), delivery.deadline());
    JsonObject answer =
        expect(
            response, 200, "search for the project's issues untouched since the earlier attempt");
    long last = 0;
    for (JsonObject issue : objects(answer.get("issues"))) {
      // The relative date is counted on Jira's clock; the time Jira returns decides.
      Optional<Instant> updated = jiraTime(TicketClient.string(fieldsOf(issue), "updated"));
      if (updated.isPresent() && updated.get().isBefore(before)) {
        last = Math.max(last, number(TicketClient.string(issue, "key")));
      }
    }
    return last;
  }

  /**
   * Bulk fetch of the project's issues numbered {@code first} to {@code end}: labels and status.
   */
  private TicketRequest bulkFetch(long first, long end) {
    JsonArray keys = new JsonArray();
    for (long number = first; number <= end; number++) {
      keys.add(issueKey(number));
    }
    JsonArray fields = new JsonArray();
    fields.add("labels");
    fields.add("status");
    JsonObject body = new JsonObject();
    body.add("issueIdsOrKeys", keys);
    body.add("fields", fields);
    return TicketRequest.post("/rest/api/3/issue/bulkfetch", body);
  }

  private String issueKey(long number) {
    return projectKey + "-" + number;
  }

  /** The number of an issue key of the project, such as 7 for {@code OPS-7}; -1 for any other. */
  private long number(String key) {
    String prefix = projectKey + "-";
    if (!key.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return -1;
    }
    try {
      return Long.parseLong(key.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean labelled(JsonObject issue, String label) {
    for (JsonElement element : array(fieldsOf(issue).get("labels"))) {
      if (element.isJsonPrimitive() && label.equals(element.getAsString())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the issue's status is in the Done category, as JQL's {@code statusCategory}. */
  private static boolean done(JsonObject issue) {
    JsonObject status = object(fieldsOf(issue).get("status"));
    return "done".equals(TicketClient.string(object(status.get("statusCategory")), "key"));
  }

  private static JsonObject fieldsOf(JsonObject issue) {
    return object(issue.get("fields"));
  }

  private static JsonObject object(JsonElement element) {
    return element != null && element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
  }

  private static JsonArray array(JsonElement element) {
    return element != null && element.isJsonArray() ? element.getAsJsonArray() : new JsonArray();
  }

  /** The objects of a JSON array; nothing when it is missing or not an array. */
  private static List<JsonObject> objects(JsonElement element) {
    List<JsonObject> objects = new ArrayList<>();
    for (JsonElement item : array(element)) {
      if (item.isJsonObject()) {
        objects.add(item.getAsJsonObject());
      }
    }
    return objects;
  }

  @Override
  protected Optional<TicketRequest> findRequest(Delivery delivery) {
    JsonObject body = new JsonObject();
    body.addProperty(
        "jql",
        "project = "
            + jqlString(projectKey)
            + " AND labels = "
            + jqlString(delivery.findingId())
            + " AND statusCategory != Done");
    JsonArray fields = new JsonArray();
    fields.add("key");
    body.add("fields", fields);
    body.addProperty("maxResults", 1);
    return Optional.of(TicketRequest.post("/rest/api/3/search/jql", body));
  }

  @Override
  protected String create(Delivery delivery) {
    HttpResponse<String> response = jira.send(createRequest(delivery), delivery.deadline());
    JsonObject answer = expect(response, 201, "create an issue");
    String key = TicketClient.string(answer, "key");
    if (key.isEmpty()) {
      throw new TicketRefusedException(
          "Jira created an issue but named no key status="
              + response.statusCode()
              + " body=\""
              + jira.bodyOf(response)
              + "\"");
    }
    return key;
  }

  @Override
  protected TicketRequest createRequest(Delivery delivery) {
    JsonObject project = new JsonObject();
    project.addProperty("key", projectKey);
    JsonObject type = new JsonObject();
    type.addProperty("name", issueType);
    JsonArray labels = new JsonArray();
    labels.add(delivery.findingId());
    labels.add(PRODUCT_LABEL);
    JsonObject fields = new JsonObject();
    fields.add("project", project);
    fields.add("issuetype", type);
    fields.addProperty("summary", oneLine(delivery.message().title(), MAX_SUMMARY));
    fields.add("description", renderer.render(delivery.message()));
    fields.add("labels", labels);
    JsonObject body = new JsonObject();
    body.add("fields", fields);
    return TicketRequest.post("/rest/api/3/issue", body);
  }

  @Override
  protected void comment(String ticket, Delivery delivery) {
    HttpResponse<String> response =
        jira.send(commentRequest(ticket, delivery), delivery.deadline());
    gone(response, ticket);
    expect(response, 201, "comment on issue " + ticket);
  }

  @Override
  protected TicketRequest commentRequest(String ticket, Delivery delivery) {
    JsonObject body = new JsonObject();
    body.add("body", renderer.render(delivery.message()));
    return TicketRequest.post(issuePath(ticket) + "/comment", body);
  }

  /**
   * Looks through the issue's latest comments for one made since {@code since} (less a minute, for
   * the clocks' difference) whose title heading is the message's.
   */
  @Override
  protected boolean commentedSince(String ticket, Delivery delivery, Instant since) {
    HttpResponse<String> response =
        jira.send(
            TicketRequest.get(
                issuePath(ticket) + "/comment?orderBy=-created&maxResults=" + RECENT_COMMENTS),
            delivery.deadline());
    gone(response, ticket);
    JsonObject answer = expect(response, 200, "list the comments of issue " + ticket);
    String title = headingText(renderer.render(delivery.message()));
    Instant from = since.minus(CLOCK_MARGIN);
    JsonElement comments = answer.get("comments");
    if (comments == null || !comments.isJsonArray()) {
      return false;
    }
    for (JsonElement element : comments.getAsJsonArray()) {
      if (!element.isJsonObject()) {
        continue;
      }
      JsonObject comment = element.getAsJsonObject();
      Optional<Instant> created = jiraTime(TicketClient.string(comment, "created"));
      JsonElement body = comment.get("body");
      if (created.isPresent()
          && !created.get().isBefore(from)
          && body != null
          && body.isJsonObject()
          && title.equals(headingText(body.getAsJsonObject()))) {
        return true;
      }
    }
    return false;
  }

  /** The text of a document's first node when it is a heading, as the renderer puts the title. */
  private static String headingText(JsonObject document) {
    JsonElement content = document.get("content");
    if (content == null || !content.isJsonArray() || content.getAsJsonArray().isEmpty()) {
      return "";
    }
    JsonElement first = content.getAsJsonArray().get(0);
    if (!first.isJsonObject()
        || !"heading".equals(TicketClient.string(first.getAsJsonObject(), "type"))) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    JsonElement inline = first.getAsJsonObject().get("content");
    if (inline != null && inline.isJsonArray()) {
      for (JsonElement node : inline.getAsJsonArray()) {
        if (node.isJsonObject()) {
          text.append(TicketClient.string(node.getAsJsonObject(), "text"));
        }
      }
    }
    return text.toString();
  }

  /** A time as Jira writes it, {@code 2026-12-02T03:00:01.000+0000}; empty if it is not one. */
  private static Optional<Instant> jiraTime(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value, JIRA_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Moves the issue through the done transition. A workflow without it leaves the issue open: the
   * comment already says the finding is resolved, so the delivery still counts, and the SEVERE log
   * names the transitions there are.
   */
  @Override
  protected void close(String ticket, Delivery delivery) {
    List<TicketRequest> requests = closeRequests(ticket);
    HttpResponse<String> response = jira.send(requests.get(0), delivery.deadline());
    gone(response, ticket);
    JsonObject answer = expect(response, 200, "list the transitions of issue " + ticket);
    List<String> available = new ArrayList<>();
    String id = "";
    JsonElement transitions = answer.get("transitions");
    if (transitions != null && transitions.isJsonArray()) {
      for (JsonElement element : transitions.getAsJsonArray()) {
        if (!element.isJsonObject()) {
          continue;
        }
        JsonObject transition = element.getAsJsonObject();
        String transitionName = TicketClient.string(transition, "name");
        JsonElement to = transition.get("to");
        String status =
            to != null && to.isJsonObject()
                ? TicketClient.string(to.getAsJsonObject(), "name")
                : "";
        available.add(transitionName + " (to " + status + ")");
        if (id.isEmpty()
            && (transitionName.equalsIgnoreCase(doneTransitionName)
                || status.equalsIgnoreCase(doneTransitionName))) {
          id = TicketClient.string(transition, "id");
        }
      }
    }
    if (id.isEmpty()) {
      logger.severe(
          "the issue has no transition named like the done transition, leaving it open "
              + context(delivery)
              + " ticket="
              + ticket
              + " doneTransition=\""
              + doneTransitionName
              + "\" available="
              + available);
      return;
    }
    HttpResponse<String> moved = jira.send(transition(ticket, id), delivery.deadline());
    gone(moved, ticket);
    expect(moved, 204, "transition issue " + ticket);
  }

  @Override
  protected List<TicketRequest> closeRequests(String ticket) {
    return List.of(
        TicketRequest.get(issuePath(ticket) + "/transitions"),
        transition(ticket, "<id of \"" + doneTransitionName + "\">"));
  }

  private TicketRequest transition(String ticket, String id) {
    JsonObject transition = new JsonObject();
    transition.addProperty("id", id);
    JsonObject body = new JsonObject();
    body.add("transition", transition);
    return TicketRequest.post(issuePath(ticket) + "/transitions", body);
  }

  /** How many of an issue's latest comments a look-up reads: far more than minutes add. */
  private static final int RECENT_COMMENTS = 20;

  private static final DateTimeFormatter JIRA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private static String issuePath(String ticket) {
    return "/rest/api/3/issue/" + TicketRequest.segment(ticket);
  }

  /**
   * @throws TicketGoneException when Jira answers 404 for an issue the finding opened
   */
  private void gone(HttpResponse<String> response, String ticket) {
    if (response.statusCode() == 404) {
      throw new TicketGoneException(
          "issue=" + ticket + " status=404 jira=\"" + errors(response) + "\"");
    }
  }

  /**
   * The answer's JSON when it has the expected status, or any other 2xx.
   *
   * @throws TicketRefusedException on any other answer, with Jira's words
   */
  private JsonObject expect(HttpResponse<String> response, int status, String what) {
    int actual = response.statusCode();
    if (actual / 100 == 2) {
      if (actual != status) {
        logger.warning(
            "Jira answered an unexpected success, taking it as one what=\""
                + what
                + "\" status="
                + actual
                + " expected="
                + status);
      }
      return TicketClient.json(response);
    }
    String hint =
        switch (actual) {
          case 401 -> " (check the email and API token)";
          case 403 -> " (check the account's permissions in the project)";
          case 404 -> " (check the site URL and the project key)";
          default -> "";
        };
    throw new TicketRefusedException(
        "Jira could not "
            + what
            + hint
            + " status="
            + actual
            + " jira=\""
            + errors(response)
            + "\"");
  }

  /** Jira's {@code errorMessages} and field {@code errors}, or the raw answer without them. */
  private String errors(HttpResponse<String> response) {
    JsonObject answer = TicketClient.json(response);
    List<String> parts = new ArrayList<>();
    JsonElement messages = answer.get("errorMessages");
    if (messages != null && messages.isJsonArray()) {
      messages.getAsJsonArray().forEach(message -> parts.add(text(message)));
    }
    JsonElement errors = answer.get("errors");
    if (errors != null && errors.isJsonObject()) {
      errors
          .getAsJsonObject()
          .entrySet()
          .forEach(e -> parts.add(e.getKey() + ": " + text(e.getValue())));
    }
    return parts.isEmpty() ? jira.bodyOf(response) : redact(String.join("; ", parts));
  }

  private static String text(JsonElement element) {
    return element.isJsonPrimitive() ? element.getAsString() : element.toString();
  }

  /** A JQL string literal; a backslash or quote in the value would otherwise end it. */
  private static String jqlString(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private String redact(String text) {
    String redacted = text.replace(authorization, "[the Jira credentials]");
    // An empty token (a dry run without one) would match everywhere.
    return apiToken.isEmpty() ? redacted : redacted.replace(apiToken, "[the Jira API token]");
  }
}
