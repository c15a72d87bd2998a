package dev.upgradesentinel.testing;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat and ticket services for WireMock, as they answer and as they fail: Slack's incoming
 * webhook and Web API ({@code chat.postMessage}, {@code chat.update}, and {@code
 * conversations.history} / {@code conversations.replies} over what was posted, with its metadata),
 * Google Chat's incoming webhook, a generic webhook receiver, and Jira Cloud's issues (create,
 * search by label, comment, close). A chosen fraction of calls fails, drawn from a seeded random,
 * the ways these services fail: 500, 429 with Retry-After, a reset connection, an answer slower
 * than the client waits, and the two that leave the sender in doubt: the message is posted and then
 * the connection drops, or the answer comes after the client stopped waiting.
 *
 * <p>It records every message it took, so a test counts what the services really hold.
 */
public final class SinkFaults implements ResponseDefinitionTransformerV2 {

  /** How a call was answered. */
  public enum Answer {
    OK,
    SERVER_ERROR,
    RATE_LIMITED,
    CONNECTION_RESET,
    TOO_SLOW,
    /** Posted, then the connection dropped before the answer. */
    POSTED_THEN_RESET,
    /** Posted, and answered after the client stopped waiting. */
    POSTED_THEN_LATE
  }

  /** The faults after which the message is certainly not posted. */
  public static final Set<Answer> NOTHING_POSTED =
      Set.of(Answer.SERVER_ERROR, Answer.RATE_LIMITED, Answer.CONNECTION_RESET, Answer.TOO_SLOW);

  /** Every fault, those that post and lose the answer included. */
  public static final Set<Answer> EVERY_FAULT =
      Set.of(
          Answer.SERVER_ERROR,
          Answer.RATE_LIMITED,
          Answer.CONNECTION_RESET,
          Answer.TOO_SLOW,
          Answer.POSTED_THEN_RESET,
          Answer.POSTED_THEN_LATE);

  /**
   * One message a service took.
   *
   * @param path where it was posted
   * @param cluster the cluster its title names
   * @param kind NEW, UPDATE or RESOLUTION, from its title; RESOLUTION for a Slack {@code
   *     chat.update}
   * @param key the message's own key where the sink sends one: the Slack metadata's message key,
   *     the webhook's {@code X-Sentinel-Delivery}; empty otherwise
   * @param text its title
   * @param ts the Slack {@code ts} it was given, or edited; empty for the other services
   */
  public record Accepted(
      String path, String cluster, String kind, String key, String text, String ts) {}

  /** A message posted through Slack's Web API, as history returns it. */
  private record Posted(String ts, String threadTs, JsonElement metadata, String text) {}

  private static final Pattern CLUSTER = Pattern.compile("cluster ([a-z0-9-]+)");

  /** Where the Jira Cloud double answers. */
  public static final String JIRA = "/jira";

  private static final Pattern JIRA_ISSUE =
      Pattern.compile("/jira/rest/api/3/issue/([A-Z]+-\\d+)/(comment|transitions)");
  private static final Pattern JQL_LABEL = Pattern.compile("labels = \"([^\"]+)\"");
  private static final Pattern JQL_UPDATED_BEFORE = Pattern.compile("updated < \"-(\\d+)m\"");

  /**
   * A Jira issue the double holds, with its comments' bodies and times, oldest first; {@code
   * updated} is when it last changed, {@code indexed} when the search index sees that change.
   */
  private record Issue(
      String key,
      String cluster,
      String label,
      boolean open,
      List<JsonObject> comments,
      Instant updated,
      Instant indexed) {
    Issue changed(boolean nowOpen, Duration lag) {
      Instant now = Instant.now();
      return new Issue(key, cluster, label, nowOpen, comments, now, now.plus(lag));
    }
  }

  private static final DateTimeFormatter JIRA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  private final Map<String, Issue> issues = new LinkedHashMap<>(); // guarded by this
  private Duration searchLag = Duration.ZERO; // guarded by this

  private final int slowMillis;

