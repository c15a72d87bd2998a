package dev.upgradesentinel.sinks.github;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Keeps one GitHub issue per finding with GitHub's REST API: opens it for a new finding (with the
 * configured labels and the finding id as a label), comments on it for reminders and updates, and
 * at the resolution comments and closes it as completed.
 *
 * <p>The token (a fine-grained token with Issues read and write) goes only into the Authorization
 * header and is never logged. Rate limits, answered 429 or 403, are waited out when GitHub names a
 * wait ({@code retry-after}, or {@code x-ratelimit-remaining: 0} with {@code x-ratelimit-reset})
 * that fits the deadline; otherwise, and for a secondary rate limit that names none (GitHub asks
 * for at least a minute then), {@link dev.upgradesentinel.base.TransientFailureException} lets
 * Pub/Sub redeliver later. 401, any other 403, 404 (no such repository, or no access to it), 410
 * (issues disabled) and 422 (validation) are refusals, logged at SEVERE with GitHub's message; 404
 * or 410 for an issue the finding opened means it is gone, and a new one is opened.
 */
public final class GitHubIssuesSink extends TicketSink {
  /** GitHub's REST API, unless the routing config names another (GitHub Enterprise Server). */
  public static final URI DEFAULT_API = URI.create("https://api.github.com");

  /**
   * {@code "type": "github"}: issues in {@code owner}/{@code repo}, with the token of {@code
   * tokenEnv}.
   */
  public static final SinkKind KIND =
      new SinkKind(
          "github",
          List.of("tokenEnv", "owner", "repo"),
          List.of("baseUrl", SinkKind.LIST_FIELD),
          (s, context) ->
              new GitHubIssuesSink(
                  s.name(),
                  new Settings(
                      s.baseUrl(DEFAULT_API),
                      s.secret("tokenEnv"),
                      s.text("owner"),
                      s.text("repo"),
                      s.labels()),
                  context));

  private static final Logger logger = Logger.getLogger(GitHubIssuesSink.class.getName());

  /** GitHub refuses a longer title. */
  static final int MAX_TITLE = 256;

  /** What GitHub asks for after a secondary rate limit that names no wait. */
  static final Duration UNNAMED_RATE_LIMIT_WAIT = Duration.ofMinutes(1);

  private final String repoPath;
  private final List<String> labels;
  private final String token;
  private final TicketClient github;
  private final GitHubMarkdownRenderer renderer = new GitHubMarkdownRenderer();

  /**
   * Where issues are filed.
   *
   * @param apiBaseUrl the REST API's base URL, {@code https://api.github.com} on github.com
   * @param token a token allowed to read and write the repository's issues, a secret
   * @param owner the repository's owner, a user or an organisation
   * @param repo the repository's name
   * @param labels labels for every issue, besides the finding id; they should exist in the
   *     repository, or GitHub creates them for those allowed to
   */
  public record Settings(
      URI apiBaseUrl, String token, String owner, String repo, List<String> labels) {
    public Settings {
      Objects.requireNonNull(apiBaseUrl, "apiBaseUrl == null");
      Objects.requireNonNull(token, "token == null");
      Objects.requireNonNull(owner, "owner == null");
      Objects.requireNonNull(repo, "repo == null");
      labels = List.copyOf(Objects.requireNonNull(labels, "labels == null"));
    }

    @Override
    public String toString() {
      return "Settings{apiBaseUrl="
          + apiBaseUrl
          + ", repo="
          + owner
          + "/"
          + repo
          + ", token=(set)}";
    }
  }

  /**
   * @param name the sink's name in logs and the notification log, such as {@code github-platform}
   * @param context the shared HTTP client; its clock reads GitHub's rate-limit reset times; with
   *     {@code dryRun}, requests are logged, not sent
   */
  public GitHubIssuesSink(String name, Settings settings, SinkContext context) {
    super(name, settings.owner() + "/" + settings.repo(), context.dryRun());
    this.token = settings.token();
    this.labels = settings.labels();
    this.repoPath =
        "/repos/"
            + TicketRequest.segment(settings.owner())
            + "/"
            + TicketRequest.segment(settings.repo());
    SinkHttp http = new SinkHttp(context, "the GitHub API", this::redact);
    this.github =
        new TicketClient(
            settings.apiBaseUrl(),
            Map.of(
                "Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28",
                "User-Agent", "gke-upgrade-sentinel"),
            http,
            GitHubIssuesSink::rateLimited,
            UNNAMED_RATE_LIMIT_WAIT);
  }

