package dev.upgradesentinel.events;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NotificationDecoderTest {
  private final NotificationDecoder decoder = new NotificationDecoder();

  private Decoded decode(String fixture) {
    return decoder.decode(PubSubEnvelope.MESSAGE_PUBLISHED, Fixtures.bytes("events/" + fixture));
  }

  private GkeNotification accepted(String fixture) {
    Decoded decoded = decode(fixture);
    assertThat(decoded).isInstanceOf(Decoded.Accepted.class);
    return ((Decoded.Accepted) decoded).notification();
  }

  @Test
  void decode_upgradeAvailableEvent_readsVersionChannelAndCluster() {
    GkeNotification n = accepted("upgrade-available-1-24.json");

    assertThat(n.messageId()).isEqualTo("8237461928374612");
    assertThat(n.cluster())
        .isEqualTo(new ClusterRef("111111111111", "us-central1", "payments-prod"));
    assertThat(n.summary()).contains("1.24.17-gke.2200");
    assertThat(n.publishTime()).isEqualTo("2026-11-24T06:12:31.452Z");
    assertThat(n.event())
        .isEqualTo(new GkeEvent.UpgradeAvailable("1.24.17-gke.2200", "MASTER", "REGULAR", ""));
  }

  @Test
  void decode_upgradeEvent_readsCurrentAndTargetVersions() {
    GkeEvent.Upgrade event = (GkeEvent.Upgrade) accepted("upgrade-event.json").event();

    assertThat(event.resourceType()).isEqualTo("MASTER");
    assertThat(event.currentVersion()).isEqualTo("1.22.17-gke.1900");
    assertThat(event.targetVersion()).isEqualTo("1.23.17-gke.1700");
    assertThat(event.operation()).isEqualTo("operation-1700489094437-87b7254a");
  }

  @Test
  void decode_upgradeInfoEvent_readsStateEventTypeAndSupportEnd() {
    GkeEvent.UpgradeInfo event =
        (GkeEvent.UpgradeInfo) accepted("upgrade-info-end-of-support.json").event();

    assertThat(event.state()).isEqualTo("STARTED");
    assertThat(event.eventType()).isEqualTo("END_OF_SUPPORT");
    assertThat(event.standardSupportEndTime()).isEqualTo("2023-01-31T00:00:00Z");
    assertThat(event.extendedSupportEndTime()).isEmpty();
    assertThat(event.targetVersion()).isEqualTo("1.24.17-gke.2200");
  }

  @Test
  void decode_disruptionEvent_readsTheNodeAndEachPodWithItsNamespace() {
    GkeEvent.UpgradeInfo event =
        (GkeEvent.UpgradeInfo) accepted("upgrade-info-disruption.json").event();

    GkeEvent.Disruption drain = event.disruptionEvent().orElseThrow();
    assertThat(event.eventType()).isEqualTo("DISRUPTION_EVENT");
    assertThat(drain.type()).isEqualTo("POD_NOT_ENOUGH_PDB");
    assertThat(drain.held()).isTrue();
    assertThat(drain.node()).isEqualTo("gke-analytics-default-pool-4f2a9c1e-x7kq");
    assertThat(drain.pods())
        .containsExactly(
            new GkeEvent.PodRef("payments", "ledger-writer-7d9c6b5f4-2xkqp"),
            new GkeEvent.PodRef("search", "indexer-0"))
        .inOrder();
    assertThat(drain.violationTimeout()).isEmpty();
    assertThat(
            ((GkeEvent.UpgradeInfo) accepted("upgrade-info-end-of-support.json").event())
                .disruptionEvent())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDisruptions")
  void decode_brokenDisruptionEvent_isRejected(String disruption, String reason) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-info-disruption.json"))
            .getAsJsonObject();
    JsonObject attributes = envelope.getAsJsonObject("message").getAsJsonObject("attributes");
    JsonObject payload =
        JsonParser.parseString(attributes.get("payload").getAsString()).getAsJsonObject();
    payload.add("disruptionEvent", JsonParser.parseString(disruption));
    attributes.addProperty("payload", payload.toString());

    Decoded decoded =
        decoder.decode(
            PubSubEnvelope.MESSAGE_PUBLISHED, envelope.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
    assertThat(((Decoded.Rejected) decoded).reason()).contains(reason);
  }

  static Stream<Arguments> brokenDisruptions() {
    return Stream.of(
        Arguments.of("[1]", "'disruptionEvent' is not an object"),
        Arguments.of("{\"disruptionType\":\"POD_NOT_ENOUGH_PDB\"}", "names no pdbBlockedNode"),
        Arguments.of(
            "{\"pdbBlockedNode\":\"n1\",\"pdbBlockedPod\":\"p\"}", "'pdbBlockedPod' is not a list"),
        Arguments.of(
            "{\"pdbBlockedNode\":\"n1\",\"pdbBlockedPod\":[\"p\"]}", "not a list of objects"));
  }

  @Test
  void decode_securityBulletinEvent_readsPatchedVersionsAndTarget() {
    GkeEvent.SecurityBulletin event =
        (GkeEvent.SecurityBulletin) accepted("security-bulletin.json").event();

    assertThat(event.bulletinId()).isEqualTo("GCP-2023-014");
    assertThat(event.cveIds()).containsExactly("CVE-2023-2727", "CVE-2023-2728").inOrder();
    assertThat(event.patchedVersions()).containsExactly("1.24.14-gke.2700", "1.25.10-gke.1200");
    assertThat(event.suggestedUpgradeTarget()).isEqualTo("1.24.14-gke.2700");
    assertThat(event.affectedSupportedMinors()).contains("1.23");
    assertThat(event.manualStepsRequired()).isFalse();
  }

  @Test
  void decode_upgradeLifecycle_readsStateResourceOperationVersionsAndEmulatedVersions() {
    GkeEvent.UpgradeInfo event =
        (GkeEvent.UpgradeInfo) accepted("upgrade-info-failed.json").event();

    assertThat(event.lifecycle()).hasValue(GkeEvent.UpgradeState.FAILED);
    assertThat(event.pool()).hasValue("default-pool");
    assertThat(event.operation()).isEqualTo("operation-1765094400000-7c1f2e3a");
    assertThat(event.currentVersion()).isEqualTo("1.33.5-gke.1308000");
    assertThat(event.targetVersion()).isEqualTo("1.33.5-gke.1400000");
    assertThat(event.endTime()).isEqualTo("2026-12-07T08:41:12Z");

    GkeEvent.UpgradeInfo emulated =
        (GkeEvent.UpgradeInfo)
            acceptedWith(
                    "\"resourceType\":\"MASTER\",\"resource\":\"\",\"state\":\"SUCCEEDED\","
                        + "\"currentEmulatedVersion\":\"1.33\",\"targetEmulatedVersion\":\"1.33\"")
                .event();
    assertThat(emulated.lifecycle()).hasValue(GkeEvent.UpgradeState.SUCCEEDED);
    assertThat(emulated.pool()).isEmpty();
    assertThat(emulated.currentEmulatedVersion()).isEqualTo("1.33");
    assertThat(emulated.targetEmulatedVersion()).isEqualTo("1.33");
  }

  @Test
  void decode_everyLifecycleStateAndTheCosMilestone_areAccepted() {
    for (String state : List.of("SCHEDULED", "STARTED", "SUCCEEDED", "FAILED", "CANCELED")) {
      GkeEvent.UpgradeInfo event =
          (GkeEvent.UpgradeInfo) acceptedWith("\"state\":\"" + state + "\"").event();
      assertThat(event.lifecycle().map(Enum::name)).hasValue(state);
    }
    GkeEvent.UpgradeInfo milestone =
        (GkeEvent.UpgradeInfo)
            acceptedWith(
                    "\"eventType\":\"COS_MILESTONE_VERSION_UPDATE\",\"state\":\"\","
                        + "\"description\":\"cos-125-19216-0-94\"")
                .event();
    assertThat(milestone.description()).isEqualTo("cos-125-19216-0-94");
  }

  @Test
  void decode_unknownLifecycleStateOrEventType_isIgnoredWithItsValue() {
    Decoded state = decodeWith("\"state\":\"PAUSED_BY_SOMETHING_NEW\"");
    assertThat(state).isInstanceOf(Decoded.Ignored.class);
    assertThat(((Decoded.Ignored) state).reason())
        .isEqualTo("UPGRADE_LIFECYCLE state 'PAUSED_BY_SOMETHING_NEW' is not acted on");

    Decoded unspecified = decodeWith("\"state\":\"STATE_UNSPECIFIED\"");
    assertThat(unspecified).isInstanceOf(Decoded.Ignored.class);

    Decoded type = decodeWith("\"eventType\":\"NODE_POOL_RESIZE_NOTICE\"");
    assertThat(type).isInstanceOf(Decoded.Ignored.class);
    assertThat(((Decoded.Ignored) type).reason())
        .isEqualTo("UpgradeInfoEvent eventType 'NODE_POOL_RESIZE_NOTICE' is not acted on");
  }

  /** The failed-upgrade fixture with the payload fields given over its own. */
  private Decoded decodeWith(String payloadFields) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-info-failed.json")).getAsJsonObject();
    JsonObject attributes = envelope.getAsJsonObject("message").getAsJsonObject("attributes");
    JsonObject payload =
        JsonParser.parseString(attributes.get("payload").getAsString()).getAsJsonObject();
    JsonParser.parseString("{" + payloadFields + "}")
        .getAsJsonObject()
        .entrySet()
        .forEach(e -> payload.add(e.getKey(), e.getValue()));
    attributes.addProperty("payload", payload.toString());
    return decoder.decode(
        PubSubEnvelope.MESSAGE_PUBLISHED, envelope.toString().getBytes(StandardCharsets.UTF_8));
  }

  private GkeNotification acceptedWith(String payloadFields) {
    Decoded decoded = decodeWith(payloadFields);
    assertThat(decoded).isInstanceOf(Decoded.Accepted.class);
    return ((Decoded.Accepted) decoded).notification();
  }

  @Test
  void decode_unknownEventType_isIgnoredWithItsName() {
    Decoded decoded = decode("unknown-type.json");

    assertThat(decoded).isInstanceOf(Decoded.Ignored.class);
    assertThat(((Decoded.Ignored) decoded).reason()).contains("ClusterMaintenanceEvent");
    assertThat(decoded.messageId()).isEqualTo("8237461928374617");
  }

  @Test
  void decode_wrongCloudEventType_isRejected() {
    Decoded decoded =
        decoder.decode(
            "google.cloud.storage.object.v1.finalized",
            Fixtures.bytes("events/upgrade-event.json"));

    assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
    assertThat(((Decoded.Rejected) decoded).reason()).contains("unexpected CloudEvent type");
  }

  @Test
  void decode_noData_isRejected() {
    assertThat(decoder.decode(PubSubEnvelope.MESSAGE_PUBLISHED, null))
        .isInstanceOf(Decoded.Rejected.class);
    assertThat(decoder.decode(PubSubEnvelope.MESSAGE_PUBLISHED, new byte[0]))
        .isInstanceOf(Decoded.Rejected.class);
  }

  /** One malformed variant of a valid envelope: what to break and what the reason must say. */
  record Breakage(String label, Consumer<JsonObject> change, String reason) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Breakage[] breakages() {
    return new Breakage[] {
      new Breakage("data not base64", m -> m.addProperty("data", "%%%not-base64%%%"), "not base64"),
      new Breakage(
          "payload not JSON",
          m -> attrs(m).addProperty("payload", "{\"version\":"),
          "payload is not JSON"),
      new Breakage(
          "payload an array",
          m -> attrs(m).addProperty("payload", "[1,2]"),
          "payload is not a JSON object"),
      new Breakage("payload missing", m -> attrs(m).remove("payload"), "'payload' is missing"),
      new Breakage("attributes missing", m -> m.remove("attributes"), "no attributes"),
      new Breakage("type_url missing", m -> attrs(m).remove("type_url"), "'type_url' is missing"),
      new Breakage(
          "type_url foreign",
          m -> attrs(m).addProperty("type_url", "type.googleapis.com/google.pubsub.v1.X"),
          "not a GKE event type"),
      new Breakage(
          "cluster_name missing",
          m -> attrs(m).remove("cluster_name"),
          "'cluster_name' is missing"),
      new Breakage(
          "project_id missing", m -> attrs(m).remove("project_id"), "'project_id' is missing"),
      new Breakage(
          "location missing",
          m -> attrs(m).remove("cluster_location"),
          "'cluster_location' is missing"),
      new Breakage(
          "cluster name with shell",
          m -> attrs(m).addProperty("cluster_name", "prod; rm -rf /"),
          "'cluster_name' is not valid"),
      new Breakage(
          "cluster name with markup",
          m -> attrs(m).addProperty("cluster_name", "<!channel>"),
          "'cluster_name' is not valid"),
      new Breakage(
          "project with upper case",
          m -> attrs(m).addProperty("project_id", "My-Project"),
          "'project_id' is not valid"),
      new Breakage(
          "location bogus",
          m -> attrs(m).addProperty("cluster_location", "moon"),
          "'cluster_location' is not valid"),
      new Breakage(
          "attribute a number",
          m -> attrs(m).addProperty("cluster_name", 42),
          "'cluster_name' is not a string"),
      new Breakage(
          "version a number",
          m -> attrs(m).addProperty("payload", "{\"version\":1.24}"),
          "'version' is not a string"),
      new Breakage(
          "giant attribute",
          m -> attrs(m).addProperty("cluster_name", "a".repeat(5000)),
          "'cluster_name' is not valid"),
    };
  }

  private static JsonObject attrs(JsonObject message) {
    return message.getAsJsonObject("attributes");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breakages")
  void decode_malformedMessage_isRejectedWithReasonAndMessageId(Breakage breakage) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-available-1-24.json"))
            .getAsJsonObject();
    breakage.change().accept(envelope.getAsJsonObject("message"));

    Decoded decoded =
        decoder.decode(
            PubSubEnvelope.MESSAGE_PUBLISHED, envelope.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
    assertThat(((Decoded.Rejected) decoded).reason()).contains(breakage.reason());
    assertThat(decoded.messageId()).isEqualTo("8237461928374612");
  }

  @Test
  void decode_envelopeNotJson_isRejected() {
    Decoded decoded =
        decoder.decode(
            PubSubEnvelope.MESSAGE_PUBLISHED, "{\"message\": {".getBytes(StandardCharsets.UTF_8));

    assertThat(((Decoded.Rejected) decoded).reason()).isEqualTo("envelope is not JSON");
  }

  @Test
  void decode_oversizedEnvelope_isRejectedBeforeParsing() {
    byte[] huge = new byte[NotificationDecoder.MAX_ENVELOPE_BYTES + 1];

    Decoded decoded = decoder.decode(PubSubEnvelope.MESSAGE_PUBLISHED, huge);

    assertThat(((Decoded.Rejected) decoded).reason()).contains("too large");
  }

  @Test
  void decode_hostileSummary_isKeptAsText() {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-event.json")).getAsJsonObject();
    String hostile = "<!channel> *urgent* <https://evil.example|click>";
    envelope
        .getAsJsonObject("message")
        .addProperty(
            "data", Base64.getEncoder().encodeToString(hostile.getBytes(StandardCharsets.UTF_8)));

    Decoded decoded =
        decoder.decode(
            PubSubEnvelope.MESSAGE_PUBLISHED, envelope.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(((Decoded.Accepted) decoded).notification().summary()).isEqualTo(hostile);
  }

  @Test
  void decode_domainScopedProjectAndZone_areAccepted() {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-event.json")).getAsJsonObject();
    attrs(envelope.getAsJsonObject("message"))
        .addProperty("project_id", "example.com:platform-prod");
    attrs(envelope.getAsJsonObject("message"))
        .addProperty("cluster_location", "northamerica-northeast1-a");

    Decoded decoded =
        decoder.decode(
            PubSubEnvelope.MESSAGE_PUBLISHED, envelope.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(((Decoded.Accepted) decoded).notification().cluster().project())
        .isEqualTo("example.com:platform-prod");
  }
}
