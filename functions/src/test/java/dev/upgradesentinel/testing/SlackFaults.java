package dev.upgradesentinel.testing;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack for WireMock: answers the incoming webhook and {@code chat.postMessage} / {@code
 * chat.update} as Slack does, and fails a chosen fraction of calls the ways Slack fails (500, 429
 * with Retry-After, connection resets, answers slower than the client waits), drawn from a seeded
 * random. It records every call it answered with success, by path and cluster, so a test can count
 * what Slack actually accepted.
 */
public final class SlackFaults implements ResponseDefinitionTransformerV2 {

  /** How a call was answered. */
  public enum Answer {
    OK,
    SERVER_ERROR,
    RATE_LIMITED,
    CONNECTION_RESET,
    TOO_SLOW
  }

  /** One call Slack accepted: where it went, which cluster its text names, and its kind. */
  public record Accepted(String path, String cluster, String text) {}

  private static final Pattern CLUSTER = Pattern.compile("cluster ([a-z0-9-]+)");

  private final int slowMillis;
  private final AtomicLong timestamps = new AtomicLong(1_700_000_000L);
  private final List<Accepted> accepted = new ArrayList<>(); // guarded by this
  private final Map<Answer, Integer> answers = new EnumMap<>(Answer.class); // guarded by this
  private double rate; // guarded by this
  private Random random = new Random(0); // guarded by this

  /**
   * @param slowMillis how long a slow answer takes; longer than the function waits
   */
  public SlackFaults(int slowMillis) {
    this.slowMillis = slowMillis;
  }

  /** Fails about {@code fraction} of calls from now on; 0 answers every call with success. */
  public synchronized void failRandomly(double fraction, long seed) {
    rate = fraction;
    random = new Random(seed);
  }

  public synchronized List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  public synchronized Map<Answer, Integer> answers() {
    return Map.copyOf(answers);
  }

  public synchronized void reset() {
    accepted.clear();
    answers.clear();
  }

  @Override
  public String getName() {
    return "slack-faults";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    String path = event.getRequest().getUrl();
    Answer answer = choose();
    return switch (answer) {
      case SERVER_ERROR -> WireMock.aResponse().withStatus(500).withBody("internal_error").build();
      case RATE_LIMITED ->
          WireMock.aResponse()
              .withStatus(429)
              .withHeader("Retry-After", "1")
              .withBody(
                  path.endsWith("/chat.postMessage")
                      ? "{\"ok\":false,\"error\":\"ratelimited\"}"
                      : "rate_limited")
              .build();
      case CONNECTION_RESET ->
          WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
      case TOO_SLOW ->
          WireMock.aResponse()
              .withStatus(504)
              .withFixedDelay(slowMillis)
              .withBody("gateway timeout")
              .build();
      case OK -> ok(path, event.getRequest().getBodyAsString());
    };
  }

  private synchronized Answer choose() {
    Answer answer = Answer.OK;
    if (rate > 0 && random.nextDouble() < rate) {
      Answer[] faults = {
        Answer.SERVER_ERROR, Answer.RATE_LIMITED, Answer.CONNECTION_RESET, Answer.TOO_SLOW
      };
      answer = faults[random.nextInt(faults.length)];
    }
    answers.merge(answer, 1, Integer::sum);
    return answer;
  }

  private ResponseDefinition ok(String path, String body) {
    JsonObject request = JsonParser.parseString(body).getAsJsonObject();
    String text = request.has("text") ? request.get("text").getAsString() : "";
    Matcher cluster = CLUSTER.matcher(text);
    synchronized (this) {
      accepted.add(new Accepted(path, cluster.find() ? cluster.group(1) : "", text));
    }
    if (!path.contains("/chat.")) {
      return WireMock.aResponse().withStatus(200).withBody("ok").build();
    }
    String ts =
        request.has("ts")
            ? request.get("ts").getAsString()
            : timestamps.incrementAndGet() + ".000100";
    return WireMock.aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":true,\"channel\":\"C0E2E\",\"ts\":\"" + ts + "\"}")
        .build();
  }
}