  /**
   * The repository's open issue labelled with the finding id, if there is one: the list endpoint
   * filters by label and state in one request (pull requests carry no finding label).
   */
  @Override
  protected Optional<String> findOpen(Delivery delivery) {
    HttpResponse<String> response =
        github.send(findRequest(delivery).orElseThrow(), delivery.deadline());
    if (response.statusCode() / 100 != 2) {
      expect(response, 200, "search for the finding's open issue");
    }
    JsonElement issues;
    try {
      issues = JsonParser.parseString(response.body());
    } catch (JsonParseException e) {
      logger.warning("GitHub's issue list is not JSON, opening an issue " + context(delivery));
      return Optional.empty();
    }
    if (!issues.isJsonArray()
        || issues.getAsJsonArray().isEmpty()
        || !issues.getAsJsonArray().get(0).isJsonObject()) {
      return Optional.empty();
    }
    JsonElement number = issues.getAsJsonArray().get(0).getAsJsonObject().get("number");
    return number == null || !number.isJsonPrimitive()
        ? Optional.empty()
        : Optional.of(number.getAsString());
  }

  @Override
  protected Optional<TicketRequest> findRequest(Delivery delivery) {
    return Optional.of(
        TicketRequest.get(
            repoPath
                + "/issues?state=open&per_page=1&labels="
                + URLEncoder.encode(delivery.findingId(), StandardCharsets.UTF_8)));
  }

  @Override
  protected String create(Delivery delivery) {
    HttpResponse<String> response = github.send(createRequest(delivery), delivery.deadline());
    JsonObject answer = expect(response, 201, "open an issue");
    String number = TicketClient.string(answer, "number");
    if (number.isEmpty()) {
      throw new TicketRefusedException(
          "GitHub answered without an issue number status="
              + response.statusCode()
              + " body=\""
              + github.bodyOf(response)
              + "\"");
    }
    return number;
  }

  @Override
  protected TicketRequest createRequest(Delivery delivery) {
    JsonArray issueLabels = new JsonArray();
    labels.forEach(issueLabels::add);
    issueLabels.add(delivery.findingId());
    JsonObject body = new JsonObject();
    body.addProperty("title", oneLine(delivery.message().title(), MAX_TITLE));
    body.addProperty("body", renderer.render(delivery.message()));
    body.add("labels", issueLabels);
    return TicketRequest.post(repoPath + "/issues", body);
  }

  @Override
  protected void comment(String ticket, Delivery delivery) {
    HttpResponse<String> response =
        github.send(commentRequest(ticket, delivery), delivery.deadline());
    gone(response, ticket);
    expect(response, 201, "comment on issue #" + ticket);
  }

  @Override
  protected TicketRequest commentRequest(String ticket, Delivery delivery) {
    JsonObject body = new JsonObject();
    body.addProperty("body", renderer.render(delivery.message()));
    return TicketRequest.post(issuePath(ticket) + "/comments", body);
  }

