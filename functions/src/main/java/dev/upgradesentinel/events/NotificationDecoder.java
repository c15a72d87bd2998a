package dev.upgradesentinel.events;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.gke.ClusterRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the data of an Eventarc Pub/Sub CloudEvent into a {@link GkeNotification}.
 *
 * <p>Everything in the message is untrusted. The cluster's project, location and name end up in
 * gcloud commands and links, so they must match GKE's own naming rules; the rest is kept as text
 * and escaped wherever it is shown.
 */
public final class NotificationDecoder {

  /** The CloudEvent type Eventarc uses for Pub/Sub messages. */
  public static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

  /** Far above any GKE notification (Pub/Sub itself caps attribute values at 1,024 bytes). */
  static final int MAX_ENVELOPE_BYTES = 256 * 1024;

  private static final int MAX_SUMMARY_CHARS = 2_000;
  private static final String UNKNOWN_ID = "unknown";
  private static final String TYPE_URL_PREFIX = "type.googleapis.com/google.container.";

  /** Project ids, optionally domain-scoped, or project numbers. */
  public static final Pattern PROJECT =
      Pattern.compile("(?:[a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20}");

  /** Regions ({@code us-central1}) and zones ({@code us-central1-c}). */
  public static final Pattern LOCATION =
      Pattern.compile("[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}(-[a-z])?");

  /** GKE cluster names: lower-case letters, digits and hyphens, at most 40 characters. */
  public static final Pattern CLUSTER_NAME = Pattern.compile("[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?");

  private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  /**
   * Decodes one CloudEvent.
   *
   * @param cloudEventType the CloudEvent's {@code type} attribute
   * @param data the CloudEvent's data, or {@code null} when it has none
   */
  public Decoded decode(String cloudEventType, byte[] data) {
    if (!MESSAGE_PUBLISHED.equals(cloudEventType)) {
      return new Decoded.Rejected(
          UNKNOWN_ID, "unexpected CloudEvent type '" + clip(cloudEventType) + "'");
    }
    if (data == null || data.length == 0) {
      return new Decoded.Rejected(UNKNOWN_ID, "CloudEvent has no data");
    }
    if (data.length > MAX_ENVELOPE_BYTES) {
      return new Decoded.Rejected(
          UNKNOWN_ID, "CloudEvent data is too large: " + data.length + " bytes");
    }
    JsonObject message;
    try {
      JsonElement envelope = JsonParser.parseString(new String(data, StandardCharsets.UTF_8));
      if (!envelope.isJsonObject() || !isObject(envelope.getAsJsonObject().get("message"))) {
        return new Decoded.Rejected(UNKNOWN_ID, "envelope has no 'message' object");
      }
      message = envelope.getAsJsonObject().getAsJsonObject("message");
    } catch (JsonParseException e) {
      return new Decoded.Rejected(UNKNOWN_ID, "envelope is not JSON");
    }
    String messageId = messageId(message);
    try {
      return decodeMessage(messageId, message);
    } catch (MalformedException e) {
      return new Decoded.Rejected(messageId, e.getMessage());
    }
  }

  private Decoded decodeMessage(String messageId, JsonObject message) {
    if (!isObject(message.get("attributes"))) {
      throw new MalformedException("message has no attributes");
    }
    JsonObject attributes = message.getAsJsonObject("attributes");
    String typeUrl = requiredAttribute(attributes, "type_url");
    if (!typeUrl.startsWith(TYPE_URL_PREFIX)) {
      throw new MalformedException("type_url '" + clip(typeUrl) + "' is not a GKE event type");
    }
    String typeName = typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    ClusterRef cluster =
        new ClusterRef(
            validAttribute(attributes, "project_id", PROJECT),
            validAttribute(attributes, "cluster_location", LOCATION),
            validAttribute(attributes, "cluster_name", CLUSTER_NAME));
    if (!isKnownType(typeName)) {
      return new Decoded.Ignored(messageId, "event type '" + clip(typeName) + "' is not acted on");
    }
    JsonObject payload = payload(requiredAttribute(attributes, "payload"));
    GkeEvent event = event(typeName, payload);
    return new Decoded.Accepted(
        new GkeNotification(messageId, publishTime(message), cluster, summary(message), event));
  }

  private static boolean isKnownType(String typeName) {
    return switch (typeName) {
      case "UpgradeAvailableEvent", "UpgradeEvent", "UpgradeInfoEvent", "SecurityBulletinEvent" ->
          true;
      default -> false;
    };
  }

