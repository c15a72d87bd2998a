package dev.upgradesentinel.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.config.DeliveryConfig;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.delivery.NotificationLogs;
import dev.upgradesentinel.events.PubSubEnvelope;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.slack.SlackWebApiSink;
import dev.upgradesentinel.sinks.slack.SlackWebhookSink;
import dev.upgradesentinel.sinks.webhook.WebhookSink;
import dev.upgradesentinel.testing.FirestoreEmulator;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.MutableClock;
import dev.upgradesentinel.testing.Pipelines;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A finding's life through the pipeline, with the notification log in the real Firestore emulator
 * and both Slack sinks posting to WireMock: first post, silence, reminder after the repeat
 * interval, update on change, resolution on clear, and a new post when it comes back.
 */
class NotificationLifecycleTest {
  private static final String FIRESTORE_PROJECT = "sentinel-lifecycle";
  private static final String API = "/api";
  private static final String HOOK = "/services/T0LIFE/B0LIFE/lifecycleHook";

  /** The notification names the project by number; the cluster source by id. */
  private static final ClusterRef CLUSTER =
      new ClusterRef("shop-prod", "us-central1", "payments-prod");

  private static FirestoreEmulator firestore;
  private static WireMockServer slack;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T07:00:00Z"));
  private final AtomicInteger messageIds = new AtomicInteger();
  private final AtomicInteger timestamps = new AtomicInteger(1000);
  private ClusterInfo cluster;
  private NotificationPipeline pipeline;
  private NotificationLog log;
  private ClusterSource source;

  @BeforeAll
  static void startServers() {
    firestore = FirestoreEmulator.start();
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
  }

  @AfterAll
  static void stopServers() {
    if (slack != null) {
      slack.stop();
    }
    if (firestore != null) {
      firestore.close();
    }
  }

  @BeforeEach
  void setUp() {
    firestore.clear(FIRESTORE_PROJECT);
    slack.resetAll();
    slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    slack.stubFor(
        post(urlEqualTo(API + "/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"ok\":true,\"channel\":\"C0LIFE\",\"ts\":\"{{randomValue length=12"
                            + " type='NUMERIC'}}.000100\"}")
                    .withTransformers("response-template")));
    slack.stubFor(
        post(urlEqualTo(API + "/chat.update"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"ok\":true,\"channel\":\"C0LIFE\",\"ts\":\"{{jsonPath request.body"
                            + " '$.ts'}}\"}")
                    .withTransformers("response-template")));
    HttpClient http = HttpClient.newHttpClient();
    log =
        NotificationLogs.from(
            new DeliveryConfig(
                DeliveryConfig.LogKind.FIRESTORE,
                "lifecycle-" + timestamps.incrementAndGet(),
                Optional.of(FIRESTORE_PROJECT),
                Optional.of(firestore.hostPort()),
                Duration.ofDays(7),
                Duration.ofSeconds(20)));
    source =
        new ClusterSource() {
          @Override
          public ClusterInfo get(ClusterRef ref) {
            return cluster;
          }

          @Override
          public List<ClusterInfo> list(String project) {
            return List.of(cluster);
          }
        };
    pipeline =
        Pipelines.everySink(
            source,
            new GuidanceRenderer(Language.EN, clock),
            List.of(
                new SlackWebhookSink(
                    URI.create(slack.baseUrl() + HOOK), SinkContext.of(http, false)),
                new SlackWebApiSink(
                    URI.create(slack.baseUrl() + API),
                    "xoxb-lifecycle",
                    "C0LIFE",
                    SinkContext.of(http, false))),
            log,
            new DeliveryPolicy(false, Duration.ofDays(7), Duration.ofSeconds(20), clock));
  }

  @AfterEach
  void resetSlack() {
    slack.resetAll();
  }

