package dev.upgradesentinel.sinks.chat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.http.JsonPost;
import dev.upgradesentinel.sinks.http.Redaction;
import dev.upgradesentinel.sinks.http.SinkHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts guidance to a Google Chat space through an incoming webhook, keeping each finding in one
 * thread: every message about it carries the finding id as {@code thread.threadKey} and asks for
 * {@code messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD}, so reminders, updates and the
 * resolution reply under the first message (the body field replaces the deprecated {@code
 * threadKey} query parameter).
 *
 * <p>The webhook URL carries the space's key and token: it is a secret, shown in logs as "[the
 * Google Chat webhook]". Chat answers 200 with the created message; 400 (invalid card), 401, 403
 * and 404 (webhook removed) are refused with Chat's error logged; 429 and 5xx are transient.
 */
public final class GoogleChatSink implements Sink {
  static final String REPLY_OPTION = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";

  private final String name;
  private final URI webhookUrl;
  private final JsonPost post;
  private final GoogleChatRenderer renderer = new GoogleChatRenderer();

  /**
   * @param name the sink's name in the routing config and the notification log
   * @param webhookUrl the space's incoming webhook, with its key and token; a secret
   * @param dryRun log what would be posted instead of posting it
   */
  public GoogleChatSink(String name, URI webhookUrl, HttpClient client, boolean dryRun) {
    this(name, webhookUrl, client, SinkHttp.DEFAULT_REQUEST_TIMEOUT, JsonPost.SLEEP, dryRun);
  }

  GoogleChatSink(
      String name,
      URI webhookUrl,
      HttpClient client,
      Duration requestTimeout,
      SinkHttp.Sleeper sleeper,
      boolean dryRun) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl == null");
    this.post =
        new JsonPost(
            name,
            "the Google Chat webhook",
            client,
            requestTimeout,
            sleeper,
            Redaction.of("[the Google Chat webhook]", Redaction.urlParts(webhookUrl)),
            dryRun);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Posts the card, in the finding's thread.
   *
   * @return the space and the message's resource name
   * @throws TransientFailureException on 429 beyond the wait allowed, 5xx or timeouts
   */
  @Override
  public Receipt deliver(Delivery delivery) {
    JsonObject body = renderer.render(delivery.message());
    URI target = webhookUrl;
    if (!delivery.findingId().isEmpty()) {
      JsonObject thread = new JsonObject();
      thread.addProperty("threadKey", delivery.findingId());
      body.add("thread", thread);
      String query = webhookUrl.getRawQuery();
      target =
          URI.create(
              webhookUrl
                  + (query == null || query.isEmpty() ? "?" : "&")
                  + "messageReplyOption="
                  + REPLY_OPTION);
    }
    JsonPost.Answer answer = post.post(HttpRequest.newBuilder(target), body.toString(), delivery);
    if (!answer.delivered()) {
      return Receipt.refused();
    }
    return receipt(answer.body());
  }

  /** Chat answers with the message it created: {@code spaces/S/messages/M}. */
  private static Receipt receipt(String body) {
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (parsed.isJsonObject() && parsed.getAsJsonObject().has("name")) {
        String message = parsed.getAsJsonObject().get("name").getAsString();
        int cut = message.indexOf("/messages/");
        return Receipt.delivered(cut > 0 ? message.substring(0, cut) : "", message);
      }
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      // Delivered all the same; the answer only lacks the message's name.
    }
    return Receipt.delivered();
  }
}