  private static GkeEvent event(String typeName, JsonObject p) {
    return switch (typeName) {
      case "UpgradeAvailableEvent" ->
          new GkeEvent.UpgradeAvailable(
              string(p, "version"),
              string(p, "resourceType"),
              releaseChannel(p),
              string(p, "resource"));
      case "UpgradeEvent" ->
          new GkeEvent.Upgrade(
              string(p, "resourceType"),
              string(p, "operation"),
              string(p, "operationStartTime"),
              string(p, "currentVersion"),
              string(p, "targetVersion"),
              string(p, "resource"));
      case "UpgradeInfoEvent" ->
          new GkeEvent.UpgradeInfo(
              string(p, "resourceType"),
              string(p, "operation"),
              string(p, "startTime"),
              string(p, "endTime"),
              string(p, "currentVersion"),
              string(p, "targetVersion"),
              string(p, "resource"),
              string(p, "state"),
              string(p, "description"),
              string(p, "eventType"),
              string(p, "standardSupportEndTime"),
              string(p, "extendedSupportEndTime"));
      case "SecurityBulletinEvent" ->
          new GkeEvent.SecurityBulletin(
              string(p, "resourceTypeAffected"),
              string(p, "bulletinId"),
              strings(p, "cveIds"),
              string(p, "severity"),
              string(p, "bulletinUri"),
              string(p, "briefDescription"),
              strings(p, "affectedSupportedMinors"),
              strings(p, "patchedVersions"),
              string(p, "suggestedUpgradeTarget"),
              bool(p, "manualStepsRequired"));
      default -> throw new IllegalArgumentException(typeName);
    };
  }

  private static JsonObject payload(String text) {
    try {
      JsonElement parsed = JsonParser.parseString(text);
      if (!parsed.isJsonObject()) {
        throw new MalformedException("payload is not a JSON object");
      }
      return parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new MalformedException("payload is not JSON");
    }
  }

  /** GKE writes the channel as {@code {"channel":"REGULAR"}}; a bare string is accepted too. */
  private static String releaseChannel(JsonObject payload) {
    JsonElement channel = payload.get("releaseChannel");
    if (channel == null || channel.isJsonNull()) {
      return "";
    }
    if (channel.isJsonObject()) {
      return string(channel.getAsJsonObject(), "channel");
    }
    return string(payload, "releaseChannel");
  }

  private static String summary(JsonObject message) {
    String data = string(message, "data");
    if (data.isEmpty()) {
      return "";
    }
    try {
      String text = new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
      return text.length() > MAX_SUMMARY_CHARS ? text.substring(0, MAX_SUMMARY_CHARS) + "…" : text;
    } catch (IllegalArgumentException e) {
      throw new MalformedException("message data is not base64");
    }
  }

  private static String publishTime(JsonObject message) {
    String camel = string(message, "publishTime");
    return camel.isEmpty() ? string(message, "publish_time") : camel;
  }

  private static String messageId(JsonObject message) {
    try {
      String id = string(message, "messageId");
      if (id.isEmpty()) {
        id = string(message, "message_id");
      }
      return MESSAGE_ID.matcher(id).matches() ? id : UNKNOWN_ID;
    } catch (MalformedException e) {
      return UNKNOWN_ID;
    }
  }

  private static String requiredAttribute(JsonObject attributes, String name) {
    String value = string(attributes, name);
    if (value.isEmpty()) {
      throw new MalformedException("attribute '" + name + "' is missing");
    }
    return value;
  }

  private static String validAttribute(JsonObject attributes, String name, Pattern pattern) {
    String value = requiredAttribute(attributes, name);
    if (!pattern.matcher(value).matches()) {
      throw new MalformedException("attribute '" + name + "' is not valid: '" + clip(value) + "'");
    }
    return value;
  }

  private static String string(JsonObject object, String name) {
    JsonElement value = object.get(name);
    if (value == null || value.isJsonNull()) {
      return "";
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new MalformedException("field '" + name + "' is not a string");
    }
    return value.getAsString();
  }

  private static List<String> strings(JsonObject object, String name) {
    JsonElement value = object.get(name);
    if (value == null || value.isJsonNull()) {
      return List.of();
    }
    if (!value.isJsonArray()) {
      throw new MalformedException("field '" + name + "' is not a list");
    }
    JsonArray array = value.getAsJsonArray();
    List<String> result = new ArrayList<>(array.size());
    for (JsonElement element : array) {
      if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
        throw new MalformedException("field '" + name + "' is not a list of strings");
      }
      result.add(element.getAsString());
    }
    return result;
  }

  private static boolean bool(JsonObject object, String name) {
    JsonElement value = object.get(name);
    if (value == null || value.isJsonNull()) {
      return false;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
      throw new MalformedException("field '" + name + "' is not a boolean");
    }
    return value.getAsBoolean();
  }

  private static boolean isObject(JsonElement element) {
    return element != null && element.isJsonObject();
  }

  /** Keeps untrusted values short in reasons, which are logged. */
  private static String clip(String value) {
    if (value == null) {
      return "";
    }
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }

  /** A message that cannot be decoded; the text is the reason, safe to log. */
  private static final class MalformedException extends RuntimeException {
    MalformedException(String reason) {
      super(reason, null, false, false);
    }
  }
}
