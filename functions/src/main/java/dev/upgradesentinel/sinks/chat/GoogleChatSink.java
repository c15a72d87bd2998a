package dev.upgradesentinel.sinks.chat;

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
public final class GoogleChatSink extends PostingSink {
  /** {@code "type": "google-chat"}: a space's incoming webhook, its URL held in {@code urlEnv}. */
  public static final SinkKind KIND =
      new SinkKind(
          "google-chat",
          List.of("urlEnv"),
          List.of(),
          (s, context) -> new GoogleChatSink(s.name(), s.url("urlEnv"), context));

  static final String REPLY_OPTION = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";

  private final URI webhookUrl;
  private final GoogleChatRenderer renderer = new GoogleChatRenderer();

  /**
   * @param name the sink's name in the routing config and the notification log
   * @param webhookUrl the space's incoming webhook, with its key and token; a secret
   */
  public GoogleChatSink(String name, URI webhookUrl, SinkContext context) {
    super(
        name,
        "the Google Chat webhook",
        Redaction.of("[the Google Chat webhook]", Redaction.urlParts(webhookUrl)),
        context);
    this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl == null");
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
    JsonPost.Answer answer = post(HttpRequest.newBuilder(target), body.toString(), delivery);
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
