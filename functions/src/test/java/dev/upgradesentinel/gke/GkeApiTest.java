package dev.upgradesentinel.gke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.google.auth.Credentials;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FakeGkeServer.GkeError;
import dev.upgradesentinel.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GKE reader's own work, against WireMock and {@link FakeGkeServer}: credentials and headers,
 * the deadlines, the retries and Google's error details, and the paths of the upgrade-info and
 * operation reads.
 */
class GkeApiTest {
  private static final String PATH = "/v1/projects/acme-prod/locations/us-central1/clusters/web";
  private static final ClusterRef REF = new ClusterRef("acme-prod", "us-central1", "web");

  /** Quick retries: 2 s a call, 1 s an attempt, 10 ms growing to 40 ms between attempts. */
  private static final GkeApi.Retry QUICK =
      new GkeApi.Retry(
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          Duration.ofMillis(10),
          2.0,
          Duration.ofMillis(40));

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** Google's error for an API that is not enabled in the consumer project, as it sends it. */
  static GkeError serviceDisabled(String projectNumber) {
    JsonObject errorInfo =
        JsonParser.parseString(
                "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                    + "\"reason\":\"SERVICE_DISABLED\",\"domain\":\"googleapis.com\","
                    + "\"metadata\":{\"consumer\":\"projects/"
                    + projectNumber
                    + "\",\"service\":\"container.googleapis.com\","
                    + "\"serviceTitle\":\"Kubernetes Engine API\","
                    + "\"containerInfo\":\""
                    + projectNumber
                    + "\",\"activationUrl\":\"https://console.developers.google.com/apis/api/"
                    + "container.googleapis.com/overview?project="
                    + projectNumber
                    + "\"}}")
            .getAsJsonObject();
    JsonArray details = new JsonArray();
    details.add(errorInfo);
    return new GkeError(
        403,
        "PERMISSION_DENIED",
        "Kubernetes Engine API has not been used in project "
            + projectNumber
            + " before or it is disabled. Enable it by visiting"
            + " https://console.developers.google.com/apis/api/container.googleapis.com/overview?project="
            + projectNumber
            + " then retry.",
        details);
  }

  private GkeApi emulated(GkeApi.Retry retry) {
    return new GkeApi(http, server.baseUrl(), null, retry, this::recordedSleep);
  }

  private GkeApi withCredentials(Credentials credentials, GkeApi.Retry retry) {
    // The real-API client, with the given credentials, sent to WireMock instead of Google.
    return new GkeApi(http, server.baseUrl(), () -> credentials, retry, this::recordedSleep);
  }

  private void recordedSleep(Duration duration) throws InterruptedException {
    waits.add(duration);
    Thread.sleep(duration.toMillis());
  }

