package dev.upgradesentinel.sinks.slack;

import dev.upgradesentinel.delivery.TransientFailureException;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.sinks.Sink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Posts guidance to a Slack incoming webhook.
 *
 * <p>The webhook URL is a secret: it appears in no log line and no exception message, which call
 * it "the Slack webhook". A 2xx answer means delivered. A 429 is retried after the Retry-After
 * Slack asks for, within a bounded total wait; 429s beyond that, 5xx answers, I/O errors and
 * timeouts throw {@link TransientFailureException}, so that Pub/Sub redelivers. Any other answer
 * (400 invalid_payload, 403, 404 no_service, 410 channel_is_archived) cannot succeed on a retry:
 * it is logged at SEVERE and the message is dropped.
 */
public final class SlackWebhookSink implements Sink {
  private static final Logger logger = Logger.getLogger(SlackWebhookSink.class.getName());

  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_ATTEMPTS = 3;
  /** Waiting longer would eat into the function's own timeout; Pub/Sub can redeliver later. */
  static final Duration MAX_TOTAL_WAIT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  private static final int MAX_LOGGED_BODY = 500;
  private static final String REDACTED = "[the Slack webhook]";

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final URI webhookUrl;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final boolean dryRun;
  private final Sleeper sleeper;
  private final SlackMessageRenderer renderer = new SlackMessageRenderer();

  /**
   * @param webhookUrl the incoming webhook, a secret
   * @param client the HTTP client, shared across sends
   * @param dryRun log the JSON that would be posted instead of posting it
   */
  public SlackWebhookSink(URI webhookUrl, HttpClient client, boolean dryRun) {
    this(webhookUrl, client, DEFAULT_REQUEST_TIMEOUT, dryRun, d -> Thread.sleep(d.toMillis()));
  }

  SlackWebhookSink(
      URI webhookUrl, HttpClient client, Duration requestTimeout, boolean dryRun, Sleeper sleeper) {
    this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl == null");
    this.client = Objects.requireNonNull(client, "client == null");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout == null");
    this.dryRun = dryRun;
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
  }

  @Override
  public String name() {
    return "slack-webhook";
  }

  /**
   * Posts the message.
   *
   * @throws TransientFailureException when Slack rate limits beyond the wait allowed, answers 5xx,
   *     or does not answer in time; the function lets it escape and Pub/Sub redelivers
   */
  @Override
  public void send(Message message) {
    String json = renderer.render(message).toString();
    if (dryRun) {
      // Two records: the message as a person reads it, and the exact payload for tooling.
      logger.info(
          () ->
              "DRY_RUN: would post to Slack sink="
                  + name()
                  + " summary="
                  + message.summary()
                  + "\n"
                  + message.plainText());
      logger.info(() -> "DRY_RUN: Slack payload sink=" + name() + " json=" + json);
      return;
    }
    HttpRequest request =
        HttpRequest.newBuilder(webhookUrl)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    Duration waited = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = post(request);
      int status = response.statusCode();
      if (status / 100 == 2) {
        logger.info(
            () -> "posted to the Slack webhook sink=" + name() + " status=" + status
                + " summary=\"" + message.summary() + "\"");
        return;
      }
      if (status == 429) {
        Duration retryAfter = retryAfter(response);
        if (attempt == MAX_ATTEMPTS || waited.plus(retryAfter).compareTo(MAX_TOTAL_WAIT) > 0) {
          throw new TransientFailureException(
              "the Slack webhook is rate limited status=429 attempts=" + attempt
                  + " retryAfterSeconds=" + retryAfter.toSeconds());
        }
        logger.warning(
            "the Slack webhook is rate limited, retrying status=429 attempt=" + attempt
                + " retryAfterSeconds=" + retryAfter.toSeconds());
        pause(retryAfter);
        waited = waited.plus(retryAfter);
        continue;
      }
      if (status >= 500) {
        throw new TransientFailureException(
            "the Slack webhook failed status=" + status + " body=\"" + bodyOf(response) + "\"");
      }
      logger.severe(
          "the Slack webhook refused the message, not retrying sink=" + name() + " status=" + status
              + " body=\"" + bodyOf(response) + "\" summary=\"" + message.summary() + "\"");
      return;
    }
  }

  private HttpResponse<String> post(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // HttpTimeoutException is an IOException too.
      throw new TransientFailureException(
          "could not post to the Slack webhook: " + e.getClass().getSimpleName(), withoutSecret(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException("interrupted while posting to the Slack webhook", e);
    }
  }

  private void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException(
          "interrupted while waiting to retry the Slack webhook", e);
    }
  }

  /** Slack sends Retry-After in seconds; anything else falls back to a short wait. */
  private static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(value -> value.strip().matches("\\d{1,6}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value.strip())))
        .orElse(DEFAULT_RETRY_AFTER);
  }

  /** Slack's answer, such as {@code no_service}, short and without the webhook in it. */
  private String bodyOf(HttpResponse<String> response) {
    String body = redact(response.body().strip());
    return body.length() <= MAX_LOGGED_BODY ? body : body.substring(0, MAX_LOGGED_BODY) + "…";
  }

  private String redact(String text) {
    String redacted = text.replace(webhookUrl.toString(), REDACTED);
    String path = webhookUrl.getRawPath();
    return path == null || path.length() <= 1 ? redacted : redacted.replace(path, REDACTED);
  }

  /**
   * The cause to keep: the exception itself, unless a message in its chain names the webhook; then
   * a copy with the webhook redacted and the same stack trace takes its place, without the chain.
   */
  private IOException withoutSecret(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage());
      if (!redact(text).equals(text)) {
        IOException copy =
            new IOException(e.getClass().getName() + ": " + redact(String.valueOf(e.getMessage())));
        copy.setStackTrace(e.getStackTrace());
        return copy;
      }
    }
    return e;
  }
}
