package dev.upgradesentinel.sinks.slack;

import com.google.gson.JsonObject;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.sinks.SlashCommandReply;
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
 * Answers a Slack slash command at its {@code response_url}, in the same Block Kit as the webhook
 * sink.
 *
 * <p>The answer is ephemeral: only the person who ran the command sees it, as a check of someone
 * else's projects should not land in a shared channel unasked. A response URL is a bearer
 * credential for half an hour, so only its host is logged. 5xx, 429 and I/O errors throw {@link
 * TransientFailureException}; other answers (404 expired_url, 400) cannot succeed later and are
 * logged.
 */
public final class SlackResponseUrlReply implements SlashCommandReply {
  private static final Logger log = Logger.getLogger(SlackResponseUrlReply.class.getName());
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final SlackMessageRenderer renderer = new SlackMessageRenderer();

  public SlackResponseUrlReply(HttpClient client) {
    this.client = Objects.requireNonNull(client, "client == null");
  }

  /**
   * {@inheritDoc}
   *
   * @throws TransientFailureException when Slack answers 5xx or 429, or not in time
   */
  @Override
  public void send(URI responseUrl, Message message) {
    JsonObject json = renderer.render(message);
    json.addProperty("response_type", "ephemeral");
    json.addProperty("replace_original", false);
    HttpRequest request =
        HttpRequest.newBuilder(responseUrl)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.toString(), StandardCharsets.UTF_8))
            .build();
    String host = responseUrl.getHost();
    int status;
    try {
      status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      // The exception's message may hold the URL; only its class goes on.
      throw new TransientFailureException(
          "could not post to the Slack response URL host="
              + host
              + ": "
              + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException(
          "interrupted while posting to the Slack response URL host=" + host, e);
    }
    if (status / 100 == 2) {
      log.info(
          "answered the slash command host="
              + host
              + " status="
              + status
              + " summary=\""
              + message.summary()
              + "\"");
    } else if (status >= 500 || status == 429) {
      throw new TransientFailureException(
          "the Slack response URL failed host=" + host + " status=" + status);
    } else {
      log.severe(
          "the Slack response URL refused the answer, not retrying host="
              + host
              + " status="
              + status);
    }
  }
}
