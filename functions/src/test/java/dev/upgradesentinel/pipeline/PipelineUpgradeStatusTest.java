package dev.upgradesentinel.pipeline;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.gke.ClusterAccessException;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.gke.UpgradeJson;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.insights.InsightReader;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.routing.Recipient;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * GKE's own answer through the pipeline: holds that collide with the end of support become a
 * finding, a plain hold is never posted on its own, a new or lifted hold on an open finding posts
 * an update once, and a failed read of GKE's answer neither resolves nor changes anything.
 */
class PipelineUpgradeStatusTest {
  private static final String TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final ClusterRef REF = new ClusterRef("shop-prod", "us-central1", "ledger");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
  private final NotificationLog log = new InMemoryNotificationLog();
  private final AtomicInteger messageIds = new AtomicInteger();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private volatile ClusterInfo cluster = containerd(policy(""));
  private volatile Supplier<UpgradeInfo> upgradeInfo = () -> info("[\"ACTIVE\"]", "[]");

  private final Sink sink =
      new Sink() {
        @Override
        public String name() {
          return "slack";
        }

        @Override
        public Receipt deliver(Delivery delivery) {
          deliveries.add(delivery);
          return Receipt.delivered("C0", "1700000000." + deliveries.size());
        }
      };

  private final ClusterSource source =
      new ClusterSource() {
        @Override
        public ClusterInfo get(ClusterRef ref) {
          return cluster;
        }

        @Override
        public List<ClusterInfo> list(String project) {
          return List.of(cluster);
        }

        @Override
        public UpgradeInfo upgradeInfo(ClusterRef ref) {
          return upgradeInfo.get();
        }
      };

  private NotificationPipeline pipeline(Duration warning) {
    return pipeline(warning, Language.EN);
  }

  private NotificationPipeline pipeline(Duration warning, Language language) {
    return new NotificationPipeline(
        source,
        l -> new GuidanceRenderer(l, clock),
        (c, verdict) -> List.of(new Recipient(sink, language)),
        log,
        new DeliveryPolicy(false, Duration.ofDays(7), Duration.ofSeconds(20), clock, warning),
        InsightReader.off("not read in this test"));
  }

  private static ClusterInfo containerd(JsonObject policy) {
    return new ClusterInfo(
        REF,
        false,
        "1.33.5-gke.1308000",
        "REGULAR",
        List.of(new NodePoolInfo("default-pool", "COS_CONTAINERD", "1.33.5-gke.1308000", 3)),
        false,
        "",
        Map.of(),
        UpgradeJson.maintenancePolicy(policy));
  }

  private static ClusterInfo windows(JsonObject policy) {
    return new ClusterInfo(
        REF,
        false,
        "1.34.1-gke.1829001",
        "REGULAR",
        List.of(new NodePoolInfo("win", "WINDOWS_LTSC_CONTAINERD", "1.34.1-gke.1829001", 2)),
        false,
        "",
        Map.of(),
        UpgradeJson.maintenancePolicy(policy));
  }

  /** A policy with the given exclusions (JSON members), in effect since November. */
  private static JsonObject policy(String exclusions) {
    return JsonParser.parseString(
            "{\"maintenancePolicy\":{\"window\":{\"maintenanceExclusions\":{" + exclusions + "}}}}")
        .getAsJsonObject();
  }

  private static String untilEndOfSupport(String name, String scope) {
    return "\""
        + name
        + "\":{\"startTime\":\"2026-11-01T00:00:00Z\",\"endTime\":\"2027-02-20T00:00:00Z\","
        + "\"maintenanceExclusionOptions\":{\"scope\":\""
        + scope
        + "\",\"endTimeBehavior\":\"UNTIL_END_OF_SUPPORT\"}}";
  }

  private static String until(String name, String scope, String end) {
    return "\""
        + name
        + "\":{\"startTime\":\"2026-11-01T00:00:00Z\",\"endTime\":\""
        + end
        + "\",\"maintenanceExclusionOptions\":{\"scope\":\""
        + scope
        + "\"}}";
  }

