package dev.upgradesentinel.sinks.pagerduty;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkKind;
import dev.upgradesentinel.sinks.http.JsonPost;
import dev.upgradesentinel.sinks.http.PostingSink;
import dev.upgradesentinel.sinks.http.Redaction;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Opens, updates and resolves a PagerDuty alert per finding through the Events API v2 ({@code POST
 * /v2/enqueue}): NEW, REMINDER and UPDATE trigger with the finding id as dedup key (a trigger with
 * a known key updates the open alert instead of opening another), RESOLUTION resolves it. Notices
 * and digests page nobody and are skipped.
 *
 * <p>The integration's routing key is a secret: it travels only in the body and shows in logs as
 * "[the PagerDuty routing key]". PagerDuty answers 202; 400 (invalid event: its {@code errors} are
 * logged) and other 4xx are refused; 429 (too many events for the key) and 5xx are transient.
 */
public final class PagerDutySink extends PostingSink {
  /**
   * {@code "type": "pagerduty"}: an Events API v2 integration, its key in {@code routingKeyEnv}.
   */
  public static final SinkKind KIND =
      new SinkKind(
          "pagerduty",
          List.of("routingKeyEnv"),
          List.of("baseUrl"),
          (s, context) ->
              new PagerDutySink(
                  s.name(),
                  s.baseUrl(PagerDutySink.DEFAULT_BASE_URL),
                  s.secret("routingKeyEnv"),
                  context));

  private static final Logger logger = Logger.getLogger(PagerDutySink.class.getName());

  /** PagerDuty's own host; tests and EU accounts pass another. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://events.pagerduty.com");

  static final String CHANNEL = "pagerduty";

  private final URI enqueueUrl;
  private final String routingKey;
  private final PagerDutyEventRenderer renderer = new PagerDutyEventRenderer();

  /**
   * @param name the sink's name in the routing config and the notification log
   * @param baseUrl the Events API's base URL, such as {@link #DEFAULT_BASE_URL}
   * @param routingKey the integration key of the service's Events API v2 integration; a secret
   */
  public PagerDutySink(String name, URI baseUrl, String routingKey, SinkContext context) {
    super(
        name,
        "the PagerDuty Events API",
        Redaction.of("[the PagerDuty routing key]", List.of(routingKey)),
        context);
    this.enqueueUrl =
        URI.create(
            Objects.requireNonNull(baseUrl, "baseUrl == null").toString().replaceAll("/+$", "")
                + "/v2/enqueue");
    this.routingKey = Objects.requireNonNull(routingKey, "routingKey == null");
  }

  /**
   * Sends the trigger or resolve event.
   *
   * @return the channel {@code pagerduty} and the dedup key PagerDuty confirmed
   * @throws TransientFailureException on 429 beyond the wait allowed, 5xx or timeouts
   */
  @Override
  public Receipt deliver(Delivery delivery) {
    Optional<JsonObject> event = renderer.render(delivery, routingKey);
    if (event.isEmpty()) {
      logger.info(
          () ->
              "PagerDuty pages for open findings only, not sent sink="
                  + name()
                  + " kind="
                  + delivery.kind()
                  + " summary=\""
                  + delivery.message().summary()
                  + "\"");
      return Receipt.delivered();
    }
    JsonPost.Answer answer =
        post(HttpRequest.newBuilder(enqueueUrl), event.get().toString(), delivery);
    if (!answer.delivered()) {
      return Receipt.refused();
    }
    return Receipt.delivered(CHANNEL, dedupKey(answer.body()).orElse(delivery.findingId()));
  }

  private static Optional<String> dedupKey(String body) {
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (parsed.isJsonObject() && parsed.getAsJsonObject().has("dedup_key")) {
        return Optional.of(parsed.getAsJsonObject().get("dedup_key").getAsString());
      }
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      // The event was accepted; the key sent is the key.
    }
    return Optional.empty();
  }
}