  /** The last {@code ts} given, in microseconds: Slack's are the wall clock, and unique. */
  private final AtomicLong micros = new AtomicLong();

  private final List<Accepted> accepted = new ArrayList<>(); // guarded by this
  private final List<Posted> channel = new ArrayList<>(); // guarded by this
  private final Map<Answer, Integer> answers = new EnumMap<>(Answer.class); // guarded by this
  private final Map<Answer, Integer> lookUpAnswers = new EnumMap<>(Answer.class); // guarded by this
  private double rate; // guarded by this
  private Answer[] faults = NOTHING_POSTED.toArray(Answer[]::new); // guarded by this
  private Random random = new Random(0); // guarded by this
  private String heldCluster = ""; // guarded by this
  private int heldMillis; // guarded by this

  /**
   * @param slowMillis how long a slow answer takes; longer than the function waits
   */
  public SinkFaults(int slowMillis) {
    this.slowMillis = slowMillis;
  }

  /**
   * Makes Jira's search see a new or changed issue only {@code lag} after the change, as Atlassian
   * documents that it may (the search is not read-after-write consistent); reading an issue by key
   * sees it at once.
   */
  public synchronized void jiraSearchLag(Duration lag) {
    searchLag = lag;
  }

  /** Fails about {@code fraction} of calls from now on, with the faults that post nothing. */
  public void failRandomly(double fraction, long seed) {
    failRandomly(fraction, seed, NOTHING_POSTED);
  }

  /** Fails about {@code fraction} of calls from now on, with the faults named, each alike. */
  public synchronized void failRandomly(double fraction, long seed, Set<Answer> kinds) {
    rate = fraction;
    random = new Random(seed);
    faults = kinds.stream().sorted().toArray(Answer[]::new);
  }

  /**
   * Takes the Slack Web API posts about {@code cluster} and answers them only after {@code millis}:
   * the sender is still waiting when a test kills it.
   */
  public synchronized void holdAnswers(String cluster, int millis) {
    heldCluster = cluster;
    heldMillis = millis;
  }

  public synchronized List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  /** How every post was answered; look-ups are counted apart, in {@link #lookUpAnswers}. */
  public synchronized Map<Answer, Integer> answers() {
    return Map.copyOf(answers);
  }

  public synchronized Map<Answer, Integer> lookUpAnswers() {
    return Map.copyOf(lookUpAnswers);
  }

  public synchronized void reset() {
    accepted.clear();
    answers.clear();
    lookUpAnswers.clear();
    heldCluster = "";
    searchLag = Duration.ZERO;
  }

  @Override
  public String getName() {
    return "sink-faults";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    Request request = event.getRequest();
    String path = request.getUrl();
    // Reads: Slack's history, Jira's search, comments and transitions. They change nothing.
    boolean lookUp =
        request.getMethod().getName().equals("GET")
            || path.endsWith("/search/jql")
            || path.endsWith("/issue/bulkfetch");
    Answer answer = choose(lookUp);
    return switch (answer) {
      case SERVER_ERROR -> WireMock.aResponse().withStatus(500).withBody("internal_error").build();
      case RATE_LIMITED ->
          WireMock.aResponse()
              .withStatus(429)
              .withHeader("Retry-After", "1")
              .withBody(path.contains("/api/") ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "")
              .build();
      case CONNECTION_RESET ->
          WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
      case TOO_SLOW ->
          WireMock.aResponse()
              .withStatus(504)
              .withFixedDelay(slowMillis)
              .withBody("gateway timeout")
              .build();
      case POSTED_THEN_RESET -> {
        take(request);
        yield WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
      }
      case POSTED_THEN_LATE -> {
        ResponseDefinition taken = take(request);
        yield ResponseDefinitionBuilder.like(taken).withFixedDelay(slowMillis).build();
      }
      case OK ->
          path.endsWith("/search/jql")
              ? searchJira(request)
              : path.endsWith("/issue/bulkfetch")
                  ? bulkFetchJira(request)
                  : path.contains("/conversations.") ? lookUp(request) : take(request);
    };
  }