  private void pools(String... nameAndType) {
    List<NodePoolInfo> pools = new java.util.ArrayList<>();
    for (String pool : nameAndType) {
      String[] parts = pool.split("=");
      pools.add(new NodePoolInfo(parts[0], parts[1], "1.23.17-gke.100", 3));
    }
    cluster =
        new ClusterInfo(CLUSTER, false, "1.23.17-gke.100", "REGULAR", pools, false, "", Map.of());
  }

  /** GKE sends a fresh notification; every one has its own message id. */
  private void notifyOnce() {
    String envelope =
        Fixtures.text("events/upgrade-event.json")
            .replace(
                "\"messageId\": \"", "\"messageId\": \"life-" + messageIds.incrementAndGet() + "-");
    pipeline.handle(PubSubEnvelope.MESSAGE_PUBLISHED, envelope.getBytes(StandardCharsets.UTF_8));
  }

  /** GKE sends a fixture's notification, with its payload changed by {@code edit}. */
  private void notifyWith(String fixture, java.util.function.UnaryOperator<String> edit) {
    String envelope =
        edit.apply(Fixtures.text("events/" + fixture))
            .replace(
                "\"messageId\": \"", "\"messageId\": \"life-" + messageIds.incrementAndGet() + "-");
    pipeline.handle(PubSubEnvelope.MESSAGE_PUBLISHED, envelope.getBytes(StandardCharsets.UTF_8));
  }

  private List<JsonObject> requests(String path) {
    return slack.findAll(postRequestedFor(urlEqualTo(path))).stream()
        .map(r -> JsonParser.parseString(r.getBodyAsString()).getAsJsonObject())
        .toList();
  }

  private List<String> webhookTexts() {
    return requests(HOOK).stream().map(json -> json.get("text").getAsString()).toList();
  }

