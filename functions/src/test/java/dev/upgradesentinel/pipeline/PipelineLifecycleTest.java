package dev.upgradesentinel.pipeline;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.gke.ClusterAccessException;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.gke.OperationJson;
import dev.upgradesentinel.gke.UpgradeJson;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.insights.InsightReader;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeOperation;
import dev.upgradesentinel.routing.Recipient;
import dev.upgradesentinel.routing.Router;
import dev.upgradesentinel.routing.Subject;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The upgrade lifecycle through the pipeline: a scheduled upgrade's heads-up, a failed upgrade's
 * cause from its operation, a start, success or cancelation in the open finding's thread, the COS
 * milestone notice and the rollback-safe window, each posted once however often GKE repeats it.
 */
class PipelineLifecycleTest {
  private static final String TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final ClusterRef REF = new ClusterRef("shop-prod", "us-central1", "ledger");
  private static final String OPERATION = "operation-1765094400000-7c1f2e3a";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
  private final NotificationLog log = new InMemoryNotificationLog();
  private final AtomicInteger messageIds = new AtomicInteger();
  private final List<Delivery> threaded = new CopyOnWriteArrayList<>();
  private final List<Delivery> plain = new CopyOnWriteArrayList<>();
  private volatile ClusterInfo cluster = cluster("COS_CONTAINERD");
  private volatile Supplier<UpgradeInfo> upgradeInfo = () -> info("[\"ACTIVE\"]", "[]", "");
  private volatile Supplier<UpgradeOperation> operation =
      () ->
          OperationJson.operation(
              JsonParser.parseString(Fixtures.text("operations/upgrade-nodes-quota.json"))
                  .getAsJsonObject());

  /** A sink that threads, as Slack's Web API does: its receipts can be replied to. */
  private final Sink slack =
      new Sink() {
        @Override
        public String name() {
          return "slack";
        }

        @Override
        public boolean threads() {
          return true;
        }

        @Override
        public Receipt deliver(Delivery delivery) {
          threaded.add(delivery);
          return Receipt.delivered("C0", "1700000000." + threaded.size());
        }
      };