  /** GKE's answer: standard support ends 2027-02-20, extended 2027-08-20. */
  private static UpgradeInfo info(String status, String reasons) {
    return UpgradeJson.upgradeInfo(
        JsonParser.parseString(
                "{\"autoUpgradeStatus\":"
                    + status
                    + ",\"pausedReason\":"
                    + reasons
                    + ",\"minorTargetVersion\":\"1.34.1-gke.2037000\","
                    + "\"patchTargetVersion\":\"1.33.5-gke.1400000\","
                    + "\"endOfStandardSupportTimestamp\":\"2027-02-20T00:00:00Z\","
                    + "\"endOfExtendedSupportTimestamp\":\"2027-08-20T00:00:00Z\"}")
            .getAsJsonObject());
  }

  private void notifyOnce(NotificationPipeline pipeline) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-event.json")).getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", "m-" + messageIds.incrementAndGet());
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", REF.project());
    attributes.addProperty("cluster_location", REF.location());
    attributes.addProperty("cluster_name", REF.name());
    pipeline.handle(TYPE, envelope.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** GKE's security bulletin for the cluster, with the patched versions given. */
  private void bulletinOnce(NotificationPipeline pipeline, String patched) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/security-bulletin.json")).getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", "m-" + messageIds.incrementAndGet());
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", REF.project());
    attributes.addProperty("cluster_location", REF.location());
    attributes.addProperty("cluster_name", REF.name());
    JsonObject payload =
        JsonParser.parseString(attributes.get("payload").getAsString()).getAsJsonObject();
    payload.addProperty("bulletinId", "GCP-2026-071");
    payload.add("patchedVersions", JsonParser.parseString(patched));
    payload.addProperty("suggestedUpgradeTarget", "1.33.5-gke.1400000");
    attributes.addProperty("payload", payload.toString());
    pipeline.handle(TYPE, envelope.toString().getBytes(StandardCharsets.UTF_8));
  }

  private String last() {
    return deliveries.get(deliveries.size() - 1).message().plainText();
  }

  @Test
  void exclusionUntilEndOfSupport_isAtRisk_withTheDayAndTheCommandsToActFirst() {
    cluster = containerd(policy(untilEndOfSupport("stay-on-1-33", "NO_MINOR_UPGRADES")));
    upgradeInfo =
        () -> info("[\"MINOR_UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES\"]");

    notifyOnce(pipeline(Duration.ofDays(30)));

    assertThat(deliveries).hasSize(1);
    assertThat(deliveries.get(0).kind()).isEqualTo(Delivery.Kind.NEW);
    assertThat(deliveries.get(0).message().verdict().name()).isEqualTo("AT_RISK");
    String text = last();
    assertThat(text)
        .contains("End of standard support for 1.33 on 2027-02-20: GKE upgrades anyway");
    assertThat(text).contains("stay-on-1-33");
    assertThat(text)
        .contains(
            "gcloud container clusters upgrade ledger --project=shop-prod --location=us-central1"
                + " --master --cluster-version=1.34.1-gke.2037000");
    assertThat(text)
        .contains(
            "gcloud container clusters update ledger --project=shop-prod --location=us-central1"
                + " --remove-maintenance-exclusion=stay-on-1-33");
  }

  @Test
  void exclusionEndingBeforeTheEndOfSupport_isOnlyReported_neverPosted() {
    cluster = containerd(policy(until("quarter-end", "NO_UPGRADES", "2026-12-31T00:00:00Z")));
    upgradeInfo = () -> info("[\"UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_UPGRADES\"]");

    notifyOnce(pipeline(Duration.ofDays(30)));

    assertThat(deliveries).isEmpty();
  }

  @Test
  void exclusionEndingAfterTheEndOfSupport_collidesWithIt() {
    cluster = containerd(policy(until("long-freeze", "NO_UPGRADES", "2027-03-01T00:00:00Z")));
    upgradeInfo = () -> info("[\"UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_UPGRADES\"]");

    notifyOnce(pipeline(Duration.ofDays(30)));

    assertThat(deliveries).hasSize(1);
    assertThat(last()).contains("long-freeze");
    assertThat(last()).contains("--remove-maintenance-exclusion=long-freeze");
  }

  @Test
  void blockerOpenNearTheEndOfSupport_isSaidWithinTheWarningDaysOnly() {
    cluster = windows(policy(""));
    // Windows at 1.34 is BLOCKED on its own; 75 days before the end of support, no collision.
    notifyOnce(pipeline(Duration.ofDays(30)));
    assertThat(deliveries).hasSize(1);
    assertThat(last()).doesNotContain("GKE upgrades anyway");

    // 20 days before it, the same finding gains the collision: one update.
    clock.advance(Duration.ofDays(55));
    notifyOnce(pipeline(Duration.ofDays(30)));
    assertThat(deliveries).hasSize(2);
    assertThat(deliveries.get(1).kind()).isEqualTo(Delivery.Kind.UPDATE);
    assertThat(last()).contains("End of standard support for 1.34 on 2027-02-20");
    assertThat(last()).contains("the upgrade that day goes ahead anyway");

    // GKE repeating itself posts nothing more.
    notifyOnce(pipeline(Duration.ofDays(30)));
    assertThat(deliveries).hasSize(2);
  }

  @Test
  void newAndLiftedHoldOnAnOpenFinding_postOneUpdateEach() {
    cluster = windows(policy(""));
    notifyOnce(pipeline(Duration.ofDays(30)));
    assertThat(deliveries).hasSize(1);

    cluster = windows(policy(until("quarter-end", "NO_UPGRADES", "2026-12-31T00:00:00Z")));
    upgradeInfo = () -> info("[\"UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_UPGRADES\"]");
    notifyOnce(pipeline(Duration.ofDays(30)));
    notifyOnce(pipeline(Duration.ofDays(30)));
    assertThat(deliveries).hasSize(2);
    assertThat(deliveries.get(1).kind()).isEqualTo(Delivery.Kind.UPDATE);
    assertThat(last()).contains("New hold: maintenance exclusion \u201cquarter-end\u201d");

    cluster = windows(policy(""));
    upgradeInfo = () -> info("[\"ACTIVE\"]", "[]");
    notifyOnce(pipeline(Duration.ofDays(30)));
    notifyOnce(pipeline(Duration.ofDays(30)));
    assertThat(deliveries).hasSize(3);
    assertThat(last()).contains("Hold lifted: maintenance exclusion \u201cquarter-end\u201d");
  }

  @Test
  void failedRead_neitherResolvesTheCollisionNorLiftsAHold() {
    cluster = containerd(policy(untilEndOfSupport("stay-on-1-33", "NO_MINOR_UPGRADES")));
    upgradeInfo =
        () -> info("[\"MINOR_UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES\"]");
    notifyOnce(pipeline(Duration.ofDays(30)));
    assertThat(deliveries).hasSize(1);

    upgradeInfo =
        () -> {
          throw new ClusterAccessException("PERMISSION_DENIED: caller lacks permission", null);
        };
    notifyOnce(pipeline(Duration.ofDays(30)));
    upgradeInfo =
        () -> {
          throw new TransientFailureException("UNAVAILABLE: down");
        };
    notifyOnce(pipeline(Duration.ofDays(30)));

    assertThat(deliveries).hasSize(1);
  }

  @Test
  void failedRead_onAnOpenFindingOfItsOwnBlocker_keepsItsHolds() {
    cluster = windows(policy(until("quarter-end", "NO_UPGRADES", "2026-12-31T00:00:00Z")));
    upgradeInfo = () -> info("[\"UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_UPGRADES\"]");
    notifyOnce(pipeline(Duration.ofDays(30)));
    assertThat(deliveries).hasSize(1);

    upgradeInfo =
        () -> {
          throw new TransientFailureException("RESOURCE_EXHAUSTED: quota");
        };
    notifyOnce(pipeline(Duration.ofDays(30)));

    assertThat(deliveries).hasSize(1);
  }

  @Test
  void collision_isSaidInKorean_withTheExclusionAndTheCommands() {
    cluster = containerd(policy(untilEndOfSupport("stay-on-1-33", "NO_MINOR_UPGRADES")));
    upgradeInfo =
        () -> info("[\"MINOR_UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES\"]");

    notifyOnce(pipeline(Duration.ofDays(30), Language.KO));

    String text = last();
    assertThat(text).contains("1.33 표준 지원 종료(2027년 2월 20일): GKE가 그날 업그레이드합니다");
    assertThat(text).contains("2027년 2월 20일 (75일 후)에 종료됩니다");
    assertThat(text).contains("다음 유지보수 제외가 그날까지 유지되므로");
    assertThat(text).contains("\u201cstay-on-1-33\u201d (NO_MINOR_UPGRADES), 지원 종료일까지");
    assertThat(text).contains("--remove-maintenance-exclusion=stay-on-1-33");
    assertThat(text).contains("GKE가 알려 주는 업그레이드 상태");
  }

  @Test
  void bulletinWhosePatchIsHeld_onAClearCluster_postsOneNotice() {
    cluster = containerd(policy(until("quarter-end", "NO_UPGRADES", "2026-12-31T00:00:00Z")));
    upgradeInfo = () -> info("[\"UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_UPGRADES\"]");

    bulletinOnce(pipeline(Duration.ofDays(30)), "[\"1.33.5-gke.1400000\",\"1.34.1-gke.2037000\"]");
    bulletinOnce(pipeline(Duration.ofDays(30)), "[\"1.33.5-gke.1400000\",\"1.34.1-gke.2037000\"]");

    assertThat(deliveries).hasSize(1);
    assertThat(deliveries.get(0).kind()).isEqualTo(Delivery.Kind.NOTICE);
    assertThat(deliveries.get(0).message().title())
        .isEqualTo("Security bulletin GCP-2026-071: the patch needs you: cluster ledger");
    assertThat(last())
        .contains(
            "GKE's patch target 1.33.5-gke.1400000 includes the fix (1.33.5-gke.1400000), but the"
                + " maintenance exclusion \u201cquarter-end\u201d (NO_UPGRADES) holds it until"
                + " 2026-12-31 00:00 UTC (in 24 days)");
    assertThat(last())
        .contains(
            "gcloud container clusters upgrade ledger --project=shop-prod --location=us-central1"
                + " --master --cluster-version=1.33.5-gke.1400000");
  }

  @Test
  void bulletinWhosePatchArrivesByItself_onAClearCluster_postsNothing() {
    cluster = containerd(policy(""));

    bulletinOnce(pipeline(Duration.ofDays(30)), "[\"1.33.5-gke.1400000\"]");

    assertThat(deliveries).isEmpty();
  }

  @Test
  void bulletinOnAClusterWithAFinding_isSaidInTheFindingsMessage_withoutANotice() {
    cluster = windows(policy(until("quarter-end", "NO_UPGRADES", "2026-12-31T00:00:00Z")));
    upgradeInfo = () -> info("[\"UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_UPGRADES\"]");

    bulletinOnce(pipeline(Duration.ofDays(30)), "[\"1.33.5-gke.1400000\",\"1.34.1-gke.2037000\"]");

    assertThat(deliveries).hasSize(1);
    assertThat(deliveries.get(0).kind()).isEqualTo(Delivery.Kind.NEW);
    assertThat(last()).contains("== This bulletin and this cluster ==");
    // GKE's patch target in this answer is a 1.33 patch: it does not cover the 1.34 fix.
    assertThat(last())
        .contains(
            "GKE's patch target (1.33.5-gke.1400000) does not include the fix"
                + " (1.34.1-gke.2037000)");
  }
}
