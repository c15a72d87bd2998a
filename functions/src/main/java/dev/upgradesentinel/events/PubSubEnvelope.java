package dev.upgradesentinel.events;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Pub/Sub message as Eventarc delivers it in a CloudEvent of type {@value #MESSAGE_PUBLISHED}:
 * {@code {"message":{"data":BASE64,"attributes":{...},"messageId":...,"publishTime":...},
 * "subscription":...}}. Both topics the functions read — GKE's notifications and the scan requests
 * — arrive this way; each decoder reads its own content from the message.
 *
 * @param messageId the message id ({@code messageId}, or the older {@code message_id}), or {@value
 *     #UNKNOWN_ID} when absent or not an id
 * @param message the message object, for the fields a decoder reads beyond the envelope
 */
public record PubSubEnvelope(String messageId, JsonObject message) {

  /** The CloudEvent type Eventarc uses for Pub/Sub messages. */
  public static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

  /** The message id logged for a message whose id cannot be read. */
  public static final String UNKNOWN_ID = "unknown";

  private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  public PubSubEnvelope {
    Objects.requireNonNull(messageId, "messageId == null");
    Objects.requireNonNull(message, "message == null");
  }

  /**
   * Unwraps one CloudEvent.
   *
   * @param cloudEventType the CloudEvent's {@code type} attribute
   * @param data the CloudEvent's data, or {@code null} when it has none
   * @param maxBytes the largest data the caller reads
   * @throws MalformedEnvelopeException saying why the event is not a Pub/Sub message; such a
   *     message can never be understood and is acknowledged
   */
  public static PubSubEnvelope parse(String cloudEventType, byte[] data, int maxBytes) {
    if (!MESSAGE_PUBLISHED.equals(cloudEventType)) {
      throw new MalformedEnvelopeException(
          UNKNOWN_ID, "unexpected CloudEvent type '" + clip(cloudEventType) + "'");
    }
    if (data == null || data.length == 0) {
      throw new MalformedEnvelopeException(UNKNOWN_ID, "CloudEvent has no data");
    }
    if (data.length > maxBytes) {
      throw new MalformedEnvelopeException(
          UNKNOWN_ID, "CloudEvent data is too large: " + data.length + " bytes");
    }
    JsonElement envelope;
    try {
      envelope = JsonParser.parseString(new String(data, StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      throw new MalformedEnvelopeException(UNKNOWN_ID, "envelope is not JSON");
    }
    if (!envelope.isJsonObject() || !isObject(envelope.getAsJsonObject().get("message"))) {
      throw new MalformedEnvelopeException(UNKNOWN_ID, "envelope has no 'message' object");
    }
    JsonObject message = envelope.getAsJsonObject().getAsJsonObject("message");
    return new PubSubEnvelope(messageId(message), message);
  }

  /** Whether the message carried a valid message id. */
  public boolean hasMessageId() {
    return !UNKNOWN_ID.equals(messageId);
  }

  /**
   * The message's data, decoded from base64 as UTF-8 text; empty when the message has none.
   *
   * @throws MalformedEnvelopeException when the data is not a base64 string
   */
  public String dataText() {
    JsonElement data = message.get("data");
    if (data == null || data.isJsonNull()) {
      return "";
    }
    if (!data.isJsonPrimitive() || !data.getAsJsonPrimitive().isString()) {
      throw new MalformedEnvelopeException(messageId, "field 'data' is not a string");
    }
    try {
      return new String(Base64.getDecoder().decode(data.getAsString()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedEnvelopeException(messageId, "message data is not base64");
    }
  }

  private static String messageId(JsonObject message) {
    String id = plainString(message, "messageId");
    if (id.isEmpty()) {
      id = plainString(message, "message_id");
    }
    return MESSAGE_ID.matcher(id).matches() ? id : UNKNOWN_ID;
  }

  private static String plainString(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        ? value.getAsString()
        : "";
  }

  private static boolean isObject(JsonElement element) {
    return element != null && element.isJsonObject();
  }

  /** Keeps untrusted values short and printable in reasons, which are logged. */
  static String clip(String value) {
    if (value == null) {
      return "";
    }
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }

  /** A CloudEvent that is not a readable Pub/Sub message; the text is the reason, safe to log. */
  public static final class MalformedEnvelopeException extends RuntimeException {
    private final String messageId;

    MalformedEnvelopeException(String messageId, String reason) {
      super(reason, null, false, false);
      this.messageId = messageId;
    }

    /** The message id, or {@value PubSubEnvelope#UNKNOWN_ID}. */
    public String messageId() {
      return messageId;
    }
  }
}