  /** A sink that posts and keeps nothing to reply to, as a webhook does. */
  private final Sink webhook =
      new Sink() {
        @Override
        public String name() {
          return "webhook";
        }

        @Override
        public Receipt deliver(Delivery delivery) {
          plain.add(delivery);
          return Receipt.delivered();
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

        @Override
        public UpgradeOperation operation(ClusterRef ref, String name, Duration within) {
          assertThat(name).isEqualTo(OPERATION);
          return operation.get();
        }
      };

  private NotificationPipeline pipeline(Language language, Router router) {
    return new NotificationPipeline(
        source,
        l -> new GuidanceRenderer(l, clock),
        router,
        log,
        new DeliveryPolicy(false, Duration.ofDays(7), Duration.ofSeconds(20), clock),
        InsightReader.off("not read in this test"));
  }

  private NotificationPipeline pipeline() {
    return pipeline(
        Language.EN,
        (c, verdict) ->
            List.of(new Recipient(slack, Language.EN), new Recipient(webhook, Language.EN)));
  }

  /** A cluster on 1.33 whose one pool has the image type given, with surge settings. */
  private static ClusterInfo cluster(String imageType) {
    return new ClusterInfo(
        REF,
        false,
        "1.33.5-gke.1308000",
        "REGULAR",
        List.of(
            new NodePoolInfo(
                "default-pool",
                imageType,
                "1.33.5-gke.1308000",
                3,
                false,
                Optional.empty(),
                "n2-standard-8",
                Optional.of(new NodePoolInfo.UpgradeSettings("SURGE", 2, 0)),
                Optional.empty())),
        false,
        "",
        Map.of(),
        UpgradeJson.maintenancePolicy(
            JsonParser.parseString(
                    "{\"maintenancePolicy\":{\"window\":{\"maintenanceExclusions\":{"
                        + "\"year-end\":{\"startTime\":\"2026-12-01T00:00:00Z\","
                        + "\"endTime\":\"2026-12-20T00:00:00Z\",\"maintenanceExclusionOptions\":"
                        + "{\"scope\":\"NO_MINOR_UPGRADES\"}}}}}}")
                .getAsJsonObject()));
  }

  private static UpgradeInfo info(String status, String reasons, String extra) {
    return UpgradeJson.upgradeInfo(
        JsonParser.parseString(
                "{\"autoUpgradeStatus\":"
                    + status
                    + ",\"pausedReason\":"
                    + reasons
                    + ",\"minorTargetVersion\":\"1.34.1-gke.2037000\","
                    + "\"patchTargetVersion\":\"1.33.5-gke.1400000\","
                    + "\"endOfStandardSupportTimestamp\":\"2027-02-20T00:00:00Z\""
                    + extra
                    + "}")
            .getAsJsonObject());
  }

  /** Sends GKE's UpgradeInfoEvent with the payload fields given over those of the fixture. */
  private void send(NotificationPipeline pipeline, String payloadFields) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-info-failed.json")).getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", "m-" + messageIds.incrementAndGet());
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", REF.project());
    attributes.addProperty("cluster_location", REF.location());
    attributes.addProperty("cluster_name", REF.name());
    JsonObject payload =
        JsonParser.parseString(attributes.get("payload").getAsString()).getAsJsonObject();
    JsonParser.parseString("{" + payloadFields + "}")
        .getAsJsonObject()
        .entrySet()
        .forEach(e -> payload.add(e.getKey(), e.getValue()));
    attributes.addProperty("payload", payload.toString());
    pipeline.handle(TYPE, envelope.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Delivery delivery) {
    return delivery.message().title() + "\n" + delivery.message().plainText();
  }

  @Test
  void failedUpgrade_withQuotaError_isPostedOnce_withTheCauseTheSurgeAndTheCommands() {
    NotificationPipeline pipeline = pipeline();

    for (int i = 0; i < 3; i++) {
      send(pipeline, "");
    }

    assertThat(threaded).hasSize(1);
    assertThat(plain).hasSize(1);
    Delivery posted = threaded.get(0);
    assertThat(posted.kind()).isEqualTo(Delivery.Kind.NOTICE);
    assertThat(posted.message().verdict()).isEqualTo(Verdict.BLOCKED);
    String text = text(posted);
    assertThat(text)
        .contains(
            "Upgrade failed: node pool default-pool of cluster ledger to 1.33.5-gke.1400000"
                + " (Compute Engine quota)");
    assertThat(text).contains("Compute Engine quota (N2_CPUS)");
    assertThat(text).contains("The pool adds 2 node(s) at once (maxSurge).");
    assertThat(text).contains("gcloud compute regions describe us-central1 --project=shop-prod");
    assertThat(text)
        .contains(
            "gcloud container node-pools update default-pool --cluster=ledger --project=shop-prod"
                + " --location=us-central1 --max-surge-upgrade=0 --max-unavailable-upgrade=1");
    assertThat(text)
        .contains(
            "gcloud container operations describe "
                + OPERATION
                + " --project=shop-prod --location=us-central1");
    assertThat(posted.messageKey()).startsWith("shop-prod~us-central1~ledger/");
    assertThat(posted.messageKey()).contains("/failed-");
  }