  private String firstTs() {
    return JsonParser.parseString(
            slack.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().endsWith("chat.postMessage"))
                .reduce((newer, older) -> older)
                .orElseThrow()
                .getResponse()
                .getBodyAsString())
        .getAsJsonObject()
        .get("ts")
        .getAsString();
  }

  @Test
  void sameFinding_beforeRepeatInterval_postsOnceAndThenRemindsInThread() {
    pools("default-pool=COS", "batch=UBUNTU");
    notifyOnce();
    String ts = firstTs();
    clock.advance(Duration.ofDays(3));
    notifyOnce();
    notifyOnce();

    assertThat(requests(API + "/chat.postMessage")).hasSize(1);
    assertThat(requests(API + "/chat.postMessage").get(0).has("thread_ts")).isFalse();
    assertThat(webhookTexts()).hasSize(1);

    clock.advance(Duration.ofDays(4));
    notifyOnce();
    notifyOnce();

    List<JsonObject> posts = requests(API + "/chat.postMessage");
    assertThat(posts).hasSize(2);
    assertThat(posts.get(1).get("thread_ts").getAsString()).isEqualTo(ts);
    assertThat(posts.get(1).get("text").getAsString()).startsWith("Reminder: ");
    assertThat(posts.get(1).get("text").getAsString()).contains("first reported on 2026-11-25");
    assertThat(webhookTexts()).hasSize(2);
    assertThat(webhookTexts().get(1)).startsWith("Reminder: ");
  }

  @Test
  void changedFinding_postsUpdateInThreadNamingWhatChanged() {
    pools("default-pool=COS", "batch=UBUNTU");
    notifyOnce();
    String ts = firstTs();

    pools("default-pool=COS_CONTAINERD", "batch=UBUNTU", "gpu=COS");
    clock.advance(Duration.ofHours(1));
    notifyOnce();
    notifyOnce();

    List<JsonObject> posts = requests(API + "/chat.postMessage");
    assertThat(posts).hasSize(2);
    assertThat(posts.get(1).get("thread_ts").getAsString()).isEqualTo(ts);
    String update = posts.get(1).get("text").getAsString();
    assertThat(update).startsWith("Update: ");
    assertThat(update).contains("Migrated or removed: node pool default-pool (COS)");
    assertThat(update).contains("Now on a Docker-based image: node pool gpu (COS)");
    assertThat(webhookTexts()).hasSize(2);
    assertThat(webhookTexts().get(1)).startsWith("Update: ");
  }

  @Test
  void clearedFinding_updatesOriginalAsResolvedOnceAndANewFindingPostsAnew() {
    pools("default-pool=COS");
    notifyOnce();
    String ts = firstTs();

    pools("default-pool=COS_CONTAINERD");
    notifyOnce();
    notifyOnce();

    List<JsonObject> updates = requests(API + "/chat.update");
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).get("ts").getAsString()).isEqualTo(ts);
    assertThat(updates.get(0).get("channel").getAsString()).isEqualTo("C0LIFE");
    assertThat(updates.get(0).get("text").getAsString())
        .contains("Resolved: cluster payments-prod no longer uses Docker-based images");
    assertThat(requests(API + "/chat.postMessage")).hasSize(1);
    assertThat(webhookTexts()).hasSize(2);
    assertThat(webhookTexts().get(1)).startsWith("Resolved: cluster payments-prod");

    pools("default-pool=COS_CONTAINERD", "legacy=UBUNTU");
    notifyOnce();

    List<JsonObject> posts = requests(API + "/chat.postMessage");
    assertThat(posts).hasSize(2);
    assertThat(posts.get(1).has("thread_ts")).isFalse();
    assertThat(posts.get(1).get("text").getAsString()).startsWith("GKE upgrade blocked");
    assertThat(webhookTexts()).hasSize(3);
  }

  @Test
  void clearCluster_neverFlagged_postsNothing() {
    pools("default-pool=COS_CONTAINERD");
    notifyOnce();
    notifyOnce();

    assertThat(slack.getAllServeEvents()).isEmpty();
  }

  @Test
  void stuckDrain_postsOnceHoweverOftenGkeRepeatsIt_andTheForcedEvictionOnce() {
    pools("default-pool=COS_CONTAINERD");
    for (int i = 0; i < 3; i++) {
      notifyWith("upgrade-info-disruption.json", text -> text);
    }
    // The cluster's finding is untouched by a drain: a plain notification posts nothing.
    notifyOnce();

    List<String> held = webhookTexts();
    assertThat(held).hasSize(1);
    assertThat(held.get(0))
        .startsWith("Node drain held by PodDisruptionBudgets: cluster payments-prod\n");
    assertThat(requests(API + "/chat.postMessage")).hasSize(1);
    String body = requests(HOOK).get(0).toString();
    assertThat(body).contains("gke-analytics-default-pool-4f2a9c1e-x7kq");
    assertThat(body).contains("payments/ledger-writer-7d9c6b5f4-2xkqp");
    assertThat(body).contains("kubectl describe pdb -n payments");
    assertThat(body)
        .contains(
            "kubectl get pods --all-namespaces -o wide --field-selector"
                + " spec.nodeName=gke-analytics-default-pool-4f2a9c1e-x7kq");

    for (int i = 0; i < 2; i++) {
      notifyWith(
          "upgrade-info-disruption.json",
          text ->
              text.replace("POD_NOT_ENOUGH_PDB", "POD_PDB_VIOLATION")
                  .replace(
                      "\\\"pdbBlockedNode\\\"",
                      "\\\"pdbViolationTimeout\\\":\\\"3600s\\\",\\\"pdbBlockedNode\\\""));
    }

    List<String> texts = webhookTexts();
    assertThat(texts).hasSize(2);
    assertThat(texts.get(1))
        .startsWith("Pods evicted despite PodDisruptionBudgets: cluster payments-prod\n");
    assertThat(requests(HOOK).get(1).toString()).contains("3600s (1 h)");
  }

  @Test
  void endOfSupport_onAnOpenFinding_postsTheDateOnce_andLaterMessagesKeepIt() {
    pools("default-pool=COS");
    notifyOnce();
    notifyWith(
        "upgrade-info-end-of-support.json",
        text ->
            text.replace("1.22.17-gke.1900", "1.23.17-gke.100")
                .replace("2023-01-31T00:00:00Z", "2027-01-31T00:00:00Z"));
    notifyOnce();
    clock.advance(Duration.ofDays(8));
    notifyOnce();

    List<String> texts = webhookTexts();
    assertThat(texts).hasSize(3);
    assertThat(texts.get(1)).startsWith("Update: ");
    assertThat(texts.get(1)).contains("End of support announced: 1.23, 2027-01-31");
    assertThat(texts.get(1))
        .contains("GKE ends standard support for 1.23 on 2027-01-31, in 67 days.");
    assertThat(texts.get(2)).startsWith("Reminder: ");
    assertThat(texts.get(2)).contains("on 2027-01-31, in 59 days.");
  }

  @Test
  void blockersBeyondDocker_webApiPostsTheSummary_thenTheFullGuidanceInItsThread_once() {
    cluster =
        new ClusterInfo(
            CLUSTER,
            false,
            "1.34.1-gke.1829001",
            "REGULAR",
            List.of(new NodePoolInfo("win", "WINDOWS_LTSC_CONTAINERD", "1.34.1-gke.1829001", 2)),
            false,
            "",
            Map.of());
    notifyOnce();
    notifyOnce();

    List<JsonObject> posts = requests(API + "/chat.postMessage");
    assertThat(posts).hasSize(2);
    String ts = firstTs();
    assertThat(posts.get(0).has("thread_ts")).isFalse();
    String summary = posts.get(0).get("text").getAsString();
    assertThat(summary)
        .startsWith("GKE upgrade blocked by Windows Server node pools (containerd 2)");
    assertThat(summary).contains("First commands");
    assertThat(summary).doesNotContain("Check the Windows workloads");
    assertThat(posts.get(1).get("thread_ts").getAsString()).isEqualTo(ts);
    assertThat(posts.get(1).get("text").getAsString()).startsWith("Full guidance: ");
    assertThat(posts.get(1).get("text").getAsString()).contains("Check the Windows workloads");
    // The webhook cannot thread: it gets the whole message once, summary first.
    assertThat(webhookTexts()).hasSize(1);
    assertThat(webhookTexts().get(0)).contains("First commands");
    assertThat(webhookTexts().get(0)).contains("Check the Windows workloads");
  }

  @Test
  void genericWebhook_aRedeliveryCarriesTheSameDeliveryHeader_soTheReceiverCanDropARepeat() {
    String path = "/hooks/sentinel";
    slack.stubFor(
        post(urlEqualTo(path))
            .inScenario("flaky receiver")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    slack.stubFor(
        post(urlEqualTo(path))
            .inScenario("flaky receiver")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(202)));
    NotificationPipeline webhook =
        Pipelines.everySink(
            source,
            new GuidanceRenderer(Language.EN, clock),
            List.of(
                new WebhookSink(
                    "itsm",
                    URI.create(slack.baseUrl() + path),
                    "webhookSecretForTests",
                    SinkContext.of(HttpClient.newHttpClient(), false))),
            log,
            new DeliveryPolicy(false, Duration.ofDays(7), Duration.ofSeconds(20), clock));
    pools("default-pool=COS");
    String envelope =
        Fixtures.text("events/upgrade-event.json")
            .replace("\"messageId\": \"", "\"messageId\": \"hook-1-");
    byte[] data = envelope.getBytes(StandardCharsets.UTF_8);

    assertThrows(
        TransientFailureException.class,
        () -> webhook.handle(PubSubEnvelope.MESSAGE_PUBLISHED, data));
    webhook.handle(PubSubEnvelope.MESSAGE_PUBLISHED, data);

    List<String> headers =
        slack.findAll(postRequestedFor(urlEqualTo(path))).stream()
            .map(r -> r.getHeader(WebhookSink.DELIVERY_HEADER))
            .toList();
    assertThat(headers).hasSize(2);
    assertThat(headers.get(1)).isEqualTo(headers.get(0));
    assertThat(headers.get(0)).matches("gus-[0-9a-f]{16}/a1-new/itsm");
  }
}
