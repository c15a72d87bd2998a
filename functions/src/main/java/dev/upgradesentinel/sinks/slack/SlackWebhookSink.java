package dev.upgradesentinel.sinks.slack;

import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkKind;
import dev.upgradesentinel.sinks.http.SinkHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Posts guidance to a Slack incoming webhook.
 *
 * <p>The webhook URL is a secret: it appears in no log line and no exception message, which call it
 * "the Slack webhook". A 2xx answer means delivered. A 429 is retried after the Retry-After Slack
 * asks for, within a bounded total wait; 429s beyond that, 5xx answers, I/O errors and timeouts
 * throw {@link TransientFailureException}, so that Pub/Sub redelivers. Any other answer (400
 * invalid_payload, 403, 404 no_service, 410 channel_is_archived) cannot succeed on a retry: it is
 * logged at SEVERE and the message is dropped.
 *
 * <p>A webhook can neither thread nor edit, so reminders, updates and resolutions are posted as new
 * messages; their wording says what they are.
 */
public final class SlackWebhookSink implements Sink {
  /** {@code "type": "slack-webhook"}: a Slack incoming webhook, its URL held in {@code urlEnv}. */
  public static final SinkKind KIND =
      new SinkKind(
          "slack-webhook",
          List.of("urlEnv"),
          List.of(),
          (s, context) -> new SlackWebhookSink(s.name(), s.url("urlEnv"), context));

  private static final Logger logger = Logger.getLogger(SlackWebhookSink.class.getName());

  static final int MAX_ATTEMPTS = SinkHttp.MAX_ATTEMPTS;
  private static final String REDACTED = "[the Slack webhook]";

  private final String name;
  private final URI webhookUrl;
  private final boolean dryRun;
  private final SinkHttp http;
  private final SlackMessageRenderer renderer = new SlackMessageRenderer();

  /**
   * @param webhookUrl the incoming webhook, a secret
   * @param context the shared HTTP client; with {@code dryRun}, the JSON is logged, not posted
   */
  public SlackWebhookSink(URI webhookUrl, SinkContext context) {
    this("slack-webhook", webhookUrl, context);
  }

  /**
   * A webhook sink with its own name, so that several webhooks (one per team's channel) keep their
   * own entries in the notification log.
   */
  public SlackWebhookSink(String name, URI webhookUrl, SinkContext context) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl == null");
    this.dryRun = context.dryRun();
    this.http = new SinkHttp(context, "the Slack webhook", this::redact);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Posts the message.
   *
   * @throws TransientFailureException when Slack rate limits beyond the wait allowed, answers 5xx,
   *     or does not answer in time; the function lets it escape and Pub/Sub redelivers
   */
  @Override
  public Receipt deliver(Delivery delivery) {
    String json = renderer.render(delivery.message()).toString();
    if (dryRun) {
      SlackDryRun.log(name(), delivery, json);
      return Receipt.delivered();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(webhookUrl)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    HttpResponse<String> response = http.send(request, delivery.deadline(), r -> false);
    int status = response.statusCode();
    if (status / 100 == 2) {
      logger.info(
          () ->
              "posted to the Slack webhook sink="
                  + name()
                  + " kind="
                  + delivery.kind()
                  + " status="
                  + status
                  + " summary=\""
                  + delivery.message().summary()
                  + "\"");
      return Receipt.delivered();
    }
    logger.severe(
        "the Slack webhook refused the message, not retrying sink="
            + name()
            + " status="
            + status
            + " body=\""
            + http.bodyOf(response)
            + "\" summary=\""
            + delivery.message().summary()
            + "\"");
    return Receipt.refused();
  }

  private String redact(String text) {
    String redacted = text.replace(webhookUrl.toString(), REDACTED);
    String path = webhookUrl.getRawPath();
    return path == null || path.length() <= 1 ? redacted : redacted.replace(path, REDACTED);
  }
}