  @Test
  void failedUpgrade_onAClusterWithAnOpenFinding_followsItUpInItsThread() {
    cluster = cluster("COS");
    NotificationPipeline pipeline = pipeline();
    send(pipeline, "\"eventType\":\"END_OF_SUPPORT\"");
    int before = threaded.size();
    assertThat(before).isAtLeast(1);
    Delivery opened = threaded.get(0);

    send(pipeline, "");
    send(pipeline, "");

    List<Delivery> after = threaded.subList(before, threaded.size());
    assertThat(after).hasSize(1);
    assertThat(after.get(0).kind()).isEqualTo(Delivery.Kind.FOLLOW_UP);
    assertThat(after.get(0).original()).hasValue(Receipt.delivered("C0", "1700000000.1"));
    assertThat(after.get(0).findingId()).isEqualTo(opened.findingId());
    // The webhook keeps nothing to reply to: it gets the failure as a notice of its own.
    assertThat(plain.get(plain.size() - 1).kind()).isEqualTo(Delivery.Kind.NOTICE);
  }

  @Test
  void failedUpgrade_whoseOperationCannotBeRead_isStillPosted_sayingWhy() {
    operation =
        () -> {
          throw new ClusterAccessException(
              "PERMISSION_DENIED: Required 'container.operations.get' permission", null);
        };

    send(pipeline(), "");

    String text = text(threaded.get(0));
    assertThat(text).contains("(see the operation)");
    assertThat(text).contains("The operation could not be read, so its error is not known here");
    assertThat(text).contains("container.operations.get");
    assertThat(text).contains("gcloud container operations describe " + OPERATION);
  }

  @Test
  void failedUpgrade_inKorean_explainsTheCauseInKorean() {
    NotificationPipeline pipeline =
        pipeline(Language.KO, (c, verdict) -> List.of(new Recipient(slack, Language.KO)));

    send(pipeline, "");

    String text = text(threaded.get(0));
    assertThat(text).contains("업그레이드 실패: 클러스터 ledger의 노드 풀 default-pool");
    assertThat(text).contains("Compute Engine 할당량(N2_CPUS)이 부족했습니다");
  }

  @Test
  void scheduledUpgrade_headsUpOnce_perTarget_andAgainWhenTheTimeMoves() {
    upgradeInfo =
        () ->
            info("[\"MINOR_UPGRADE_PAUSED\"]", "[\"MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES\"]", "");
    NotificationPipeline pipeline = pipeline();
    String scheduled =
        "\"state\":\"SCHEDULED\",\"resourceType\":\"MASTER\",\"resource\":\"\",\"operation\":\"\","
            + "\"currentVersion\":\"1.33.5-gke.1308000\",\"targetVersion\":\"1.34.1-gke.2037000\"";

    send(pipeline, scheduled + ",\"startTime\":\"2026-12-10T03:00:00Z\"");
    send(pipeline, scheduled + ",\"startTime\":\"2026-12-10T03:00:00Z\"");

    assertThat(threaded).hasSize(1);
    String text = text(threaded.get(0));
    assertThat(text)
        .contains(
            "GKE scheduled an upgrade of the control plane of cluster ledger to 1.34.1-gke.2037000,"
                + " from 2026-12-10 03:00 UTC (in 3 days)");
    assertThat(text).contains("GKE's answer says these hold it; it starts when they end:");
    assertThat(text).contains("year-end");
    assertThat(text).contains("minor upgrade");
    assertThat(text).contains("Nothing this tool checks: no open blocker on the cluster.");
    assertThat(text)
        .contains(
            "gcloud container clusters upgrade ledger --project=shop-prod --location=us-central1"
                + " --master --cluster-version=1.34.1-gke.2037000");
    assertThat(text)
        .contains(
            "--add-maintenance-exclusion-name=put-off-20261224"
                + " --add-maintenance-exclusion-end='2026-12-24T03:00:00Z'"
                + " --add-maintenance-exclusion-scope=no_minor_upgrades");

    send(pipeline, scheduled + ",\"startTime\":\"2026-12-12T03:00:00Z\"");

    assertThat(threaded).hasSize(2);
    assertThat(text(threaded.get(1))).contains("from 2026-12-12 03:00 UTC (in 5 days)");
  }

