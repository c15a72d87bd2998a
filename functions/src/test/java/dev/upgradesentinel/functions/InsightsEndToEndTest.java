package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.cloud.recommender.v1.InsightStateInfo;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FakeRecommenderServer;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ClusterNotificationFunction on the real invoker with the real GKE and Recommender clients against
 * gRPC servers the test starts: deprecation insights and Windows Server pools block as GKE does,
 * and a Recommender that refuses never holds up a Docker finding.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InsightsEndToEndTest {
  private static final String WEBHOOK_PATH = "/services/T0SENTINEL/B0INSIGHTS/insightsSecret7";
  private static final String NUMBER = "222222222222";
  private static final String OTHER_LOCATION = "europe-west1";

  private static FakeGkeServer gke;
  private static FakeRecommenderServer recommender;
  private static WireMockServer slack;
  private static InvokerProcess function;

  @BeforeAll
  static void start() throws Exception {
    gke = new FakeGkeServer().start();
    gke.addCluster(
        NUMBER, Fixtures.cluster("clusters/containerd.json", NUMBER, "us-central1", "images"));
    gke.addCluster(
        NUMBER, Fixtures.cluster("clusters/standard-docker.json", NUMBER, "asia-east1", "legacy"));
    gke.addCluster(NUMBER, windowsOn134("dotnet"));
    gke.addCluster(
        NUMBER, Fixtures.cluster("clusters/standard-docker.json", NUMBER, "asia-south1", "outage"));
    gke.addCluster(
        NUMBER,
        Fixtures.cluster("clusters/standard-docker.json", NUMBER, "southamerica-east1", "quota"));
    for (int i = 0; i < 10; i++) {
      gke.addCluster(
          NUMBER,
          Fixtures.cluster("clusters/containerd.json", NUMBER, OTHER_LOCATION, "shard-" + i));
    }
    recommender = new FakeRecommenderServer().start();
    recommender.add(
        FakeRecommenderServer.parent(NUMBER, "us-central1"),
        FakeRecommenderServer.insight(
            NUMBER,
            NUMBER,
            "us-central1",
            "images",
            "DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES",
            InsightStateInfo.State.DISMISSED));
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    function =
        InvokerProcess.start(
            "dev.upgradesentinel.functions.ClusterNotificationFunction",
            Map.of(
                "GKE_EMULATOR_HOST", gke.target(),
                "RECOMMENDER_EMULATOR_HOST", recommender.target(),
                "SLACK_WEBHOOK_URL", slack.baseUrl() + WEBHOOK_PATH));
  }

  @AfterAll
  static void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    if (slack != null) {
      slack.stop();
    }
    if (recommender != null) {
      recommender.close();
    }
    if (gke != null) {
      gke.close();
    }
  }

  @BeforeEach
  void slackAnswersOk() {
    slack.resetAll();
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    recommender.failWith(null);
  }

  private static JsonObject windowsOn134(String name) {
    JsonObject cluster = Fixtures.cluster("clusters/windows.json", NUMBER, "us-central1", name);
    cluster.addProperty("currentMasterVersion", "1.34.1-gke.1829001");
    for (JsonElement element : cluster.getAsJsonArray("nodePools")) {
      JsonObject pool = element.getAsJsonObject();
      pool.addProperty("version", "1.34.1-gke.1829001");
      JsonObject config = pool.getAsJsonObject("config");
      String image = config.get("imageType").getAsString();
      config.addProperty(
          "imageType", image.endsWith("_CONTAINERD") ? image : image + "_CONTAINERD");
    }
    return cluster;
  }

  private static String notification(String cluster, String location, String messageId) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-available-1-22.json"))
            .getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", messageId);
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", NUMBER);
    attributes.addProperty("cluster_location", location);
    attributes.addProperty("cluster_name", cluster);
    return envelope.toString();
  }

  private static List<LoggedRequest> slackPosts() {
    return slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH)));
  }

  @Test
  @Order(1)
  void dismissedContainerdInsight_blocks_andSaysThePauseStays() {
    int status =
        CloudEvents.postPubSub(function.baseUrl(), notification("images", "us-central1", "ins-1"));

    assertThat(status).isEqualTo(200);
    List<LoggedRequest> posts = slackPosts();
    assertThat(posts).hasSize(1);
    String body = posts.get(0).getBodyAsString();
    assertThat(body).contains("BLOCKED");
    assertThat(body).contains("DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES");
    assertThat(body).contains("insight dismissed");
    assertThat(body).contains("crane manifest IMAGE | jq .schemaVersion");
    assertThat(body).contains("after 14 consecutive days without detected use");
    assertThat(recommender.requests().get(0).getParent())
        .isEqualTo(FakeRecommenderServer.parent(NUMBER, "us-central1"));
  }

  @Test
  @Order(2)
  void windowsServerPoolsOn134_block_withTheManualUpgrade() {
    int status =
        CloudEvents.postPubSub(function.baseUrl(), notification("dotnet", "us-central1", "ins-2"));

    assertThat(status).isEqualTo(200);
    String body = slackPosts().get(0).getBodyAsString();
    assertThat(body).contains("Windows Server node pools");
    assertThat(body).contains("--master --cluster-version=1.35");
    assertThat(body).contains("--node-pool=windows-pool");
  }

  @Test
  @Order(3)
  void tenNotificationsInOneProjectAndLocation_costOneListInsights() {
    for (int i = 0; i < 10; i++) {
      int status =
          CloudEvents.postPubSub(
              function.baseUrl(), notification("shard-" + i, OTHER_LOCATION, "ins-shard-" + i));
      assertThat(status).isEqualTo(200);
    }

    long reads =
        recommender.requests().stream()
            .filter(r -> r.getParent().equals(FakeRecommenderServer.parent(NUMBER, OTHER_LOCATION)))
            .count();
    assertThat(reads).isEqualTo(1);
    assertThat(slackPosts()).isEmpty();
  }

  @Test
  @Order(4)
  void recommenderDenied_dockerFindingStillGoesOutOnTheFirstDelivery_sayingInsightsWereNotRead() {
    // A location not read before: the insights cached for us-central1 would be used otherwise.
    recommender.failWith(Status.PERMISSION_DENIED.withDescription("Permission denied"));

    int status =
        CloudEvents.postPubSub(function.baseUrl(), notification("legacy", "asia-east1", "ins-4"));

    assertThat(status).isEqualTo(200);
    List<LoggedRequest> posts = slackPosts();
    assertThat(posts).hasSize(1);
    String body = posts.get(0).getBodyAsString();
    assertThat(body).contains("COS_CONTAINERD");
    assertThat(body).contains("deprecation insights were not read");
    assertThat(body).contains("PERMISSION_DENIED");
  }

  @Test
  @Order(5)
  void recommenderDown_dockerFindingStillGoesOutOnTheFirstDelivery() {
    recommender.failWith(Status.UNAVAILABLE.withDescription("backend unavailable"));

    int status =
        CloudEvents.postPubSub(function.baseUrl(), notification("outage", "asia-south1", "ins-5"));

    assertThat(status).isEqualTo(200);
    String body = slackPosts().get(0).getBodyAsString();
    assertThat(body).contains("COS_CONTAINERD");
    assertThat(body).contains("deprecation insights were not read (Recommender did not answer");
  }

  /** Last: a quota refusal pauses this instance's reads for an hour. */
  @Test
  @Order(6)
  void recommenderOutOfQuota_dockerFindingStillGoesOut_andReadsPause() {
    recommender.failWith(Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded"));
    int before = recommender.requests().size();

    int status =
        CloudEvents.postPubSub(
            function.baseUrl(), notification("quota", "southamerica-east1", "ins-6"));

    assertThat(status).isEqualTo(200);
    String body = slackPosts().get(0).getBodyAsString();
    assertThat(body).contains("RESOURCE_EXHAUSTED");
    assertThat(recommender.requests()).hasSize(before + 1);
  }
}
