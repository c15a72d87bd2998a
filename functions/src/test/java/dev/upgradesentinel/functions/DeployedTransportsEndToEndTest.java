package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.cloud.recommender.v1.InsightStateInfo;
import com.google.cloud.recommender.v1.ListInsightsResponse;
import com.google.protobuf.util.JsonFormat;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeRecommenderServer;
import dev.upgradesentinel.testing.FirestoreEmulator;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.GoogleApiErrors;
import dev.upgradesentinel.testing.InvokerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ClusterNotificationFunction on the real invoker with the transports {@code infra/deploy.sh} sets:
 * the GKE API and Recommender in their REST form (WireMock answering their JSON), and the
 * notification log in Firestore over REST (the emulator). The other end-to-end tests speak gRPC.
 */
class DeployedTransportsEndToEndTest {
  private static final String WEBHOOK_PATH = "/services/T0SENTINEL/B0DEPLOYED/deployedSecret9";
  private static final String NUMBER = "333333333333";
  private static final String PROJECT = "deployed-e2e";

  private static FirestoreEmulator firestore;
  private static WireMockServer google;
  private static WireMockServer slack;
  private static InvokerProcess function;

  @BeforeAll
  static void start() throws Exception {
    firestore = FirestoreEmulator.start();
    google = new WireMockServer(wireMockConfig().dynamicPort());
    google.start();
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    String host = "127.0.0.1:" + google.port();
    function =
        InvokerProcess.start(
            "dev.upgradesentinel.functions.ClusterNotificationFunction",
            Map.of(
                "GKE_API_TRANSPORT",
                "rest",
                "GKE_EMULATOR_HOST",
                host,
                "RECOMMENDER_TRANSPORT",
                "rest",
                "RECOMMENDER_EMULATOR_HOST",
                host,
                "NOTIFICATION_LOG",
                "firestore",
                "FIRESTORE_TRANSPORT",
                "rest",
                "FIRESTORE_PROJECT_ID",
                PROJECT,
                "FIRESTORE_EMULATOR_HOST",
                firestore.hostPort(),
                "SLACK_WEBHOOK_URL",
                slack.baseUrl() + WEBHOOK_PATH));
  }