  @Test
  void scheduledNodePoolUpgrade_namesTheBlockerThatWouldStallIt_andTheSurgeItNeeds() {
    cluster = cluster("COS");
    NotificationPipeline pipeline = pipeline();

    send(
        pipeline,
        "\"state\":\"SCHEDULED\",\"startTime\":\"2026-12-09T01:00:00Z\",\"operation\":\"\"");

    Delivery headsUp =
        threaded.stream()
            .filter(d -> d.message().title().startsWith("GKE scheduled"))
            .findFirst()
            .orElseThrow();
    String text = text(headsUp);
    assertThat(text).contains("node pool default-pool of cluster ledger");
    assertThat(text).contains("Nothing in GKE's answer keeps it from starting");
    assertThat(text).contains("Docker");
    assertThat(text)
        .contains(
            "maxSurge 2, maxUnavailable 0: GKE adds 2 n2-standard-8 node(s) at once, which need"
                + " spare quota (CPUs, disks, IP addresses) in us-central1");
    assertThat(text).contains("GKE respects PodDisruptionBudgets for up to an hour per node");
    assertThat(headsUp.message().verdict()).isEqualTo(Verdict.AT_RISK);
  }

  @Test
  void startedAndCanceled_areSaidOnlyInTheThreadOfAnOpenFinding() {
    NotificationPipeline pipeline = pipeline();
    send(pipeline, "\"state\":\"STARTED\"");
    send(pipeline, "\"state\":\"CANCELED\"");
    assertThat(threaded).isEmpty();
    assertThat(plain).isEmpty();

    cluster = cluster("COS");
    send(pipeline, "\"eventType\":\"END_OF_SUPPORT\"");
    int before = threaded.size();
    int plainBefore = plain.size();
    send(pipeline, "\"state\":\"STARTED\"");
    send(pipeline, "\"state\":\"STARTED\"");
    send(pipeline, "\"state\":\"CANCELED\"");

    List<Delivery> after = threaded.subList(before, threaded.size());
    assertThat(after).hasSize(2);
    assertThat(after.get(0).kind()).isEqualTo(Delivery.Kind.FOLLOW_UP);
    assertThat(after.get(0).message().title())
        .isEqualTo(
            "GKE started upgrading node pool default-pool (1.33.5-gke.1308000 \u2192"
                + " 1.33.5-gke.1400000, operation "
                + OPERATION
                + ").");
    assertThat(after.get(1).message().title()).contains("was canceled");
    assertThat(plain).hasSize(plainBefore);
  }

  @Test
  void aStartNamingItsOperationByResourceName_isTheSameUpgrade_andPostsOnce() {
    cluster = cluster("COS");
    NotificationPipeline pipeline = pipeline();
    send(pipeline, "\"eventType\":\"END_OF_SUPPORT\"");
    int before = threaded.size();

    send(pipeline, "\"state\":\"STARTED\"");
    send(
        pipeline,
        "\"state\":\"STARTED\",\"operation\":\"projects/123456789012/locations/us-central1/"
            + "operations/"
            + OPERATION
            + "\"");

    assertThat(threaded.subList(before, threaded.size())).hasSize(1);
  }

  @Test
  void succeededUpgrade_thatClearsTheBlocker_resolvesTheFinding_namingTheUpgrade() {
    cluster = cluster("COS");
    NotificationPipeline pipeline = pipeline();
    send(pipeline, "\"eventType\":\"END_OF_SUPPORT\"");
    int before = threaded.size();

    cluster = cluster("COS_CONTAINERD");
    send(pipeline, "\"state\":\"SUCCEEDED\"");
    send(pipeline, "\"state\":\"SUCCEEDED\"");

    List<Delivery> after = threaded.subList(before, threaded.size());
    assertThat(after).hasSize(1);
    assertThat(after.get(0).kind()).isEqualTo(Delivery.Kind.RESOLUTION);
    assertThat(after.get(0).message().title())
        .isEqualTo(
            "Resolved: cluster ledger no longer uses Docker-based images, after GKE upgraded node"
                + " pool default-pool");
    assertThat(text(after.get(0)))
        .contains(
            "GKE upgraded node pool default-pool (1.33.5-gke.1308000 \u2192 1.33.5-gke.1400000,"
                + " operation "
                + OPERATION
                + ").");
  }