  /**
   * Looks through the issue's comments updated since {@code since} (less a minute, for the clocks'
   * difference) for one whose body is the message's.
   */
  @Override
  protected boolean commentedSince(String ticket, Delivery delivery, Instant since) {
    String from = since.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS).toString();
    HttpResponse<String> response =
        github.send(
            TicketRequest.get(
                issuePath(ticket)
                    + "/comments?per_page="
                    + RECENT_COMMENTS
                    + "&since="
                    + URLEncoder.encode(from, StandardCharsets.UTF_8)),
            delivery.deadline());
    gone(response, ticket);
    if (response.statusCode() / 100 != 2) {
      expect(response, 200, "list the comments of issue #" + ticket);
    }
    String body = renderer.render(delivery.message());
    JsonElement comments;
    try {
      comments = JsonParser.parseString(response.body());
    } catch (JsonParseException e) {
      return false;
    }
    if (!comments.isJsonArray()) {
      return false;
    }
    for (JsonElement comment : comments.getAsJsonArray()) {
      if (comment.isJsonObject()
          && body.strip().equals(TicketClient.string(comment.getAsJsonObject(), "body").strip())) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void close(String ticket, Delivery delivery) {
    HttpResponse<String> response = github.send(closeRequests(ticket).get(0), delivery.deadline());
    gone(response, ticket);
    expect(response, 200, "close issue #" + ticket);
  }

  @Override
  protected List<TicketRequest> closeRequests(String ticket) {
    JsonObject body = new JsonObject();
    body.addProperty("state", "closed");
    body.addProperty("state_reason", "completed");
    return List.of(TicketRequest.patch(issuePath(ticket), body));
  }

  /** How many comments since an earlier attempt a look-up reads: far more than minutes add. */
  private static final int RECENT_COMMENTS = 30;

  private String issuePath(String ticket) {
    return repoPath + "/issues/" + TicketRequest.segment(ticket);
  }

  /**
   * Whether a 403 or 429 is a rate limit rather than a refusal: GitHub names a wait, says no
   * requests are left, or says so in its message (a secondary rate limit may name no wait).
   */
  static boolean rateLimited(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status != 403 && status != 429) {
      return false;
    }
    var headers = response.headers();
    return headers.firstValue("retry-after").isPresent()
        || headers
            .firstValue("x-ratelimit-remaining")
            .map(String::strip)
            .filter("0"::equals)
            .isPresent()
        || message(response).toLowerCase(Locale.ROOT).contains("rate limit");
  }

  /**
   * @throws TicketGoneException when GitHub answers 404 or 410 for an issue the finding opened; if
   *     the repository itself is gone or has issues disabled, opening a new issue is refused next
   */
  private void gone(HttpResponse<String> response, String ticket) {
    int status = response.statusCode();
    if (status == 404 || status == 410) {
      throw new TicketGoneException(
          "issue=#"
              + ticket
              + " status="
              + status
              + " github=\""
              + redact(message(response))
              + "\"");
    }
  }

  /**
   * The answer's JSON when it has the expected status. GitHub documents only that status; another
   * 2xx is logged and taken as success.
   *
   * @throws TicketRefusedException on any other answer, with GitHub's message
   */
  private JsonObject expect(HttpResponse<String> response, int status, String what) {
    int actual = response.statusCode();
    if (actual / 100 == 2) {
      if (actual != status) {
        logger.warning(
            "GitHub answered an undocumented success, taking it as one what=\""
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
          case 401 -> " (check the token)";
          case 403 -> " (check the token's access to the repository's issues)";
          case 404 -> " (check the owner and repository, and the token's access to them)";
          case 410 -> " (issues are disabled in the repository)";
          case 422 -> " (GitHub rejected the issue's fields)";
          default -> "";
        };
    String message = message(response);
    throw new TicketRefusedException(
        "GitHub could not "
            + what
            + hint
            + " status="
            + actual
            + " github=\""
            + (message.isEmpty() ? github.bodyOf(response) : redact(message + errors(response)))
            + "\"");
  }

  private static String message(HttpResponse<String> response) {
    return TicketClient.string(TicketClient.json(response), "message");
  }

  /** The details of a 422: which field failed, and how. */
  private static String errors(HttpResponse<String> response) {
    JsonElement errors = TicketClient.json(response).get("errors");
    return errors != null && errors.isJsonArray() && !errors.getAsJsonArray().isEmpty()
        ? " errors=" + errors
        : "";
  }

  private String redact(String text) {
    // An empty token (a dry run without one) would match everywhere.
    return token.isEmpty() ? text : text.replace(token, "[the GitHub token]");
  }
}