  private synchronized Answer choose(boolean lookUp) {
    Answer answer = Answer.OK;
    if (rate > 0 && random.nextDouble() < rate) {
      answer = faults[random.nextInt(faults.length)];
    }
    // A look-up posts nothing: its lost answer is a reset or a slow answer.
    if (lookUp && answer == Answer.POSTED_THEN_RESET) {
      answer = Answer.CONNECTION_RESET;
    } else if (lookUp && answer == Answer.POSTED_THEN_LATE) {
      answer = Answer.TOO_SLOW;
    }
    (lookUp ? lookUpAnswers : answers).merge(answer, 1, Integer::sum);
    return answer;
  }

  /** Takes the message, as the service would, and answers as it does. */
  private ResponseDefinition take(Request request) {
    String path = request.getUrl();
    if (path.startsWith(JIRA)) {
      return jira(request);
    }
    JsonObject body = JsonParser.parseString(request.getBodyAsString()).getAsJsonObject();
    String title = body.has("title") ? string(body, "title") : string(body, "text");
    Matcher named = CLUSTER.matcher(title);
    String cluster = named.find() ? named.group(1) : "";
    String kind =
        path.endsWith("/chat.update")
            ? "RESOLUTION"
            : title.startsWith("Update: ")
                ? "UPDATE"
                : title.startsWith("Resolved: ") ? "RESOLUTION" : "NEW";
    String key = "";
    HttpHeader delivery = request.header("X-Sentinel-Delivery");
    if (delivery.isPresent()) {
      key = delivery.firstValue();
    } else if (body.has("metadata")) {
      key =
          string(body.getAsJsonObject("metadata").getAsJsonObject("event_payload"), "message_key");
    }
    int hold;
    String ts;
    synchronized (this) {
      ts = !path.contains("/api/chat.") ? "" : body.has("ts") ? string(body, "ts") : nextTs();
      accepted.add(new Accepted(path, cluster, kind, key, title, ts));
      hold = !heldCluster.isEmpty() && heldCluster.equals(cluster) ? heldMillis : 0;
      if (path.endsWith("/chat.postMessage")) {
        channel.add(
            new Posted(
                ts,
                body.has("thread_ts") ? string(body, "thread_ts") : "",
                body.get("metadata"),
                title));
      }
    }
    ResponseDefinition answer;
    if (path.contains("/api/chat.")) {
      answer = json("{\"ok\":true,\"channel\":\"C0E2E\",\"ts\":\"" + ts + "\"}");
    } else if (path.startsWith("/v1/spaces/")) {
      String space = path.substring("/v1/".length(), path.indexOf("/messages"));
      answer =
          json(
              "{\"name\":\""
                  + space
                  + "/messages/m"
                  + micros.incrementAndGet()
                  + "\",\"thread\":{\"name\":\""
                  + space
                  + "/threads/t1\"}}");
    } else {
      answer = WireMock.aResponse().withStatus(200).withBody("ok").build();
    }
    return hold == 0 ? answer : ResponseDefinitionBuilder.like(answer).withFixedDelay(hold).build();
  }