  @Test
  void succeededUpgrade_thatClearsNothing_saysSoInTheThread_once() {
    cluster = cluster("COS");
    NotificationPipeline pipeline = pipeline();
    send(pipeline, "\"eventType\":\"END_OF_SUPPORT\"");
    int before = threaded.size();

    send(pipeline, "\"state\":\"SUCCEEDED\"");
    send(pipeline, "\"state\":\"SUCCEEDED\"");

    List<Delivery> after = threaded.subList(before, threaded.size());
    assertThat(after).hasSize(1);
    assertThat(after.get(0).kind()).isEqualTo(Delivery.Kind.FOLLOW_UP);
    String text = text(after.get(0));
    assertThat(text).contains("GKE upgraded node pool default-pool");
    assertThat(text).contains("The finding stays open: BLOCKED.");
    assertThat(text).contains("Docker");
  }

  @Test
  void cosMilestone_isANoticeOnce_perMilestone_andARouteCanDropIt() {
    NotificationPipeline pipeline = pipeline();
    String milestone =
        "\"eventType\":\"COS_MILESTONE_VERSION_UPDATE\",\"state\":\"\","
            + "\"description\":\"cos-125-19216-0-94 <!channel>\"";

    send(pipeline, milestone);
    send(pipeline, milestone);

    assertThat(threaded).hasSize(1);
    assertThat(threaded.get(0).message().title())
        .isEqualTo("COS milestone changes with the next patches: cluster ledger");
    assertThat(threaded.get(0).message().verdict()).isEqualTo(Verdict.CLEAR);
    assertThat(text(threaded.get(0))).contains("cos-125-19216-0-94");

    List<Subject> asked = new CopyOnWriteArrayList<>();
    Router dropping =
        new Router() {
          @Override
          public List<Recipient> recipients(ClusterInfo c, Verdict verdict) {
            return recipients(c, verdict, Subject.FINDING);
          }

          @Override
          public List<Recipient> recipients(ClusterInfo c, Verdict verdict, Subject kind) {
            asked.add(kind);
            return kind == Subject.COS_MILESTONE
                ? List.of()
                : List.of(new Recipient(slack, Language.EN));
          }
        };
    send(pipeline(Language.EN, dropping), milestone.replace("94", "95"));

    assertThat(asked).contains(Subject.COS_MILESTONE);
    assertThat(threaded).hasSize(1);
  }

  @Test
  void rollbackSafeWindow_fromGkesAnswer_isPostedOncePerWindow() {
    upgradeInfo =
        () ->
            info(
                "[\"ACTIVE\"]",
                "[]",
                ",\"rollbackSafeUpgradeStatus\":{\"mode\":\"KCP_MINOR_UPGRADE_ROLLBACK_SAFE_MODE\","
                    + "\"controlPlaneUpgradeRollbackEndTime\":\"2026-12-09T09:00:00Z\","
                    + "\"previousVersion\":\"1.32.9-gke.1000000\"}");
    NotificationPipeline pipeline = pipeline();

    send(pipeline, "\"state\":\"STARTED\"");
    send(pipeline, "\"state\":\"CANCELED\"");

    assertThat(threaded).hasSize(1);
    String text = text(threaded.get(0));
    assertThat(text)
        .contains(
            "Rollback-safe until 2026-12-09 09:00 UTC (in 2 days): control plane of cluster"
                + " ledger");
    assertThat(text)
        .contains(
            "gcloud container clusters complete-control-plane-upgrade ledger --project=shop-prod"
                + " --location=us-central1");
  }
}
