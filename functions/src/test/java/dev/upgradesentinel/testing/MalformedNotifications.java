package dev.upgradesentinel.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A corpus of messages that must never lead to a post: malformed envelopes, bad base64, truncated
 * or mistyped JSON, giant attributes, unknown event types, missing fields and markup injected where
 * GKE puts names. Each case is derived from a real notification fixture by one change, so that the
 * change alone is what makes it unacceptable.
 */
public final class MalformedNotifications {

  /**
   * One hostile message.
   *
   * @param name what is wrong with it
   * @param cloudEventType the CloudEvent type it arrives with
   * @param body the CloudEvent data
   * @param reason the reason the function must log for it
   */
  public record Case(String name, String cloudEventType, String body, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

  private MalformedNotifications() {}

  public static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    String valid = Fixtures.text("events/upgrade-available-1-24.json");
    raw(cases, "not JSON", "hello, world", "reason=envelope is not JSON");
    raw(
        cases,
        "truncated JSON",
        valid.substring(0, valid.length() / 2),
        "reason=envelope is not JSON");
    raw(cases, "JSON array", "[]", "reason=envelope has no 'message' object");
    raw(cases, "JSON null", "null", "reason=envelope has no 'message' object");
    raw(cases, "JSON string", "\"message\"", "reason=envelope has no 'message' object");
    raw(
        cases,
        "message is a string",
        "{\"message\":\"hi\"}",
        "reason=envelope has no 'message' object");
    raw(
        cases,
        "deeply nested",
        "[".repeat(20_000) + "]".repeat(20_000),
        "reason=envelope is not JSON");
    raw(
        cases,
        "too large",
        "{\"message\":{\"data\":\"" + "A".repeat(300_000) + "\"}}",
        "reason=CloudEvent data is too large");
    cases.add(
        new Case(
            "wrong CloudEvent type",
            "google.cloud.storage.object.v1.finalized",
            valid,
            "reason=unexpected CloudEvent type 'google.cloud.storage.object.v1.finalized'"));
    edit(cases, "no attributes", m -> m.remove("attributes"), "reason=message has no attributes");
    edit(
        cases,
        "attributes is a list",
        m -> m.add("attributes", new JsonArray()),
        "reason=message has no attributes");
    edit(
        cases,
        "data not base64",
        m -> m.addProperty("data", "!!not base64!!"),
        "reason=message data is not base64");
    edit(
        cases,
        "data is a number",
        m -> m.addProperty("data", 42),
        "reason=field 'data' is not a string");
    attribute(
        cases,
        "type_url missing",
        a -> a.remove("type_url"),
        "reason=attribute 'type_url' is missing");
    attribute(
        cases,
        "type_url is a number",
        a -> a.addProperty("type_url", 7),
        "reason=field 'type_url' is not a string");
    attribute(
        cases,
        "type_url of another API",
        a -> a.addProperty("type_url", "type.googleapis.com/google.pubsub.v1.Topic"),
        "is not a GKE event type");
    attribute(
        cases,
        "project_id missing",
        a -> a.remove("project_id"),
        "reason=attribute 'project_id' is missing");
    attribute(
        cases,
        "project_id is an object",
        a -> a.add("project_id", new JsonObject()),
        "reason=field 'project_id' is not a string");
    attribute(
        cases,
        "project_id malformed",
        a -> a.addProperty("project_id", "Bad_Project!"),
        "reason=attribute 'project_id' is not valid");
    attribute(
        cases,
        "project_id homoglyph",
        a -> a.addProperty("project_id", "shop-pr\u043ed"),
        "reason=attribute 'project_id' is not valid");
    attribute(
        cases,
        "project_id mention",
        a -> a.addProperty("project_id", "<!here>"),
        "reason=attribute 'project_id' is not valid");
    attribute(
        cases,
        "cluster_location missing",
        a -> a.remove("cluster_location"),
        "reason=attribute 'cluster_location' is missing");
    attribute(
        cases,
        "cluster_location unknown",
        a -> a.addProperty("cluster_location", "moon"),
        "reason=attribute 'cluster_location' is not valid");
    attribute(
        cases,
        "cluster_location newline",
        a -> a.addProperty("cluster_location", "us-central1\nSEVERE: forged"),
        "reason=attribute 'cluster_location' is not valid");
    attribute(
        cases,
        "cluster_name missing",
        a -> a.remove("cluster_name"),
        "reason=attribute 'cluster_name' is missing");
    attribute(
        cases,
        "cluster_name channel mention",
        a -> a.addProperty("cluster_name", "<!channel>"),
        "reason=attribute 'cluster_name' is not valid");
    attribute(
        cases,
        "cluster_name user mention",
        a -> a.addProperty("cluster_name", "<@U0123|admin>"),
        "reason=attribute 'cluster_name' is not valid");
    attribute(
        cases,
        "cluster_name link",
        a -> a.addProperty("cluster_name", "<https://evil.example|click>"),
        "reason=attribute 'cluster_name' is not valid");
    attribute(
        cases,
        "cluster_name bold",
        a -> a.addProperty("cluster_name", "*urgent*"),
        "reason=attribute 'cluster_name' is not valid");
    attribute(
        cases,
        "cluster_name too long",
        a -> a.addProperty("cluster_name", "c" + "a".repeat(40)),
        "reason=attribute 'cluster_name' is not valid");
    attribute(
        cases,
        "cluster_name giant",
        a -> a.addProperty("cluster_name", "x".repeat(100_000)),
        "reason=attribute 'cluster_name' is not valid");
    attribute(
        cases,
        "payload giant",
        a -> a.addProperty("payload", "{\"version\":\"" + "9".repeat(300_000) + "\"}"),
        "reason=CloudEvent data is too large");
    attribute(
        cases,
        "payload missing",
        a -> a.remove("payload"),
        "reason=attribute 'payload' is missing");
    attribute(
        cases,
        "payload not JSON",
        a -> a.addProperty("payload", "{\"version\":"),
        "reason=payload is not JSON");
    attribute(
        cases,
        "payload a list",
        a -> a.addProperty("payload", "[1,2]"),
        "reason=payload is not a JSON object");
    attribute(
        cases,
        "version a number",
        a -> a.addProperty("payload", "{\"version\":1.24}"),
        "reason=field 'version' is not a string");
    attribute(
        cases,
        "releaseChannel a number",
        a -> a.addProperty("payload", "{\"version\":\"1.24.1\",\"releaseChannel\":5}"),
        "reason=field 'releaseChannel' is not a string");
    attribute(
        cases,
        "unknown event type",
        a ->
            a.addProperty(
                "type_url", "type.googleapis.com/google.container.v1beta1.ClusterMaintenanceEvent"),
        "reason=event type 'ClusterMaintenanceEvent' is not acted on");
    attribute(
        cases,
        "forged event type",
        a ->
            a.addProperty(
                "type_url", "type.googleapis.com/google.container.v1beta1.Upgrade\nSEVERE"),
        "reason=event type 'Upgrade?SEVERE' is not acted on");
    bulletin(
        cases,
        "cveIds not a list",
        "{\"cveIds\":\"CVE-1\"}",
        "reason=field 'cveIds' is not a list");
    bulletin(
        cases,
        "cveIds of numbers",
        "{\"cveIds\":[1,2]}",
        "reason=field 'cveIds' is not a list of strings");
    bulletin(
        cases,
        "manualStepsRequired a string",
        "{\"manualStepsRequired\":\"yes\"}",
        "reason=field 'manualStepsRequired' is not a boolean");
    bulletin(
        cases,
        "patchedVersions an object",
        "{\"patchedVersions\":{\"v\":\"1.24\"}}",
        "reason=field 'patchedVersions' is not a list");
    upgrade(
        cases,
        "targetVersion a list",
        "{\"targetVersion\":[\"1.24\"]}",
        "reason=field 'targetVersion' is not a string");
    upgrade(
        cases,
        "resourceType null-ish object",
        "{\"resourceType\":{\"$ne\":null}}",
        "reason=field 'resourceType' is not a string");
    return List.copyOf(cases);
  }

  private static void raw(List<Case> cases, String name, String body, String reason) {
    cases.add(new Case(name, PUBLISHED, body, reason));
  }

  private static void edit(
      List<Case> cases, String name, Consumer<JsonObject> change, String reason) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-available-1-24.json"))
            .getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", "bad-" + (cases.size() + 1));
    message.remove("message_id");
    change.accept(message);
    cases.add(new Case(name, PUBLISHED, envelope.toString(), reason));
  }

  private static void attribute(
      List<Case> cases, String name, Consumer<JsonObject> change, String reason) {
    edit(cases, name, m -> change.accept(m.getAsJsonObject("attributes")), reason);
  }

  private static void bulletin(List<Case> cases, String name, String payload, String reason) {
    typed(cases, name, "SecurityBulletinEvent", payload, reason);
  }

  private static void upgrade(List<Case> cases, String name, String payload, String reason) {
    typed(cases, name, "UpgradeEvent", payload, reason);
  }

  private static void typed(
      List<Case> cases, String name, String type, String payload, String reason) {
    attribute(
        cases,
        name,
        a -> {
          a.addProperty("type_url", "type.googleapis.com/google.container.v1beta1." + type);
          a.addProperty("payload", payload);
        },
        reason);
  }
}
