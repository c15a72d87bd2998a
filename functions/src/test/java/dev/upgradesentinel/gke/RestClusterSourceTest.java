package dev.upgradesentinel.gke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.googleapis.GoogleRest;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.GoogleApiErrors;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GKE API's REST form (GKE_API_TRANSPORT=rest) over the JDK's HTTP client, against WireMock.
 */
class RestClusterSourceTest {
  private static final String CLUSTER_PATH =
      "/v1/projects/acme-prod/locations/us-central1/clusters/legacy-web";
  private static final ClusterRef REF = new ClusterRef("acme-prod", "us-central1", "legacy-web");

  /** Quick retries, so the tests that exhaust them do not wait out the deployed 20 s. */
  private static final GoogleRest.Retry QUICK =
      new GoogleRest.Retry(
          Duration.ofSeconds(5),
          Duration.ofSeconds(2),
          Duration.ofMillis(10),
          2.0,
          Duration.ofMillis(40),
          3);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer gke;
  private RestClusterSource source;

  @BeforeEach
  void start() {
    gke = new WireMockServer(wireMockConfig().dynamicPort());
    gke.start();
    source = RestClusterSource.create("127.0.0.1:" + gke.port(), http, QUICK);
  }

  @AfterEach
  void stop() {
    gke.stop();
  }

  private static String cluster(String fixture) throws Exception {
    // The API's answer is the proto's JSON form: printed from the fixture as the API would.
    return JsonFormat.printer().print(Fixtures.cluster(fixture));
  }

