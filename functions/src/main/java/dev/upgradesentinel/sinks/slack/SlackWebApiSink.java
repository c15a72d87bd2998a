package dev.upgradesentinel.sinks.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.OutcomeUnknownException;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkKind;
import dev.upgradesentinel.sinks.http.SinkHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Posts guidance with Slack's Web API as a bot, so a finding keeps one conversation: the first
 * message opens it with {@code chat.postMessage}, reminders and updates are replies in its thread,
 * and the resolution edits the original with {@code chat.update}.
 *
 * <p>The bot token is a secret and goes only into the Authorization header. Slack answers HTTP 200
 * with {@code "ok":false} for most errors; they are sorted by whether a retry can help. Errors of
 * configuration or content (bad token, unknown or archived channel, message too long, invalid
 * blocks, and any error Slack does not document as temporary) are logged at SEVERE and the message
 * is dropped. Rate limits are waited out when Slack's Retry-After fits; they and Slack's temporary
 * errors otherwise throw {@link TransientFailureException}, so that Pub/Sub redelivers.
 *
 * <p>Every post carries Slack message metadata naming the finding and the message ({@link
 * #METADATA_EVENT}). When an earlier attempt's outcome is unknown (its answer never came), the next
 * attempt first reads the channel's history, or the thread's replies, since that attempt began, and
 * adopts the message it finds there instead of posting it again: one look-up per such attempt,
 * bounded by time. The look-up needs the channel's id and the {@code channels:history} (or {@code
 * groups:history}) scope; without them it is skipped with a warning and the message is posted, so
 * nothing is lost.
 */
public final class SlackWebApiSink implements Sink {
  /** Slack's Web API, unless the routing config names another base URL. */
  public static final URI DEFAULT_API = URI.create("https://slack.com/api");

  /**
   * {@code "type": "slack-api"}: a bot posting to {@code channel}, its token in {@code tokenEnv}.
   */
  public static final SinkKind KIND =
      new SinkKind(
          "slack-api",
          List.of("tokenEnv", "channel"),
          List.of("baseUrl"),
          (s, context) ->
              new SlackWebApiSink(
                  s.name(),
                  s.baseUrl(DEFAULT_API),
                  s.secret("tokenEnv"),
                  s.text("channel"),
                  context));

  private static final Logger logger = Logger.getLogger(SlackWebApiSink.class.getName());

  /** Errors Slack documents as temporary: the same call may succeed later. */
  private static final Set<String> TEMPORARY_ERRORS =
      Set.of(
          "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited");

  /** The metadata event type of every message posted, with the finding and message keys. */
  public static final String METADATA_EVENT = "gke_upgrade_finding_posted";

  /**
   * How far before the earlier attempt a look-up reads, for the difference between this instance's
   * clock and Slack's.
   */
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

  /**
   * Messages a look-up reads: one page. Within minutes of an attempt, far more than a channel has.
   */
  private static final int LOOKUP_LIMIT = 100;

  /** What a channel id looks like; a look-up cannot name a channel by its name. */
  private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");

  /** Errors of chat.update after which posting the resolution as a new message is right. */
  private static final Set<String> ORIGINAL_GONE =
      Set.of("message_not_found", "cant_update_message", "edit_window_closed");

  private final String name;
  private final URI apiBase;
  private final String token;
  private final String channel;
  private final boolean dryRun;
  private final SinkHttp http;
  private final SlackMessageRenderer renderer = new SlackMessageRenderer();

  /**
   * @param apiBase the Web API's base URL, such as {@code https://slack.com/api}
   * @param token the bot token, a secret
   * @param channel the channel id or name new findings go to
   */
  public SlackWebApiSink(URI apiBase, String token, String channel, SinkContext context) {
    this("slack-api", apiBase, token, channel, context);
  }

