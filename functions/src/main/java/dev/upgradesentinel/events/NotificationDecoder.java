package dev.upgradesentinel.events;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the data of an Eventarc Pub/Sub CloudEvent into a {@link GkeNotification}.
 *
 * <p>Everything in the message is untrusted. The cluster's project, location and name end up in
 * gcloud commands and links, so they must match GKE's own naming rules; the rest is kept as text
 * and escaped wherever it is shown.
 */
public final class NotificationDecoder {

  /** Far above any GKE notification (Pub/Sub itself caps attribute values at 1,024 bytes). */
  static final int MAX_ENVELOPE_BYTES = 256 * 1024;

  private static final int MAX_SUMMARY_CHARS = 2_000;
  private static final String TYPE_URL_PREFIX = "type.googleapis.com/google.container.";

  /**
   * Decodes one CloudEvent.
   *
   * @param cloudEventType the CloudEvent's {@code type} attribute
   * @param data the CloudEvent's data, or {@code null} when it has none
   */
  public Decoded decode(String cloudEventType, byte[] data) {
    PubSubEnvelope envelope;
    try {
      envelope = PubSubEnvelope.parse(cloudEventType, data, MAX_ENVELOPE_BYTES);
    } catch (PubSubEnvelope.MalformedEnvelopeException e) {
      return new Decoded.Rejected(e.messageId(), e.getMessage());
    }
    try {
      return decodeMessage(envelope);
    } catch (MalformedException e) {
      return new Decoded.Rejected(envelope.messageId(), e.getMessage());
    } catch (PubSubEnvelope.MalformedEnvelopeException e) {
      return new Decoded.Rejected(envelope.messageId(), e.getMessage());
    }
  }

  private Decoded decodeMessage(PubSubEnvelope envelope) {
    String messageId = envelope.messageId();
    JsonObject message = envelope.message();
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
            validAttribute(attributes, "project_id", Identifiers.PROJECT),
            validAttribute(attributes, "cluster_location", Identifiers.LOCATION),
            validAttribute(attributes, "cluster_name", Identifiers.CLUSTER_NAME));
    if (!isKnownType(typeName)) {
      return new Decoded.Ignored(messageId, "event type '" + clip(typeName) + "' is not acted on");
    }
    JsonObject payload = payload(requiredAttribute(attributes, "payload"));
    GkeEvent event = event(typeName, payload);
    if (event instanceof GkeEvent.UpgradeInfo info) {
      Optional<String> unread = unreadUpgradeInfo(info);
      if (unread.isPresent()) {
        return new Decoded.Ignored(messageId, unread.get());
      }
    }
    return new Decoded.Accepted(
        new GkeNotification(messageId, publishTime(message), cluster, summary(envelope), event));
  }

  /**
   * Why an UpgradeInfoEvent is not acted on: an event type or an upgrade step GKE added after this
   * product was written. Empty when it is read.
   */
  private static Optional<String> unreadUpgradeInfo(GkeEvent.UpgradeInfo info) {
    if (!GkeEvent.UpgradeInfo.knownEventType(info.eventType())) {
      return Optional.of(
          "UpgradeInfoEvent eventType '" + clip(info.eventType()) + "' is not acted on");
    }
    if (GkeEvent.UpgradeInfo.UPGRADE_LIFECYCLE.equals(info.eventType())
        && info.lifecycle().isEmpty()) {
      return Optional.of("UPGRADE_LIFECYCLE state '" + clip(info.state()) + "' is not acted on");
    }
    return Optional.empty();
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
              string(p, "extendedSupportEndTime"),
              disruption(p),
              string(p, "currentEmulatedVersion"),
              string(p, "targetEmulatedVersion"));
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

  private static String summary(PubSubEnvelope envelope) {
    String text = envelope.dataText();
    return text.length() > MAX_SUMMARY_CHARS ? text.substring(0, MAX_SUMMARY_CHARS) + "…" : text;
  }

  private static String publishTime(JsonObject message) {
    String camel = string(message, "publishTime");
    return camel.isEmpty() ? string(message, "publish_time") : camel;
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

  /**
   * The {@code disruptionEvent} of an UpgradeInfoEvent, or {@code null} when there is none. A
   * disruption without a node names nothing to act on and is malformed.
   */
  private static GkeEvent.Disruption disruption(JsonObject payload) {
    JsonElement value = payload.get("disruptionEvent");
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonObject()) {
      throw new MalformedException("field 'disruptionEvent' is not an object");
    }
    JsonObject event = value.getAsJsonObject();
    String node = string(event, "pdbBlockedNode");
    if (node.isBlank()) {
      throw new MalformedException("disruptionEvent names no pdbBlockedNode");
    }
    List<GkeEvent.PodRef> pods = new ArrayList<>();
    JsonElement blocked = event.get("pdbBlockedPod");
    if (blocked != null && !blocked.isJsonNull()) {
      if (!blocked.isJsonArray()) {
        throw new MalformedException("field 'pdbBlockedPod' is not a list");
      }
      for (JsonElement pod : blocked.getAsJsonArray()) {
        if (!pod.isJsonObject()) {
          throw new MalformedException("field 'pdbBlockedPod' is not a list of objects");
        }
        pods.add(
            new GkeEvent.PodRef(
                string(pod.getAsJsonObject(), "namespace"), string(pod.getAsJsonObject(), "name")));
      }
    }
    return new GkeEvent.Disruption(
        string(event, "disruptionType"), node, pods, string(event, "pdbViolationTimeout"));
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

  private static String clip(String value) {
    return PubSubEnvelope.clip(value);
  }

  /** A message that cannot be decoded; the text is the reason, safe to log. */
  private static final class MalformedException extends RuntimeException {
    MalformedException(String reason) {
      super(reason, null, false, false);
    }
  }
}
