package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FirestoreEmulator;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import dev.upgradesentinel.testing.SinkFaults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upgrade lifecycle end to end on the Functions Framework invoker: two English instances and a
 * Korean one share the Firestore emulator's notification log, read clusters and operations from the
 * REST GKE fake, and post to Slack's Web API (WireMock), which threads.
 */
class LifecycleEndToEndTest {
  private static final String PROJECT = "444444444444";
  private static final String LOCATION = "us-central1";
  private static final String OPERATION = "operation-1765094400000-7c1f2e3a";
  private static final String POST = "/api/chat.postMessage";

  private static FirestoreEmulator firestore;
  private static FakeGkeServer gke;
  private static SinkFaults slackApi;
  private static WireMockServer slack;
  private static List<InvokerProcess> english;
  private static InvokerProcess korean;
  private static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    firestore = FirestoreEmulator.start();
    gke = new FakeGkeServer().start();
    for (String name : List.of("story", "unsafe", "ko-quota", "fixed")) {
      gke.addCluster(PROJECT, docker(name));
      gke.addOperation(PROJECT, LOCATION, OPERATION + "-" + name, operation(name));
    }
    for (Cause cause : CAUSES) {
      JsonObject cluster = docker(cause.cluster());
      cluster
          .getAsJsonArray("nodePools")
          .forEach(pool -> containerd(pool.getAsJsonObject().getAsJsonObject("config")));
      containerd(
          cluster
              .getAsJsonObject("autoscaling")
              .getAsJsonObject("autoprovisioningNodePoolDefaults"));
      gke.addCluster(PROJECT, cluster);
      JsonObject operation = operation(cause.cluster());
      operation.addProperty("statusMessage", cause.message());
      operation.getAsJsonObject("error").addProperty("message", cause.message());
      JsonObject condition =
          operation.getAsJsonArray("nodepoolConditions").get(0).getAsJsonObject();
      condition.addProperty("code", cause.code());
      condition.addProperty("message", cause.message());
      gke.addOperation(PROJECT, LOCATION, OPERATION + "-" + cause.cluster(), operation);
    }
    slackApi = new SinkFaults(5_000);
    slack = new WireMockServer(wireMockConfig().dynamicPort().extensions(slackApi));
    slack.start();
    slack.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    Map<String, String> env = new HashMap<>();
    env.put("GKE_EMULATOR_HOST", gke.target());
    env.put("SLACK_BOT_TOKEN", "xoxb-2222222222-3333333333333-LifecycleBotToken42");
    env.put("SLACK_CHANNEL", "C0E2E");
    env.put("SLACK_API_BASE_URL", slack.baseUrl() + "/api");
    env.put("NOTIFICATION_LOG", "firestore");
    env.put("FIRESTORE_EMULATOR_HOST", firestore.hostPort());
    env.put("FIRESTORE_PROJECT_ID", "sentinel-lifecycle");
    english = new ArrayList<>();
    english.add(
        InvokerProcess.start("dev.upgradesentinel.functions.ClusterNotificationFunction", env));
    english.add(
        InvokerProcess.start("dev.upgradesentinel.functions.ClusterNotificationFunction", env));
    Map<String, String> ko = new HashMap<>(env);
    ko.put("MESSAGE_LANGUAGE", "ko");
    ko.put("FIRESTORE_PROJECT_ID", "sentinel-lifecycle-ko");
    korean = InvokerProcess.start("dev.upgradesentinel.functions.ClusterNotificationFunction", ko);
  }

  @AfterAll
  static void stop() throws Exception {
    if (english != null) {
      english.forEach(InvokerProcess::close);
    }
    if (korean != null) {
      korean.close();
    }
    if (slack != null) {
      slack.stop();
    }
    if (gke != null) {
      gke.close();
    }
    if (firestore != null) {
      firestore.close();
    }
  }

  /** A cluster on 1.33 whose pool runs COS, a Docker-based image: an open finding, BLOCKED. */
  private static JsonObject docker(String name) {
    JsonObject cluster = Fixtures.cluster("clusters/standard-docker.json", PROJECT, LOCATION, name);
    cluster.addProperty("currentMasterVersion", "1.33.5-gke.1308000");
    cluster
        .getAsJsonArray("nodePools")
        .forEach(pool -> pool.getAsJsonObject().addProperty("version", "1.33.5-gke.1308000"));
    return cluster;
  }

  /** The failed operation of the cluster's default pool, out of N2 CPU quota. */
  private static JsonObject operation(String cluster) {
    JsonObject operation =
        JsonParser.parseString(Fixtures.text("operations/upgrade-nodes-quota.json"))
            .getAsJsonObject();
    operation.addProperty("name", OPERATION + "-" + cluster);
    operation.addProperty(
        "targetLink",
        "https://container.googleapis.com/v1/projects/"
            + PROJECT
            + "/locations/"
            + LOCATION
            + "/clusters/"
            + cluster
            + "/nodePools/default-pool");
    if (cluster.equals("unsafe")) {
      String hostile =
          "<!channel> <@U0ADMIN> *pay* <https://evil.example/steal|console> Quota 'N2_CPUS'"
              + " exceeded. Limit: 24.0 in region us-central1.";
      operation.getAsJsonObject("error").addProperty("message", hostile);
      operation
          .getAsJsonArray("nodepoolConditions")
          .get(0)
          .getAsJsonObject()
          .addProperty("message", hostile);
    }
    return operation;
  }

  /** GKE's UpgradeInfoEvent about a cluster, with the payload fields given over the fixture's. */
  private static String event(String cluster, String payloadFields) {
    JsonObject envelope =
        JsonParser.parseString(
                CloudEvents.notification(
                    "upgrade-info-failed.json",
                    PROJECT,
                    LOCATION,
                    cluster,
                    "lc-" + ids.incrementAndGet()))
            .getAsJsonObject();
    JsonObject attributes = envelope.getAsJsonObject("message").getAsJsonObject("attributes");
    JsonObject payload =
        JsonParser.parseString(attributes.get("payload").getAsString()).getAsJsonObject();
    payload.addProperty("operation", OPERATION + "-" + cluster);
    payload.addProperty(
        "resource",
        "projects/"
            + PROJECT
            + "/locations/"
            + LOCATION
            + "/clusters/"
            + cluster
            + "/nodePools/default-pool");
    JsonParser.parseString("{" + payloadFields + "}")
        .getAsJsonObject()
        .entrySet()
        .forEach(e -> payload.add(e.getKey(), e.getValue()));
    attributes.addProperty("payload", payload.toString());
    return envelope.toString();
  }

  private static void containerd(JsonObject config) {
    config.addProperty("imageType", config.get("imageType").getAsString() + "_CONTAINERD");
  }

  private static List<SinkFaults.Accepted> postedAbout(String cluster) {
    return slackApi.accepted().stream()
        .filter(a -> a.key().contains("/") && a.text().contains(cluster))
        .toList();
  }

  private static List<String> bodiesAbout(String cluster) {
    return slack.findAll(postRequestedFor(urlEqualTo(POST))).stream()
        .map(LoggedRequest::getBodyAsString)
        .filter(body -> body.contains(cluster))
        .toList();
  }

  @Test
  void everyLifecycleEvent_redeliveredTenTimesAcrossTwoInstancesAtOnce_postsEachMessageOnce()
      throws Exception {
    // The finding opens first, so the steps that are said in its thread have one to go to.
    CloudEvents.deliverUntilAcked(
        english, 0, event("story", "\"eventType\":\"END_OF_SUPPORT\""), 5);
    List<String> events =
        List.of(
            event(
                "story",
                "\"state\":\"SCHEDULED\",\"operation\":\"\",\"startTime\":\"2030-01-08T03:00:00Z\""),
            event("story", "\"state\":\"STARTED\""),
            event("story", "\"state\":\"FAILED\""),
            event("story", "\"state\":\"CANCELED\""),
            event(
                "story",
                "\"eventType\":\"COS_MILESTONE_VERSION_UPDATE\",\"state\":\"\","
                    + "\"description\":\"cos-125-19216-0-94\""),
            event("story", "\"state\":\"SUCCEEDED\""));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < events.size(); i++) {
          String envelope = events.get(i);
          int first = (round + i) % 2;
          done.add(pool.submit(() -> CloudEvents.deliverUntilAcked(english, first, envelope, 10)));
        }
      }
      for (Future<Integer> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    List<SinkFaults.Accepted> posted = postedAbout("story");
    Map<String, Long> byKey =
        posted.stream()
            .collect(Collectors.groupingBy(SinkFaults.Accepted::key, Collectors.counting()));
    assertWithMessage("posts by message key: %s", byKey)
        .that(byKey.values().stream().allMatch(count -> count == 1))
        .isTrue();
    List<String> titles = posted.stream().map(SinkFaults.Accepted::text).toList();
    assertThat(
            titles.stream()
                .filter(
                    t ->
                        t.startsWith(
                            "GKE scheduled an upgrade of node pool default-pool of cluster story"))
                .count())
        .isEqualTo(1);
    assertThat(
            titles.stream()
                .filter(t -> t.startsWith("GKE started upgrading node pool default-pool"))
                .count())
        .isEqualTo(1);
    assertThat(
            titles.stream()
                .filter(
                    t -> t.startsWith("Upgrade failed: node pool default-pool of cluster story"))
                .count())
        .isEqualTo(1);
    assertThat(titles.stream().filter(t -> t.contains("was canceled")).count()).isEqualTo(1);
    assertThat(
            titles.stream()
                .filter(
                    t -> t.startsWith("COS milestone changes with the next patches: cluster story"))
                .count())
        .isEqualTo(1);
    assertThat(
            titles.stream()
                .filter(t -> t.startsWith("GKE upgraded node pool default-pool"))
                .count())
        .isEqualTo(1);

    // The failure, the start, the cancelation and the success are replies in the finding's thread.
    String opening = posted.get(0).ts();
    for (String body : bodiesAbout("story")) {
      if (body.contains("Upgrade failed") || body.contains("was canceled")) {
        assertThat(JsonParser.parseString(body).getAsJsonObject().get("thread_ts").getAsString())
            .isEqualTo(opening);
      }
    }
  }

  @Test
  void failedUpgrade_readsTheOperationFromGke_andItsHostileTextReachesSlackInert()
      throws Exception {
    CloudEvents.deliverUntilAcked(english, 0, event("unsafe", "\"state\":\"FAILED\""), 5);

    // The cluster's Docker finding opens with the event, and the failure follows it up.
    List<String> bodies =
        bodiesAbout("unsafe").stream().filter(b -> b.contains("Upgrade failed")).toList();
    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).contains("\"thread_ts\"");
    String body = bodies.get(0);
    assertThat(body).contains("Compute Engine quota (N2_CPUS)");
    assertThat(body).contains("--max-surge-upgrade=0 --max-unavailable-upgrade=1");
    assertThat(body).doesNotContain("<!channel>");
    assertThat(body).doesNotContain("<@U0ADMIN>");
    assertThat(body).doesNotContain("<https://evil.example/steal|console>");
    assertThat(body).contains("&lt;!channel&gt;");
    assertThat(gke.requestedPaths())
        .contains(
            "/v1/projects/"
                + PROJECT
                + "/locations/"
                + LOCATION
                + "/operations/"
                + OPERATION
                + "-unsafe");
  }

  /** A known cause of a failed upgrade: the condition GKE attaches, and what its title says. */
  private record Cause(
      String cluster, String code, String message, String english, String korean) {}

  private static final List<Cause> CAUSES =
      List.of(
          new Cause(
              "cause-stockout",
              "GCE_STOCKOUT",
              "The zone 'projects/p/zones/us-central1-a' does not have enough resources available"
                  + " to fulfill the request.",
              "no capacity in the zone",
              "영역의 리소스 부족"),
          new Cause(
              "cause-node-sa",
              "NODE_SERVICE_ACCOUNT_MISSING_PERMISSIONS",
              "The node service account lacks permissions.",
              "node service account",
              "노드 서비스 계정"),
          new Cause(
              "cause-gke-sa",
              "GKE_SERVICE_ACCOUNT_DELETED",
              "The GKE service agent was deleted.",
              "GKE service agent",
              "GKE 서비스 에이전트"),
          new Cause(
              "cause-kms",
              "CLOUD_KMS_KEY_ERROR",
              "Cloud KMS key is disabled.",
              "Cloud KMS key",
              "Cloud KMS 키"),
          new Cause(
              "cause-destroyed",
              "CLOUD_KMS_KEY_DESTROYED",
              "Cloud KMS key version was destroyed.",
              "Cloud KMS key destroyed",
              "Cloud KMS 키 폐기됨"),
          new Cause(
              "cause-webhook",
              "UNKNOWN",
              "All cluster resources were brought up, but: component \"KubeApiserverReady\" is"
                  + " unhealthy.",
              "admission webhook",
              "어드미션 웹훅"),
          new Cause(
              "cause-pdb",
              "UNKNOWN",
              "Cannot drain node: evicting pod default/web-0 would violate its"
                  + " PodDisruptionBudget.",
              "PodDisruptionBudget",
              "PodDisruptionBudget"),
          new Cause(
              "cause-other",
              "UNKNOWN",
              "Internal error <@U0ADMIN>.",
              "see the operation",
              "작업 확인 필요"));

  @Test
  void everyKnownCause_isPostedWithItsOwnGuidance_inEnglishAndKorean() throws Exception {
    for (Cause cause : CAUSES) {
      String failed = event(cause.cluster(), "\"state\":\"FAILED\"");
      CloudEvents.deliverUntilAcked(english, 0, failed, 5);
      CloudEvents.deliverUntilAcked(List.of(korean), 0, failed, 5);
    }

    for (Cause cause : CAUSES) {
      List<String> titles =
          slackApi.accepted().stream()
              .map(a -> a.text().lines().findFirst().orElse(""))
              .filter(t -> t.contains(cause.cluster()))
              .toList();
      assertWithMessage(cause.cluster())
          .that(titles)
          .containsExactly(
              "Upgrade failed: node pool default-pool of cluster "
                  + cause.cluster()
                  + " to 1.33.5-gke.1400000 ("
                  + cause.english()
                  + ")",
              "업그레이드 실패: 클러스터 "
                  + cause.cluster()
                  + "의 노드 풀 default-pool \u2192 1.33.5-gke.1400000 ("
                  + cause.korean()
                  + ")");
    }
  }

  @Test
  void failedUpgrade_inKorean() throws Exception {
    CloudEvents.deliverUntilAcked(List.of(korean), 0, event("ko-quota", "\"state\":\"FAILED\""), 5);

    List<String> bodies =
        bodiesAbout("ko-quota").stream().filter(b -> b.contains("업그레이드 실패")).toList();
    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).contains("업그레이드 실패: 클러스터 ko-quota의 노드 풀 default-pool");
    assertThat(bodies.get(0)).contains("Compute Engine 할당량(N2_CPUS)이 부족했습니다");
  }

  @Test
  void succeededUpgrade_thatClearsTheFinding_resolvesIt_namingTheUpgrade() throws Exception {
    CloudEvents.deliverUntilAcked(
        english, 0, event("fixed", "\"eventType\":\"END_OF_SUPPORT\""), 5);
    JsonObject migrated = docker("fixed");
    migrated
        .getAsJsonArray("nodePools")
        .forEach(pool -> containerd(pool.getAsJsonObject().getAsJsonObject("config")));
    containerd(
        migrated
            .getAsJsonObject("autoscaling")
            .getAsJsonObject("autoprovisioningNodePoolDefaults"));
    gke.replaceCluster(PROJECT, migrated);

    for (int i = 0; i < 3; i++) {
      CloudEvents.deliverUntilAcked(english, i, event("fixed", "\"state\":\"SUCCEEDED\""), 5);
    }

    List<SinkFaults.Accepted> about =
        slackApi.accepted().stream().filter(a -> a.text().contains("fixed")).toList();
    List<SinkFaults.Accepted> resolved =
        about.stream().filter(a -> a.kind().equals("RESOLUTION")).toList();
    assertWithMessage("posted about the cluster: %s", about).that(resolved).hasSize(1);
    assertThat(resolved.get(0).text()).contains("GKE upgraded node pool default-pool");
  }
}