  private void answer(ResponseDefinitionBuilder response) {
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(response));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body);
  }

  private static GoogleCredentials token(String value, String quotaProject) {
    return GoogleCredentials.newBuilder()
        .setAccessToken(new AccessToken(value, Date.from(Instant.now().plusSeconds(3_600))))
        .setQuotaProjectId(quotaProject)
        .build();
  }

  @Test
  void cluster_withCredentials_sendsTokenQuotaProjectAndVersionedClientHeaders() {
    answer(json(200, "{\"name\":\"web\"}"));
    GkeApi api = withCredentials(token("ya29.first", "billing-project"), QUICK);

    assertThat(api.cluster(REF).get("name").getAsString()).isEqualTo("web");

    server.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withHeader("Authorization", equalTo("Bearer ya29.first"))
            .withHeader("x-goog-user-project", equalTo("billing-project"))
            .withHeader("User-Agent", matching("gke-upgrade-sentinel/[0-9][^ ]*"))
            .withHeader(
                "x-goog-api-client", matching("gl-java/[0-9][^ ]* gke-upgrade-sentinel/[0-9].*"))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void cluster_emulator_sendsNoCredentials() {
    answer(json(200, "{\"name\":\"web\"}"));

    emulated(QUICK).cluster(REF);

    server.verify(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", absent()));
  }

  @Test
  void base_followsTheCredentialsUniverseDomain() throws Exception {
    GoogleCredentials sovereign =
        GoogleCredentials.newBuilder()
            .setAccessToken(new AccessToken("t", Date.from(Instant.now().plusSeconds(3_600))))
            .setUniverseDomain("cloud.example-sovereign.test")
            .build();
    GkeApi api = new GkeApi(http, null, () -> sovereign, QUICK, this::recordedSleep);
    GkeApi google = new GkeApi(http, null, () -> token("t", null), QUICK, this::recordedSleep);

    assertThat(api.baseUrl()).isEqualTo("https://container.cloud.example-sovereign.test");
    assertThat(google.baseUrl()).isEqualTo("https://container.googleapis.com");
  }

  @Test
  void cluster_unauthorizedOnce_refreshesTheTokenAndSendsAgainOnce() {
    server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("revoked")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(401, GkeError.of("UNAUTHENTICATED", "token expired").body()))
            .willSetStateTo("refreshed"));
    server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("revoked")
            .whenScenarioStateIs("refreshed")
            .willReturn(json(200, "{\"name\":\"web\"}")));
    CountingCredentials credentials = new CountingCredentials();

    withCredentials(credentials, QUICK).cluster(REF);

    assertThat(credentials.refreshes.get()).isEqualTo(1);
    server.verify(
        getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer t0")));
    server.verify(
        getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer t1")));
    assertThat(waits).isEmpty();
  }

  @Test
  void cluster_unauthorizedAfterRefreshing_isUnauthenticatedAfterTwoRequests() {
    answer(json(401, GkeError.of("UNAUTHENTICATED", "invalid credentials").body()));
    CountingCredentials credentials = new CountingCredentials();

    GkeApiException e =
        assertThrows(GkeApiException.class, () -> withCredentials(credentials, QUICK).cluster(REF));

    assertThat(e.status()).isEqualTo("UNAUTHENTICATED");
    assertThat(credentials.refreshes.get()).isEqualTo(1);
    assertThat(server.getAllServeEvents()).hasSize(2);
  }

  @Test
  void cluster_noApplicationDefaultCredentials_isUnauthenticatedWithoutARequest() {
    GkeApi api =
        new GkeApi(
            http,
            null,
            () -> {
              throw new IOException("The Application Default Credentials are not available.");
            },
            QUICK,
            this::recordedSleep);

    GkeApiException e = assertThrows(GkeApiException.class, () -> api.cluster(REF));

    assertThat(e.status()).isEqualTo("UNAUTHENTICATED");
    assertThat(e).hasMessageThat().contains("no Application Default Credentials");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void cluster_quotaWithRetryInfo_waitsAtLeastTheDelayAskedForThenAnswers() {
    server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("quota")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(429, quota("0.300s")))
            .willSetStateTo("ok"));
    server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("quota")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, "{\"name\":\"web\"}")));

    emulated(QUICK).cluster(REF);

    assertThat(waits).hasSize(1);
    assertThat(waits.get(0)).isAtLeast(Duration.ofMillis(300));
    assertThat(server.getAllServeEvents()).hasSize(2);
  }

  @Test
  void cluster_quotaAskingForLongerThanTheCallHasLeft_failsAtOnce() {
    answer(json(429, quota("60s")));

    GkeApiException e = assertThrows(GkeApiException.class, () -> emulated(QUICK).cluster(REF));

    assertThat(e.status()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(e.retryDelay()).hasValue(Duration.ofSeconds(60));
    assertThat(waits).isEmpty();
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void cluster_retryAfterHeaderWithoutRetryInfo_isHonoured() {
    server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("busy")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(503, GkeError.of("UNAVAILABLE", "busy").body()).withHeader("Retry-After", "1"))
            .willSetStateTo("ok"));
    server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("busy")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, "{\"name\":\"web\"}")));

    emulated(QUICK).cluster(REF);

    assertThat(waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void cluster_unavailableEveryTime_retriesWithGrowingDelaysUntilTheCallsDeadline() {
    answer(json(503, GkeError.of("UNAVAILABLE", "down").body()));
    GkeApi.Retry short500 =
        new GkeApi.Retry(
            Duration.ofMillis(500),
            Duration.ofMillis(200),
            Duration.ofMillis(20),
            2.0,
            Duration.ofMillis(80));

    GkeApiException e = assertThrows(GkeApiException.class, () -> emulated(short500).cluster(REF));

    assertThat(e).hasMessageThat().isEqualTo("UNAVAILABLE: down");
    assertThat(server.getAllServeEvents().size()).isAtLeast(3);
    assertThat(waits.stream().allMatch(w -> w.compareTo(Duration.ofMillis(80)) <= 0)).isTrue();
  }

  @Test
  void cluster_permissionDenied_isNotRetried() {
    answer(json(403, GkeError.of("PERMISSION_DENIED", "Required container.clusters.get").body()));

    GkeApiException e = assertThrows(GkeApiException.class, () -> emulated(QUICK).cluster(REF));

    assertThat(e.serviceDisabled()).isFalse();
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void cluster_serviceDisabled_isToldApartFromPermissionDenied() {
    answer(json(403, serviceDisabled("987654321098").body()));

    GkeApiException e = assertThrows(GkeApiException.class, () -> emulated(QUICK).cluster(REF));

    assertThat(e.status()).isEqualTo("PERMISSION_DENIED");
    assertThat(e.serviceDisabled()).isTrue();
    assertThat(e.metadata("consumer")).hasValue("projects/987654321098");
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void cluster_bodyThatStallsAfterTheHeaders_endsByTheAttemptsDeadline() {
    // Headers at once, then the body a byte at a time over 5 s: only a deadline that covers the
    // body ends the attempt.
    answer(
        json(200, "{\"name\":\"web\",\"padding\":\"" + "x".repeat(200) + "\"}")
            .withChunkedDribbleDelay(50, 5_000));
    GkeApi.Retry impatient =
        new GkeApi.Retry(
            Duration.ofMillis(900),
            Duration.ofMillis(300),
            Duration.ofMillis(10),
            2.0,
            Duration.ofMillis(20));

    long start = System.nanoTime();
    GkeApiException e = assertThrows(GkeApiException.class, () -> emulated(impatient).cluster(REF));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.status()).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(server.getAllServeEvents().size()).isAtLeast(2);
    // Far from the 5 s the body would take; generous for a loaded machine.
    assertThat(took).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void cluster_answerThatIsNotAnObject_isInternal() {
    answer(json(200, "[1,2]"));

    GkeApiException e = assertThrows(GkeApiException.class, () -> emulated(QUICK).cluster(REF));

    assertThat(e.status()).isEqualTo("INTERNAL");
  }

  @Test
  void cluster_nothingListening_isUnavailable() {
    GkeApi api =
        new GkeApi(
            http,
            "http://127.0.0.1:" + freePortWithNothingOnIt(),
            null,
            new GkeApi.Retry(
                Duration.ofMillis(300),
                Duration.ofMillis(200),
                Duration.ofMillis(10),
                2.0,
                Duration.ofMillis(20)),
            this::recordedSleep);

    GkeApiException e = assertThrows(GkeApiException.class, () -> api.cluster(REF));

    assertThat(e.status()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void error_statusThatIsNoCanonicalName_fallsBackToTheHttpStatus() {
    GkeApiException e =
        GkeApi.error(
            502,
            "{\"error\":{\"code\":502,\"status\":\"BAD_GATEWAY\"}}",
            java.util.Optional.empty());

    assertThat(e.status()).isEqualTo("UNAVAILABLE");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void error_proxyPage_isTheHttpStatus() {
    GkeApiException e =
        GkeApi.error(504, "<html>Gateway Timeout</html>", java.util.Optional.empty());

    assertThat(e.status()).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(e.reason()).isEmpty();
  }

  @Test
  void error_longMultiLineMessage_isOneLineAndCut() {
    String message = "line one\\nline two " + "y".repeat(400);
    GkeApiException e =
        GkeApi.error(
            400,
            "{\"error\":{\"code\":400,\"message\":\""
                + message
                + "\",\"status\":\"INVALID_ARGUMENT\"}}",
            java.util.Optional.empty());

    assertThat(e).hasMessageThat().startsWith("INVALID_ARGUMENT: line one line two y");
    assertThat(e).hasMessageThat().endsWith("...");
    assertThat(e.getMessage().length()).isLessThan(330);
  }

  @Test
  void duration_readsProtobufJsonDurations() {
    assertThat(GkeApi.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GkeApi.duration("1.500s")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(GkeApi.duration("0.000000001s")).isEqualTo(Duration.ofNanos(1));
    assertThat(GkeApi.duration("-1s")).isNull();
    assertThat(GkeApi.duration("30")).isNull();
  }

  @Test
  void segment_encodesAllButUnreservedCharacters() {
    assertThat(GkeApi.segment("a-b.c_d~e")).isEqualTo("a-b.c_d~e");
    assertThat(GkeApi.segment("a/b?c#d e%")).isEqualTo("a%2Fb%3Fc%23d%20e%25");
    assertThat(GkeApi.segment("클러스터")).isEqualTo("%ED%81%B4%EB%9F%AC%EC%8A%A4%ED%84%B0");
  }

  @Test
  void upgradeInfoAndOperations_areReadFromTheirRestPaths() throws Exception {
    try (FakeGkeServer gke = new FakeGkeServer().start()) {
      gke.addCluster(
          "acme-prod",
          Fixtures.cluster("clusters/containerd.json", "acme-prod", "us-central1", "web"));
      JsonObject info =
          JsonParser.parseString(
                  "{\"autoUpgradeStatus\":[\"MINOR_UPGRADE_PAUSED\"],"
                      + "\"pausedReason\":[\"MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES\"],"
                      + "\"minorTargetVersion\":\"1.33.5-gke.1080000\","
                      + "\"patchTargetVersion\":\"1.32.9-gke.1130000\","
                      + "\"endOfStandardSupportTimestamp\":\"2026-12-18T00:00:00Z\","
                      + "\"endOfExtendedSupportTimestamp\":\"2027-06-18T00:00:00Z\"}")
              .getAsJsonObject();
      gke.clusterUpgradeInfo("acme-prod", "us-central1", "web", info);
      JsonObject pool =
          JsonParser.parseString(
                  "{\"autoUpgradeStatus\":[\"ACTIVE\"],"
                      + "\"patchTargetVersion\":\"1.32.9-gke.1130000\"}")
              .getAsJsonObject();
      gke.nodePoolUpgradeInfo("acme-prod", "us-central1", "web", "default-pool", pool);
      JsonObject operation =
          JsonParser.parseString(
                  "{\"name\":\"operation-1765090000000-abcd\",\"operationType\":\"UPGRADE_NODES\","
                      + "\"status\":\"DONE\",\"error\":{\"code\":8,"
                      + "\"message\":\"Insufficient regional quota to satisfy request\"}}")
              .getAsJsonObject();
      gke.addOperation("acme-prod", "us-central1", "operation-1765090000000-abcd", operation);
      GkeApi api = new GkeApi(http, "http://" + gke.target(), null, QUICK, this::recordedSleep);

      assertThat(api.clusterUpgradeInfo(REF)).isEqualTo(info);
      assertThat(api.nodePoolUpgradeInfo(REF, "default-pool")).isEqualTo(pool);
      assertThat(api.operation("acme-prod", "us-central1", "operation-1765090000000-abcd"))
          .isEqualTo(operation);
      assertThat(gke.requestedPaths())
          .containsExactly(
              PATH + ":fetchClusterUpgradeInfo",
              PATH + "/nodePools/default-pool:fetchNodePoolUpgradeInfo",
              "/v1/projects/acme-prod/locations/us-central1/operations/operation-1765090000000-abcd")
          .inOrder();
    }
  }

  private static String quota(String retryDelay) {
    return "{\"error\":{\"code\":429,\"message\":\"Quota exceeded for quota metric 'Requests' and"
               + " limit 'Requests per minute' of service 'container.googleapis.com' for consumer"
               + " 'project_number:123456789012'.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
               + "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"RATE_LIMIT_EXCEEDED\","
               + "\"domain\":\"googleapis.com\",\"metadata\":{\"service\":\"container.googleapis.com\","
               + "\"consumer\":\"projects/123456789012\","
               + "\"quota_metric\":\"container.googleapis.com/default_requests\","
               + "\"quota_limit\":\"defaultPerMinutePerProject\",\"quota_limit_value\":\"3000\"}},"
               + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\""
        + retryDelay
        + "\"}]}}";
  }

  private static int freePortWithNothingOnIt() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Credentials whose token changes each time they are refreshed: t0, then t1, ... */
  private static final class CountingCredentials extends Credentials {
    private static final long serialVersionUID = 1L;
    final AtomicInteger refreshes = new AtomicInteger();

    @Override
    public String getAuthenticationType() {
      return "OAuth2";
    }

    @Override
    public Map<String, List<String>> getRequestMetadata(URI uri) {
      return Map.of("Authorization", List.of("Bearer t" + refreshes.get()));
    }

    @Override
    public boolean hasRequestMetadata() {
      return true;
    }

    @Override
    public boolean hasRequestMetadataOnly() {
      return true;
    }

    @Override
    public void refresh() {
      refreshes.incrementAndGet();
    }
  }
}