  @AfterAll
  static void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    for (WireMockServer server : new WireMockServer[] {google, slack}) {
      if (server != null) {
        server.stop();
      }
    }
    if (firestore != null) {
      firestore.close();
    }
  }

  @BeforeEach
  void reset() {
    google.resetAll();
    slack.resetAll();
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    // Recommender has no insights for a location unless a test gives it some.
    google.stubFor(
        get(urlPathEqualTo(insightsPath("us-central1")))
            .atPriority(10)
            .willReturn(json(200, "{}")));
  }

  private static String clusterPath(String name) {
    return clusterPath(name, "us-central1");
  }

  private static String clusterPath(String name, String location) {
    return "/v1/projects/" + NUMBER + "/locations/" + location + "/clusters/" + name;
  }

  private static String insightsPath(String location) {
    return "/v1/" + FakeRecommenderServer.parent(NUMBER, location) + "/insights";
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body);
  }

  /** The GKE API answers the cluster, from a fixture, as its REST form prints it. */
  private static void cluster(String fixture, String name) throws Exception {
    cluster(fixture, name, "us-central1");
  }

  private static void cluster(String fixture, String name, String location) throws Exception {
    google.stubFor(
        get(urlPathEqualTo(clusterPath(name, location)))
            .willReturn(
                json(
                    200,
                    JsonFormat.printer()
                        .print(Fixtures.cluster(fixture, NUMBER, location, name)))));
  }

  private static String notification(String fixture, String cluster, String messageId) {
    return CloudEvents.notification(fixture, NUMBER, cluster, messageId);
  }

  private static String notification(
      String fixture, String cluster, String location, String messageId) {
    return CloudEvents.notification(fixture, NUMBER, location, cluster, messageId);
  }

  private static List<LoggedRequest> slackPosts() {
    return slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH)));
  }

  @Test
  void dockerCluster_postsOnce_andTheRedeliveryPostsNothingMore() throws Exception {
    cluster("clusters/standard-docker.json", "payments-prod", "asia-east1");
    google.stubFor(get(urlPathEqualTo(insightsPath("asia-east1"))).willReturn(json(200, "{}")));
    String event =
        notification("upgrade-available-1-24.json", "payments-prod", "asia-east1", "dep-1");

    int first = CloudEvents.postPubSub(function.baseUrl(), event);
    int redelivery = CloudEvents.postPubSub(function.baseUrl(), event);

    assertThat(first).isEqualTo(200);
    assertThat(redelivery).isEqualTo(200);
    assertThat(slackPosts()).hasSize(1);
    String body = slackPosts().get(0).getBodyAsString();
    assertThat(body).contains("BLOCKED");
    assertThat(body).contains("--node-pool=default-pool --image-type=COS_CONTAINERD");
    google.verify(
        1,
        getRequestedFor(urlPathEqualTo(insightsPath("asia-east1")))
            .withQueryParam("pageSize", equalTo("1000")));
  }

  @Test
  void dismissedContainerdInsight_readOverRest_blocksTheCluster() throws Exception {
    // A location of its own: insights read for a location are kept for INSIGHTS_CACHE_TTL.
    cluster("clusters/containerd.json", "images", "europe-west1");
    google.stubFor(
        get(urlPathEqualTo(insightsPath("europe-west1")))
            .willReturn(
                json(
                    200,
                    JsonFormat.printer()
                        .print(
                            ListInsightsResponse.newBuilder()
                                .addInsights(
                                    FakeRecommenderServer.insight(
                                        NUMBER,
                                        NUMBER,
                                        "europe-west1",
                                        "images",
                                        "DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES",
                                        InsightStateInfo.State.DISMISSED))
                                .build()))));

    int status =
        CloudEvents.postPubSub(
            function.baseUrl(),
            notification("upgrade-available-1-22.json", "images", "europe-west1", "dep-2"));

    assertThat(status).isEqualTo(200);
    assertThat(slackPosts()).hasSize(1);
    String body = slackPosts().get(0).getBodyAsString();
    assertThat(body).contains("DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES");
    assertThat(body).contains("insight dismissed");
  }

  @Test
  void gkeUnavailable_failsTheDelivery_andTheRedeliveryPostsOnce() throws Exception {
    google.stubFor(
        get(urlPathEqualTo(clusterPath("orders-prod")))
            .willReturn(json(503, GoogleApiErrors.body(503, "UNAVAILABLE", "backend down"))));
    String event = notification("upgrade-available-1-24.json", "orders-prod", "dep-3");

    int first = CloudEvents.postPubSub(function.baseUrl(), event);
    List<LoggedRequest> attempts =
        google.findAll(getRequestedFor(urlPathEqualTo(clusterPath("orders-prod"))));
    google.resetAll();
    cluster("clusters/standard-docker.json", "orders-prod");
    google.stubFor(get(urlPathEqualTo(insightsPath("us-central1"))).willReturn(json(200, "{}")));
    int redelivery = CloudEvents.postPubSub(function.baseUrl(), event);

    assertThat(first).isAtLeast(500);
    assertThat(attempts.size()).isAtLeast(2); // retried within the call before giving up
    assertThat(redelivery).isEqualTo(200);
    assertThat(slackPosts()).hasSize(1);
  }

  @Test
  void gkePermissionDenied_isAcknowledgedWithTheReason_andPostsNothing() {
    google.stubFor(
        get(urlPathEqualTo(clusterPath("audit-prod")))
            .willReturn(
                json(
                    403,
                    GoogleApiErrors.body(
                        403, "PERMISSION_DENIED", "Required 'container.clusters.get'"))));

    int status =
        CloudEvents.postPubSub(
            function.baseUrl(), notification("upgrade-available-1-24.json", "audit-prod", "dep-4"));

    assertThat(status).isEqualTo(200);
    function.awaitOutput("PERMISSION_DENIED", Duration.ofSeconds(10));
    assertThat(slackPosts()).isEmpty();
    assertThat(google.findAll(getRequestedFor(urlPathEqualTo(clusterPath("audit-prod")))))
        .hasSize(1);
  }
}