  /**
   * A Web API sink with its own name, so that several channels (one per team) keep their own
   * entries in the notification log.
   */
  public SlackWebApiSink(
      String name, URI apiBase, String token, String channel, SinkContext context) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.apiBase = Objects.requireNonNull(apiBase, "apiBase == null");
    this.token = Objects.requireNonNull(token, "token == null");
    this.channel = Objects.requireNonNull(channel, "channel == null");
    this.dryRun = context.dryRun();
    this.http = new SinkHttp(context, "the Slack Web API", this::redact);
  }

  @Override
  public String name() {
    return name;
  }

  /** A finding's full guidance can follow its summary in the thread. */
  @Override
  public boolean threads() {
    return true;
  }

  /**
   * Posts, replies or edits, as the delivery's kind and the original's receipt allow; after an
   * attempt whose answer was lost, adopts the message that attempt posted if it is there.
   *
   * @return the channel and {@code ts} of the message posted, found or edited
   * @throws TransientFailureException when Slack is rate limiting beyond the wait allowed, is
   *     unavailable, or does not answer in time; Pub/Sub redelivers
   */
  @Override
  public Receipt deliver(Delivery delivery) {
    JsonObject body = renderer.render(delivery.message());
    Optional<Receipt> original = delivery.original().filter(Receipt::isAddressable);
    if (delivery.kind() == Delivery.Kind.RESOLUTION && original.isPresent()) {
      body.addProperty("channel", original.get().channel());
      body.addProperty("ts", original.get().id());
      Optional<Receipt> updated = call("chat.update", body, delivery, true);
      if (updated.isPresent()) {
        return updated.get();
      }
      body.remove("ts");
    } else {
      body.addProperty("channel", original.map(Receipt::channel).orElse(channel));
    }
    boolean reply =
        delivery.kind() == Delivery.Kind.REMINDER
            || delivery.kind() == Delivery.Kind.UPDATE
            || delivery.kind() == Delivery.Kind.DETAIL
            || delivery.kind() == Delivery.Kind.FOLLOW_UP;
    Optional<String> thread = reply ? original.map(Receipt::id) : Optional.<String>empty();
    thread.ifPresent(ts -> body.addProperty("thread_ts", ts));
    if (!delivery.messageKey().isEmpty()) {
      body.add("metadata", metadata(delivery));
    }
    if (delivery.earlierAttempt().isPresent() && !delivery.messageKey().isEmpty() && !dryRun) {
      Optional<Receipt> found =
          lookUp(
              body.get("channel").getAsString(), thread, delivery.earlierAttempt().get(), delivery);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return call("chat.postMessage", body, delivery, false).orElseThrow();
  }

  /** The metadata that lets a later attempt recognise this message in the channel. */
  private static JsonObject metadata(Delivery delivery) {
    JsonObject payload = new JsonObject();
    payload.addProperty("finding_id", delivery.findingId());
    payload.addProperty("message_key", delivery.messageKey());
    JsonObject metadata = new JsonObject();
    metadata.addProperty("event_type", METADATA_EVENT);
    metadata.add("event_payload", payload);
    return metadata;
  }

  /**
   * Looks for the message an earlier attempt may have posted: in the thread's replies when it is a
   * reply, else in the channel's history, from a little before that attempt on.
   *
   * @return the receipt of the message found; empty when it is not there, or cannot be looked for
   * @throws TransientFailureException when Slack is unavailable or rate limits the look-up
   */
  private Optional<Receipt> lookUp(
      String channelId, Optional<String> thread, Instant since, Delivery delivery) {
    String context =
        "sink=" + name() + " kind=" + delivery.kind() + " message=" + delivery.messageKey();
    if (!CHANNEL_ID.matcher(channelId).matches()) {
      logger.warning(
          "cannot look for the message an earlier attempt may have posted: the channel is named,"
              + " not given by its id; posting, which may post it twice "
              + context);
      return Optional.empty();
    }
    Instant oldest = since.minus(CLOCK_MARGIN);
    String method = thread.isPresent() ? "conversations.replies" : "conversations.history";
    StringBuilder query =
        new StringBuilder("?channel=")
            .append(encode(channelId))
            .append("&oldest=")
            .append(oldest.getEpochSecond())
            .append(".000000&inclusive=true&include_all_metadata=true&limit=")
            .append(LOOKUP_LIMIT);
    thread.ifPresent(ts -> query.append("&ts=").append(encode(ts)));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + "/" + method + query))
            .header("Authorization", "Bearer " + token)
            .GET();
    HttpResponse<String> response =
        http.send(request, delivery.deadline(), r -> "ratelimited".equals(error(r)));
    String error = error(response);
    if (error != null && TEMPORARY_ERRORS.contains(error)) {
      throw new TransientFailureException(
          "could not look for an earlier attempt's message " + context + " error=" + error);
    }
    if (response.statusCode() / 100 != 2 || error != null) {
      logger.warning(
          "cannot look for the message an earlier attempt may have posted; posting, which may post"
              + " it twice. Give the app the channels:history (or groups:history) scope "
              + context
              + " method="
              + method
              + " status="
              + response.statusCode()
              + " error="
              + (error == null ? "-" : error));
      return Optional.empty();
    }
    JsonObject answer = JsonParser.parseString(response.body()).getAsJsonObject();
    JsonElement messages = answer.get("messages");
    if (messages != null && messages.isJsonArray()) {
      for (JsonElement message : messages.getAsJsonArray()) {
        if (message.isJsonObject() && isThisMessage(message.getAsJsonObject(), delivery)) {
          String ts = string(message.getAsJsonObject(), "ts");
          logger.info(
              "found the message an earlier attempt posted, not posting again "
                  + context
                  + " channel="
                  + channelId
                  + " ts="
                  + ts);
          return Optional.of(Receipt.delivered(channelId, ts));
        }
      }
    }
    boolean more = answer.has("has_more") && answer.get("has_more").getAsBoolean();
    logger.info(
        "an earlier attempt did not post the message, posting "
            + context
            + " method="
            + method
            + " read="
            + (messages != null && messages.isJsonArray() ? messages.getAsJsonArray().size() : 0)
            + (more ? " (more messages since then than one look-up reads)" : ""));
    return Optional.empty();
  }

  private static boolean isThisMessage(JsonObject message, Delivery delivery) {
    JsonElement metadata = message.get("metadata");
    if (metadata == null || !metadata.isJsonObject()) {
      return false;
    }
    JsonElement payload = metadata.getAsJsonObject().get("event_payload");
    return METADATA_EVENT.equals(string(metadata.getAsJsonObject(), "event_type"))
        && payload != null
        && payload.isJsonObject()
        && delivery.messageKey().equals(string(payload.getAsJsonObject(), "message_key"));
  }

  private String base() {
    return apiBase.toString().replaceAll("/+$", "");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Calls one Web API method.
   *
   * @return the receipt; empty only when {@code fallBack} is set and the original message can no
   *     longer be edited
   */
  private Optional<Receipt> call(
      String method, JsonObject body, Delivery delivery, boolean fallBack) {
    String context =
        "sink="
            + name()
            + " method="
            + method
            + " kind="
            + delivery.kind()
            + " summary=\""
            + delivery.message().summary()
            + "\"";
    if (dryRun) {
      SlackDryRun.log(name(), delivery, body.toString());
      return Optional.of(Receipt.delivered());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + "/" + method))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(request, delivery.deadline(), r -> "ratelimited".equals(error(r)));
    String error = error(response);
    if (response.statusCode() / 100 == 2 && error == null) {
      JsonObject answer = JsonParser.parseString(response.body()).getAsJsonObject();
      String postedChannel = string(answer, "channel");
      String ts = string(answer, "ts");
      logger.info(() -> "posted to Slack " + context + " channel=" + postedChannel + " ts=" + ts);
      return Optional.of(Receipt.delivered(postedChannel, ts));
    }
    if ("ratelimited".equals(error)) {
      throw new TransientFailureException(
          "the Slack Web API is rate limiting " + context + " error=" + error);
    }
    if (error != null && TEMPORARY_ERRORS.contains(error)) {
      // Slack may have posted before it failed.
      throw new OutcomeUnknownException(
          "the Slack Web API failed for now " + context + " error=" + error);
    }
    if (fallBack && error != null && ORIGINAL_GONE.contains(error)) {
      logger.warning(
          "the original Slack message cannot be edited, posting anew "
              + context
              + " error="
              + error);
      return Optional.empty();
    }
    logger.severe(
        "the Slack Web API refused the message, not retrying; check SLACK_BOT_TOKEN, SLACK_CHANNEL"
            + " and the bot's membership of the channel "
            + context
            + " status="
            + response.statusCode()
            + " error="
            + (error == null ? "-" : error)
            + " body=\""
            + http.bodyOf(response)
            + "\"");
    return Optional.of(Receipt.refused());
  }

  /**
   * Slack's error code, or {@code null} when the answer is {@code "ok":true}; an answer that is not
   * Slack's JSON counts as the error {@code invalid_response}.
   */
  private static String error(HttpResponse<String> response) {
    try {
      JsonElement parsed = JsonParser.parseString(response.body());
      if (parsed.isJsonObject() && parsed.getAsJsonObject().has("ok")) {
        JsonObject answer = parsed.getAsJsonObject();
        if (answer.get("ok").isJsonPrimitive() && answer.get("ok").getAsBoolean()) {
          return null;
        }
        String error = string(answer, "error");
        return error.isEmpty() ? "unknown_error" : error;
      }
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      // Falls through: not Slack's JSON.
    }
    return "invalid_response";
  }

  private static String string(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  private String redact(String text) {
    return text.replace(token, "[the Slack bot token]");
  }
}