  /** {@code conversations.history} and {@code conversations.replies} over what was posted. */
  private ResponseDefinition lookUp(Request request) {
    String oldestParameter = request.queryParameter("oldest").firstValue();
    BigDecimal oldest = new BigDecimal(oldestParameter);
    boolean metadata =
        request.queryParameter("include_all_metadata").isPresent()
            && "true".equals(request.queryParameter("include_all_metadata").firstValue());
    boolean replies = request.getUrl().contains("/conversations.replies");
    String thread = replies ? request.queryParameter("ts").firstValue() : "";
    List<Posted> found = new ArrayList<>();
    synchronized (this) {
      for (Posted posted : channel) {
        boolean inPlace =
            replies
                ? posted.ts().equals(thread) || posted.threadTs().equals(thread)
                : posted.threadTs().isEmpty();
        if (inPlace && new BigDecimal(posted.ts()).compareTo(oldest) >= 0) {
          found.add(posted);
        }
      }
    }
    // History is newest first; a thread is oldest first.
    Comparator<Posted> byTs = Comparator.comparing(p -> new BigDecimal(p.ts()));
    found.sort(replies ? byTs : byTs.reversed());
    JsonArray messages = new JsonArray();
    for (Posted posted : found) {
      JsonObject message = new JsonObject();
      message.addProperty("type", "message");
      message.addProperty("bot_id", "B0E2E");
      message.addProperty("text", posted.text());
      message.addProperty("ts", posted.ts());
      if (!posted.threadTs().isEmpty()) {
        message.addProperty("thread_ts", posted.threadTs());
      }
      if (metadata && posted.metadata() != null) {
        message.add("metadata", posted.metadata());
      }
      messages.add(message);
    }
    JsonObject answer = new JsonObject();
    answer.addProperty("ok", true);
    answer.add("messages", messages);
    answer.addProperty("has_more", false);
    return json(answer.toString());
  }

