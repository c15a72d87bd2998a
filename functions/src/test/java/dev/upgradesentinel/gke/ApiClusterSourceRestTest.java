package dev.upgradesentinel.gke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.util.JsonFormat;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.GoogleApiErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real client over the GKE API's REST form (GKE_API_TRANSPORT=rest), against WireMock. */
class ApiClusterSourceRestTest {
  private static final String CLUSTER_PATH =
      "/v1/projects/acme-prod/locations/us-central1/clusters/legacy-web";

  private WireMockServer gke;
  private ApiClusterSource source;

  @BeforeEach
  void start() {
    gke = new WireMockServer(wireMockConfig().dynamicPort());
    gke.start();
    source = ApiClusterSource.createRest("127.0.0.1:" + gke.port());
  }

  @AfterEach
  void stop() {
    source.close();
    gke.stop();
  }

  @Test
  void get_restTransport_readsTheClusterWithItsPools() throws Exception {
    String json = JsonFormat.printer().print(Fixtures.cluster("clusters/standard-docker.json"));
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(json)));

    ClusterInfo cluster = source.get(new ClusterRef("acme-prod", "us-central1", "legacy-web"));

    assertThat(cluster.ref().name()).isEqualTo("legacy-web");
    assertThat(cluster.nodePools().stream().map(NodePoolInfo::imageType).toList())
        .containsExactly("COS", "UBUNTU");
    assertThat(gke.findAll(getRequestedFor(urlPathEqualTo(CLUSTER_PATH)))).hasSize(1);
  }

  @Test
  void list_restTransport_listsEveryLocationInOneRequest() throws Exception {
    String docker = JsonFormat.printer().print(Fixtures.cluster("clusters/standard-docker.json"));
    String autopilot = JsonFormat.printer().print(Fixtures.cluster("clusters/autopilot.json"));
    gke.stubFor(
        get(urlPathEqualTo("/v1/projects/acme-prod/locations/-/clusters"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"clusters\":[" + docker + "," + autopilot + "]}")));

    java.util.List<ClusterInfo> clusters = source.list("acme-prod");

    assertThat(clusters).hasSize(2);
    assertThat(clusters.get(1).autopilot()).isTrue();
    assertThat(gke.getAllServeEvents()).hasSize(1);
  }

  @Test
  void get_restNotFound_throwsClusterNotFound() {
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(GoogleApiErrors.body(404, "NOT_FOUND", "gone"))));

    assertThrows(
        ClusterNotFoundException.class,
        () -> source.get(new ClusterRef("acme-prod", "us-central1", "legacy-web")));
  }

  @Test
  void get_restPermissionDenied_throwsAccessWithTheCode() {
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(GoogleApiErrors.body(403, "PERMISSION_DENIED", "no"))));

    ClusterAccessException e =
        assertThrows(
            ClusterAccessException.class,
            () -> source.get(new ClusterRef("acme-prod", "us-central1", "legacy-web")));

    assertThat(e).hasMessageThat().startsWith("PERMISSION_DENIED");
  }

  @Test
  void get_restUnavailable_throwsTransient() {
    try (ApiClusterSource impatient =
        new ApiClusterSource(
            () ->
                com.google.cloud.container.v1.ClusterManagerClient.create(
                    ApiClusterSource.restSettings(
                        "127.0.0.1:" + gke.port(),
                        ApiClusterSource.DEFAULT_RETRY.toBuilder().setMaxAttempts(2).build())))) {
      gke.stubFor(
          get(urlPathEqualTo(CLUSTER_PATH))
              .willReturn(
                  aResponse()
                      .withStatus(503)
                      .withHeader("Content-Type", "application/json")
                      .withBody(GoogleApiErrors.body(503, "UNAVAILABLE", "down"))));

      assertThrows(
          TransientFailureException.class,
          () -> impatient.get(new ClusterRef("acme-prod", "us-central1", "legacy-web")));
    }
  }
}