  private void answer(MappingBuilder request, int status, String body) {
    gke.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body)));
  }

  @Test
  void get_cluster_readsItWithItsPoolsInOneRequest() throws Exception {
    answer(get(urlPathEqualTo(CLUSTER_PATH)), 200, cluster("clusters/standard-docker.json"));

    ClusterInfo cluster = source.get(REF);

    assertThat(cluster.ref()).isEqualTo(REF);
    assertThat(cluster.nodePools().stream().map(NodePoolInfo::imageType).toList())
        .containsExactly("COS", "UBUNTU");
    assertThat(cluster.autoprovisioningEnabled()).isTrue();
    gke.verify(
        1,
        getRequestedFor(urlPathEqualTo(CLUSTER_PATH))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void get_namesFromAnEvent_areEncodedAsSegmentsOfTheirOwn() throws Exception {
    String encoded = "/v1/projects/acme-prod/locations/us-central1/clusters/a%2F..%2Fb%3Fc%3Dd";
    answer(get(urlPathEqualTo(encoded)), 200, "{\"name\":\"a/../b?c=d\"}");

    ClusterInfo cluster = source.get(new ClusterRef("acme-prod", "us-central1", "a/../b?c=d"));

    assertThat(cluster.ref().name()).isEqualTo("a/../b?c=d");
    assertThat(gke.getAllServeEvents()).hasSize(1);
    assertThat(gke.getAllServeEvents().get(0).getRequest().getUrl()).isEqualTo(encoded);
  }

  @Test
  void list_everyLocation_inOneRequest() throws Exception {
    answer(
        get(urlPathEqualTo("/v1/projects/acme-prod/locations/-/clusters")),
        200,
        "{\"clusters\":["
            + cluster("clusters/standard-docker.json")
            + ","
            + cluster("clusters/autopilot.json")
            + "],\"missingZones\":[\"us-east1-d\"]}");

    List<ClusterInfo> clusters = source.list("acme-prod");

    assertThat(clusters).hasSize(2);
    assertThat(clusters.get(1).autopilot()).isTrue();
    assertThat(gke.getAllServeEvents()).hasSize(1);
  }

  @Test
  void list_projectWithoutClusters_isTheEmptyAnswer() {
    answer(get(urlPathEqualTo("/v1/projects/empty/locations/-/clusters")), 200, "{}");

    assertThat(source.list("empty")).isEmpty();
  }

  @Test
  void get_notFound_throwsClusterNotFound() {
    answer(get(urlPathEqualTo(CLUSTER_PATH)), 404, GoogleApiErrors.body(404, "NOT_FOUND", "gone"));

    assertThrows(ClusterNotFoundException.class, () -> source.get(REF));
  }

  @Test
  void list_unknownProject_throwsAccessNotTransient() {
    answer(
        get(urlPathEqualTo("/v1/projects/nope/locations/-/clusters")),
        404,
        GoogleApiErrors.body(404, "NOT_FOUND", "project nope not found"));

    ClusterAccessException e =
        assertThrows(ClusterAccessException.class, () -> source.list("nope"));

    assertThat(e).hasMessageThat().isEqualTo("NOT_FOUND: project nope not found");
  }

  @Test
  void get_permissionDenied_throwsAccessWithTheCodeAndIsNotRetried() {
    answer(
        get(urlPathEqualTo(CLUSTER_PATH)),
        403,
        GoogleApiErrors.body(403, "PERMISSION_DENIED", "Required container.clusters.get"));

    ClusterAccessException e = assertThrows(ClusterAccessException.class, () -> source.get(REF));

    assertThat(e).hasMessageThat().isEqualTo("PERMISSION_DENIED: Required container.clusters.get");
    assertThat(gke.getAllServeEvents()).hasSize(1);
  }

  @Test
  void get_unavailableOnce_isRetriedAndAnswers() throws Exception {
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(GoogleApiErrors.answer(503, "UNAVAILABLE", "try again"))
            .willSetStateTo("up"));
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withBody(cluster("clusters/containerd.json"))));

    assertThat(source.get(REF).releaseChannel()).isEqualTo("STABLE");
    assertThat(gke.getAllServeEvents()).hasSize(2);
  }

  @Test
  void get_unavailableEveryTime_throwsTransientAfterTheLastAttempt() {
    answer(
        get(urlPathEqualTo(CLUSTER_PATH)), 503, GoogleApiErrors.body(503, "UNAVAILABLE", "down"));

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> source.get(REF));

    assertThat(e).hasMessageThat().isEqualTo("UNAVAILABLE: down");
    assertThat(gke.getAllServeEvents()).hasSize(3);
  }

  @Test
  void get_quotaExhausted_throwsTransientWithoutRetrying() {
    answer(
        get(urlPathEqualTo(CLUSTER_PATH)),
        429,
        GoogleApiErrors.body(429, "RESOURCE_EXHAUSTED", "Quota exceeded"));

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> source.get(REF));

    assertThat(e).hasMessageThat().startsWith("RESOURCE_EXHAUSTED");
    assertThat(gke.getAllServeEvents()).hasSize(1);
  }

  @Test
  void get_proxyPageInsteadOfAnAnswer_isUnavailableByItsStatusAndRetried() {
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH))
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Bad Gateway</body></html>")));

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> source.get(REF));

    assertThat(e).hasMessageThat().isEqualTo("UNAVAILABLE");
    assertThat(gke.getAllServeEvents()).hasSize(3);
  }

  @Test
  void get_noAnswerInTime_isDeadlineExceeded() {
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH))
            .willReturn(aResponse().withFixedDelay(3_000).withBody("{\"name\":\"legacy-web\"}")));
    RestClusterSource impatient =
        RestClusterSource.create(
            "127.0.0.1:" + gke.port(),
            http,
            new GoogleRest.Retry(
                Duration.ofMillis(900),
                Duration.ofMillis(300),
                Duration.ofMillis(10),
                2.0,
                Duration.ofMillis(20),
                0));

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> impatient.get(REF));

    assertThat(e).hasMessageThat().startsWith("DEADLINE_EXCEEDED");
    assertThat(gke.getAllServeEvents().size()).isAtLeast(2);
  }

  @Test
  void get_answerThatIsNotACluster_throwsTransientNamingTheField() {
    answer(get(urlPathEqualTo(CLUSTER_PATH)), 200, "{\"name\":\"c\",\"nodePools\":\"secret\"}");

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> source.get(REF));

    assertThat(e).hasMessageThat().contains("field nodePools is not an array");
    assertThat(e).hasMessageThat().doesNotContain("secret");
  }
}