  /**
   * Jira Cloud's issue API over the issues it holds: create, comment, list and make transitions
   * ("Done" while open). Creates, comments and closes are recorded as {@code /jira/create}, {@code
   * /jira/comment} and {@code /jira/close}.
   */
  private ResponseDefinition jira(Request request) {
    String path = request.getUrl();
    String body = request.getBodyAsString();
    synchronized (this) {
      if (path.equals(JIRA + "/rest/api/3/issue")) {
        JsonObject fields =
            JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("fields");
        String title = string(fields, "summary");
        Matcher named = CLUSTER.matcher(title);
        String cluster = named.find() ? named.group(1) : "";
        String key = "OPS-" + (issues.size() + 1);
        String label = fields.getAsJsonArray("labels").get(0).getAsString();
        Instant now = Instant.now();
        issues.put(
            key, new Issue(key, cluster, label, true, new ArrayList<>(), now, now.plus(searchLag)));
        accepted.add(new Accepted(JIRA + "/create", cluster, "NEW", label, title, ""));
        return WireMock.aResponse()
            .withStatus(201)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"id\":\"1000" + issues.size() + "\",\"key\":\"" + key + "\"}")
            .build();
      }
      Matcher target = JIRA_ISSUE.matcher(path.replaceAll("\\?.*", ""));
      Issue issue = target.matches() ? issues.get(target.group(1)) : null;
      if (issue == null) {
        return WireMock.aResponse()
            .withStatus(404)
            .withBody("{\"errorMessages\":[\"Issue does not exist\"]}")
            .build();
      }
      boolean read = request.getMethod().getName().equals("GET");
      if (target.group(2).equals("comment") && read) {
        JsonArray comments = new JsonArray();
        for (int i = issue.comments().size() - 1; i >= 0; i--) {
          comments.add(issue.comments().get(i));
        }
        JsonObject answer = new JsonObject();
        answer.add("comments", comments);
        return json(answer.toString());
      }
      if (target.group(2).equals("comment")) {
        JsonObject comment = new JsonObject();
        comment.addProperty("id", "2000" + issue.comments().size());
        comment.addProperty("created", JIRA_TIME.format(Instant.now()));
        comment.add("body", JsonParser.parseString(body).getAsJsonObject().get("body"));
        issue.comments().add(comment);
        issues.put(issue.key(), issue.changed(issue.open(), searchLag));
        String kind =
            body.contains("Resolved: ")
                ? "RESOLUTION"
                : body.contains("Update: ") ? "UPDATE" : "NEW";
        accepted.add(new Accepted(JIRA + "/comment", issue.cluster(), kind, issue.label(), "", ""));
        return WireMock.aResponse().withStatus(201).withBody("{\"id\":\"20001\"}").build();
      }
      if (read) {
        return json(
            "{\"transitions\":[{\"id\":\"31\",\"name\":\"Done\",\"to\":{\"name\":\"Done\"}}]}");
      }
      issues.put(issue.key(), issue.changed(false, searchLag));
      accepted.add(
          new Accepted(JIRA + "/close", issue.cluster(), "RESOLUTION", issue.label(), "", ""));
      return WireMock.aResponse().withStatus(204).build();
    }
  }

  /**
   * The two JQL searches the Jira sink makes, over what the index has seen: the open issues with a
   * label, and the issues last updated more than some minutes ago, newest first, with their {@code
   * updated} field.
   */
  private ResponseDefinition searchJira(Request request) {
    String jql = string(JsonParser.parseString(request.getBodyAsString()).getAsJsonObject(), "jql");
    Matcher label = JQL_LABEL.matcher(jql);
    Matcher updatedBefore = JQL_UPDATED_BEFORE.matcher(jql);
    JsonArray found = new JsonArray();
    Instant now = Instant.now();
    synchronized (this) {
      List<Issue> newestFirst = new ArrayList<>(issues.values());
      java.util.Collections.reverse(newestFirst);
      for (Issue issue : newestFirst) {
        if (issue.indexed().isAfter(now)) {
          continue; // not in the index yet
        }
        boolean match =
            label.find(0)
                ? issue.open() && issue.label().equals(label.group(1))
                : updatedBefore.find(0)
                    && issue
                        .updated()
                        .isBefore(
                            now.minus(Duration.ofMinutes(Long.parseLong(updatedBefore.group(1)))));
        if (match) {
          JsonObject json = new JsonObject();
          json.addProperty("id", "1000" + issue.key().substring(4));
          json.addProperty("key", issue.key());
          JsonObject fields = new JsonObject();
          fields.addProperty("updated", JIRA_TIME.format(issue.updated()));
          json.add("fields", fields);
          found.add(json);
        }
      }
    }
    JsonObject answer = new JsonObject();
    answer.add("issues", found);
    answer.addProperty("isLast", true);
    return json(answer.toString());
  }

  /** Bulk fetch: the issues asked for by key, as they are now, with their labels and status. */
  private ResponseDefinition bulkFetchJira(Request request) {
    JsonArray keys =
        JsonParser.parseString(request.getBodyAsString())
            .getAsJsonObject()
            .getAsJsonArray("issueIdsOrKeys");
    JsonArray found = new JsonArray();
    JsonArray errors = new JsonArray();
    synchronized (this) {
      for (JsonElement key : keys) {
        Issue issue = issues.get(key.getAsString());
        if (issue == null) {
          errors.add(key.getAsString());
          continue;
        }
        JsonObject fields = new JsonObject();
        JsonArray labels = new JsonArray();
        labels.add(issue.label());
        fields.add("labels", labels);
        JsonObject category = new JsonObject();
        category.addProperty("key", issue.open() ? "new" : "done");
        JsonObject status = new JsonObject();
        status.addProperty("name", issue.open() ? "To Do" : "Done");
        status.add("statusCategory", category);
        fields.add("status", status);
        JsonObject json = new JsonObject();
        json.addProperty("id", "1000" + issue.key().substring(4));
        json.addProperty("key", issue.key());
        json.add("fields", fields);
        found.add(json);
      }
    }
    JsonObject answer = new JsonObject();
    answer.add("issues", found);
    JsonArray issueErrors = new JsonArray();
    if (!errors.isEmpty()) {
      JsonObject error = new JsonObject();
      error.add("issueIdsOrKeys", errors);
      error.addProperty("status", 404);
      error.addProperty(
          "errorMessage", "Issue does not exist or you do not have permission to see it.");
      issueErrors.add(error);
    }
    answer.add("issueErrors", issueErrors);
    return json(answer.toString());
  }

  private String nextTs() {
    long now = System.currentTimeMillis() * 1000;
    long next = micros.updateAndGet(last -> Math.max(last + 1, now));
    return String.format("%d.%06d", next / 1_000_000, next % 1_000_000);
  }

  private static ResponseDefinition json(String body) {
    return WireMock.aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .build();
  }

  private static String string(JsonObject object, String name) {
    JsonElement value = object == null ? null : object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }
}
