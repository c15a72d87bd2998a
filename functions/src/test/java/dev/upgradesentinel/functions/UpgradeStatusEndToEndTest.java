package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FakeGkeServer.GkeError;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GKE's own answer in the notification's message, end to end on the Functions Framework invoker:
 * the REST GKE fake answers the cluster and its upgrade info, and Slack (WireMock) receives the
 * message, in English from one instance and in Korean from another. Dates are set against today,
 * since the function reads the real clock.
 */
class UpgradeStatusEndToEndTest {
  private static final String EN_PATH = "/services/T0SENTINEL/B0STATUS/enWebhookSecret42";
  private static final String KO_PATH = "/services/T0SENTINEL/B0STATUS/koWebhookSecret42";
  private static final String NUMBER = "333333333333";
  private static final String LOCATION = "us-west1";
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.DAYS);

  private static FakeGkeServer gke;
  private static WireMockServer slack;
  private static InvokerProcess english;
  private static InvokerProcess korean;

  @BeforeAll
  static void start() throws Exception {
    gke = new FakeGkeServer().start();
    for (String name :
        List.of("every-reason", "minor-held", "info-denied", "info-limited", "info-down")) {
      gke.addCluster(NUMBER, windowsAt134(name));
    }
    gke.addCluster(NUMBER, poolApart());
    gke.clusterUpgradeInfo(NUMBER, LOCATION, "pool-apart", minorHeld());
    JsonObject poolAnswer = new JsonObject();
    poolAnswer.add("autoUpgradeStatus", strings("UPGRADE_PAUSED"));
    poolAnswer.add("pausedReason", strings("MAINTENANCE_EXCLUSION_NO_UPGRADES"));
    poolAnswer.addProperty("patchTargetVersion", "1.33.5-gke.1400000");
    gke.nodePoolUpgradeInfo(NUMBER, LOCATION, "pool-apart", "windows-pool", poolAnswer);
    gke.clusterUpgradeInfo(NUMBER, LOCATION, "every-reason", everyReason());
    gke.clusterUpgradeInfo(NUMBER, LOCATION, "minor-held", minorHeld());
    gke.failUpgradeInfo(
        NUMBER,
        LOCATION,
        "info-denied",
        GkeError.of("PERMISSION_DENIED", "Required 'container.clusters.get' permission"));
    gke.failUpgradeInfo(
        NUMBER,
        LOCATION,
        "info-limited",
        GkeError.of("RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Requests'"));
    gke.failUpgradeInfo(
        NUMBER, LOCATION, "info-down", GkeError.of("UNAVAILABLE", "The service is unavailable"));
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    english =
        InvokerProcess.start(
            "dev.upgradesentinel.functions.ClusterNotificationFunction",
            Map.of(
                "GKE_EMULATOR_HOST", gke.target(), "SLACK_WEBHOOK_URL", slack.baseUrl() + EN_PATH));
    korean =
        InvokerProcess.start(
            "dev.upgradesentinel.functions.ClusterNotificationFunction",
            Map.of(
                "GKE_EMULATOR_HOST",
                gke.target(),
                "SLACK_WEBHOOK_URL",
                slack.baseUrl() + KO_PATH,
                "MESSAGE_LANGUAGE",
                "ko"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {english, korean}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    if (slack != null) {
      slack.stop();
    }
    if (gke != null) {
      gke.close();
    }
  }

  @BeforeEach
  void slackAnswersOk() {
    slack.resetAll();
    slack.stubFor(post(urlEqualTo(EN_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    slack.stubFor(post(urlEqualTo(KO_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  /** A Windows Server cluster at 1.34, which GKE holds there: BLOCKED by this tool's own rule. */
  private static JsonObject windowsAt134(String name) {
    JsonObject cluster = Fixtures.cluster("clusters/windows.json", NUMBER, LOCATION, name);
    cluster.addProperty("currentMasterVersion", "1.34.1-gke.1829001");
    cluster.addProperty("currentNodeVersion", "1.34.1-gke.1829001");
    for (JsonElement pool : cluster.getAsJsonArray("nodePools")) {
      JsonObject nodePool = pool.getAsJsonObject();
      nodePool.addProperty("version", "1.34.1-gke.1829001");
      JsonObject config = nodePool.getAsJsonObject("config");
      if (config.get("imageType").getAsString().equals("WINDOWS_LTSC")) {
        config.addProperty("imageType", "WINDOWS_LTSC_CONTAINERD");
      }
    }
    cluster.add("maintenancePolicy", policy());
    return cluster;
  }

  /**
   * The Windows cluster with its Windows pool a minor behind, held there by the pool's own
   * exclusion until the end of support.
   */
  private static JsonObject poolApart() {
    JsonObject cluster = windowsAt134("pool-apart");
    cluster.add("maintenancePolicy", new JsonObject());
    for (JsonElement pool : cluster.getAsJsonArray("nodePools")) {
      JsonObject nodePool = pool.getAsJsonObject();
      if (nodePool.get("name").getAsString().equals("windows-pool")) {
        nodePool.addProperty("version", "1.33.5-gke.1308000");
        nodePool.add(
            "maintenancePolicy",
            JsonParser.parseString(
                    "{\"exclusionUntilEndOfSupport\":{\"enabled\":true,\"startTime\":\""
                        + at(-30)
                        + "\",\"endTime\":\""
                        + endOfStandardSupport()
                        + "\"}}")
                .getAsJsonObject());
      }
    }
    return cluster;
  }

  /**
   * A weekly window that opened long ago, an exclusion of each scope in effect now, one of them
   * until the end of support, and a disruption budget whose last disruptions were recent.
   */
  private static JsonObject policy() {
    String json =
        """
        {"window": {
           "recurringWindow": {
             "window": {"startTime": "2026-01-03T02:00:00Z", "endTime": "2026-01-03T06:00:00Z"},
             "recurrence": "FREQ=WEEKLY;BYDAY=SA"},
           "maintenanceExclusions": {
             "quarter-end-freeze": {"startTime": "%s", "endTime": "%s",
               "maintenanceExclusionOptions": {"scope": "NO_UPGRADES"}},
             "stay-on-1-34": {"startTime": "%s", "endTime": "%s",
               "maintenanceExclusionOptions": {"scope": "NO_MINOR_UPGRADES",
                                               "endTimeBehavior": "UNTIL_END_OF_SUPPORT"}}}},
         "resourceVersion": "b1c2d3e4",
         "disruptionBudget": {
           "minorVersionDisruptionInterval": "2592000s",
           "patchVersionDisruptionInterval": "864000s",
           "lastMinorVersionDisruptionTime": "%s",
           "lastDisruptionTime": "%s"}}
        """
            .formatted(at(-3), at(12), at(-40), endOfStandardSupport(), at(-10), at(-2));
    return JsonParser.parseString(json).getAsJsonObject();
  }

  private static String at(int days) {
    return NOW.plus(days, ChronoUnit.DAYS).toString();
  }

  private static String endOfStandardSupport() {
    return at(75);
  }

  private static JsonObject everyReason() {
    JsonObject info = new JsonObject();
    info.add("autoUpgradeStatus", strings("UPGRADE_PAUSED"));
    info.add(
        "pausedReason",
        strings(
            "MAINTENANCE_WINDOW",
            "MAINTENANCE_EXCLUSION_NO_UPGRADES",
            "MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES",
            "CLUSTER_DISRUPTION_BUDGET",
            "CLUSTER_DISRUPTION_BUDGET_MINOR_UPGRADE",
            "SYSTEM_CONFIG"));
    info.addProperty("minorTargetVersion", "1.35.0-gke.1795000");
    info.addProperty("patchTargetVersion", "1.34.1-gke.2037000");
    info.addProperty("endOfStandardSupportTimestamp", endOfStandardSupport());
    info.addProperty("endOfExtendedSupportTimestamp", at(440));
    return info;
  }

  private static JsonObject minorHeld() {
    JsonObject info = everyReason();
    info.add("autoUpgradeStatus", strings("MINOR_UPGRADE_PAUSED"));
    info.add("pausedReason", strings("MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES"));
    return info;
  }

  private static JsonArray strings(String... values) {
    JsonArray array = new JsonArray();
    for (String value : values) {
      array.add(value);
    }
    return array;
  }

  private static String day(int days) {
    return LocalDate.ofInstant(NOW.plus(days, ChronoUnit.DAYS), ZoneOffset.UTC).toString();
  }

  private static String korean(int days) {
    LocalDate d = LocalDate.ofInstant(NOW.plus(days, ChronoUnit.DAYS), ZoneOffset.UTC);
    return d.getYear() + "년 " + d.getMonthValue() + "월 " + d.getDayOfMonth() + "일";
  }

  private static int notify(InvokerProcess function, String cluster, String messageId) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-event.json")).getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", messageId);
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", NUMBER);
    attributes.addProperty("cluster_location", LOCATION);
    attributes.addProperty("cluster_name", cluster);
    return CloudEvents.postPubSub(function.baseUrl(), envelope.toString());
  }

  /** Every Slack post to a path, as the text of all its blocks. */
  private static List<String> posts(String path) {
    List<LoggedRequest> requests = slack.findAll(postRequestedFor(urlEqualTo(path)));
    return requests.stream().map(LoggedRequest::getBodyAsString).toList();
  }

  @Test
  void everyPausedReason_isExplainedWithThePolicyBehindIt_inEnglish() {
    assertThat(notify(english, "every-reason", "status-en-1")).isEqualTo(200);

    List<String> posts = posts(EN_PATH);
    assertThat(posts).hasSize(1);
    String body = posts.get(0);
    assertThat(body).contains("What GKE says about upgrades");
    assertThat(body).contains("Automatic upgrades: all paused");
    assertThat(body).contains("quarter-end-freeze");
    assertThat(body).contains("(no upgrades at all) until " + day(12));
    assertThat(body).contains("stay-on-1-34");
    assertThat(body)
        .contains("(no minor upgrades, patches allowed) until the end of support, " + day(75));
    assertThat(body).contains("Outside the maintenance window: the next one opens");
    assertThat(body).contains("allows the next patch upgrade from " + day(8));
    assertThat(body).contains("allows the next minor upgrade from " + day(20));
    assertThat(body).contains("GKE's own system configuration (SYSTEM_CONFIG)");
    assertThat(body).contains("Ask Google Cloud support");
    assertThat(body).contains("minor 1.35.0-gke.1795000, patch 1.34.1-gke.2037000");
    assertThat(body).contains("Standard support of 1.34 ends " + day(75) + " (in 75 days)");
    assertThat(body).contains("extended support ends " + day(440));
  }

  @Test
  void minorPause_isSaidInKorean_withTheExclusionAndBothSupportDates() {
    assertThat(notify(korean, "minor-held", "status-ko-1")).isEqualTo(200);

    List<String> posts = posts(KO_PATH);
    assertThat(posts).hasSize(1);
    String body = posts.get(0);
    assertThat(body).contains("GKE가 알려 주는 업그레이드 상태");
    assertThat(body).contains("부 버전 업그레이드 일시중지 (패치는 계속 적용)");
    assertThat(body).contains("유지보수 제외");
    assertThat(body).contains("stay-on-1-34");
    assertThat(body).contains("지원 종료일(" + korean(75));
    assertThat(body).contains("1.34 표준 지원 종료: " + korean(75) + " (75일 후)");
    assertThat(body).contains("연장 지원 종료: " + korean(440));
  }

  @Test
  void everyPausedReason_isExplainedInKorean() {
    assertThat(notify(korean, "every-reason", "status-ko-2")).isEqualTo(200);

    String body = posts(KO_PATH).get(0);
    assertThat(body).contains("자동 업그레이드: 모두 일시중지");
    assertThat(body).contains("quarter-end-freeze");
    assertThat(body).contains("유지보수 기간 밖: 다음 기간은");
    assertThat(body).contains("다음 패치 업그레이드는 " + korean(8));
    assertThat(body).contains("다음 부 버전 업그레이드는 " + korean(20));
    assertThat(body).contains("GKE 자체 시스템 구성(SYSTEM_CONFIG)");
  }

  @Test
  void upgradeInfoDenied_limitedOrDown_theFindingGoesOutOnTheFirstDeliverySayingWhy() {
    // The English instance has seen none of these clusters.
    assertThat(notify(english, "info-denied", "status-en-denied")).isEqualTo(200);
    assertThat(notify(english, "info-limited", "status-en-limited")).isEqualTo(200);
    assertThat(notify(english, "info-down", "status-en-down")).isEqualTo(200);

    List<String> posts = posts(EN_PATH);
    assertThat(posts).hasSize(3);
    for (String body : posts) {
      assertThat(body).contains("BLOCKED");
      assertThat(body).contains("Windows Server");
      assertThat(body).doesNotContain("Docker-based node images");
      assertThat(body).contains("GKE's own upgrade status was not read (");
      assertThat(body).doesNotContain("What GKE says about upgrades");
    }
    assertThat(posts.get(0)).contains("PERMISSION_DENIED");
    assertThat(posts.get(1)).contains("RESOURCE_EXHAUSTED");
    assertThat(posts.get(2)).contains("UNAVAILABLE");
  }

  @Test
  void poolOnAnotherMinorWithItsOwnExclusion_isAskedAbout_andHeldToTheEndOfSupport() {
    assertThat(notify(english, "pool-apart", "status-en-pool")).isEqualTo(200);

    List<String> posts = posts(EN_PATH);
    assertThat(posts).hasSize(1);
    String body = posts.get(0);
    assertThat(body)
        .contains(
            "Node pool windows-pool (1.33.5-gke.1308000): automatic upgrades all paused; paused for"
                + " MAINTENANCE_EXCLUSION_NO_UPGRADES; patch target 1.33.5-gke.1400000; its own"
                + " maintenance exclusion until the end of support, "
                + day(75));
    assertThat(body).contains("End of standard support for 1.34 on " + day(75));
    assertThat(body)
        .contains(
            "gcloud container node-pools update windows-pool --cluster=pool-apart --project="
                + NUMBER
                + " --location=us-west1 --remove-maintenance-exclusion-until-end-of-support");
    assertThat(gke.requestedPaths())
        .contains(
            "/v1/projects/"
                + NUMBER
                + "/locations/us-west1/clusters/pool-apart/nodePools/windows-pool:fetchNodePoolUpgradeInfo");
  }
}
