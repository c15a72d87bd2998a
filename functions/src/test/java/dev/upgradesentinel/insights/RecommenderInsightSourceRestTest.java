package dev.upgradesentinel.insights;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.cloud.recommender.v1.ListInsightsResponse;
import com.google.protobuf.util.JsonFormat;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.testing.FakeRecommenderServer;
import dev.upgradesentinel.testing.GoogleApiErrors;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recommender's REST form ({@code RECOMMENDER_TRANSPORT=rest}) over the JDK's HTTP client, against
 * WireMock answering as the REST API does: pages of insights in JSON, and Google's JSON errors.
 */
class RecommenderInsightSourceRestTest {
  private static final String PATH =
      "/v1/" + FakeRecommenderServer.parent("shop-prod", "us-central1") + "/insights";

  private WireMockServer recommender;
  private RecommenderRestInsightSource source;

  @BeforeEach
  void start() {
    recommender = new WireMockServer(wireMockConfig().dynamicPort());
    recommender.start();
    source =
        RecommenderRestInsightSource.create(
            "127.0.0.1:" + recommender.port(),
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
  }

  @AfterEach
  void stop() {
    recommender.stop();
  }

  private static String page(int from, int to, String nextPageToken) throws Exception {
    ListInsightsResponse.Builder page = ListInsightsResponse.newBuilder();
    for (int i = from; i < to; i++) {
      page.addInsights(RecommenderInsightSourceTest.sample(i));
    }
    page.setNextPageToken(nextPageToken);
    return JsonFormat.printer().print(page);
  }

  @Test
  void list_readsEveryPage_andMapsTheInsightsFields() throws Exception {
    // The client sends an empty pageToken for the first page.
    recommender.stubFor(
        get(urlPathEqualTo(PATH)).atPriority(5).willReturn(okJson(page(0, 2, "page-2"))));
    recommender.stubFor(
        get(urlPathEqualTo(PATH))
            .atPriority(1)
            .withQueryParam("pageToken", WireMock.equalTo("page-2"))
            .willReturn(okJson(page(2, 3, ""))));

    List<Insight> insights = source.list("shop-prod", "us-central1", Duration.ofSeconds(5));

    assertThat(insights).hasSize(3);
    List<LoggedRequest> calls = recommender.findAll(getRequestedFor(urlPathEqualTo(PATH)));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).queryParameter("pageSize").firstValue()).isEqualTo("1000");
    RecommenderInsightSourceTest.assertIsTheFirstFakeInsight(insights.get(0));
  }

  @Test
  void permissionDenied_namesThePermission_afterOneRequest() {
    recommender.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                jsonError(
                    403,
                    GoogleApiErrors.body(
                        403,
                        "PERMISSION_DENIED",
                        "Permission 'recommender.containerDiagnosisInsights.list' denied"))));

    InsightsUnavailableException e =
        assertThrows(
            InsightsUnavailableException.class,
            () -> source.list("shop-prod", "us-central1", Duration.ofSeconds(5)));

    assertThat(e.reason()).isEqualTo(InsightsUnavailableException.Reason.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("recommender.containerDiagnosisInsights.list");
    assertThat(recommender.findAll(getRequestedFor(urlPathEqualTo(PATH)))).hasSize(1);
  }

  @Test
  void quotaAndOutage_areAnsweredAtOnce_neverRetried() {
    recommender.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                jsonError(
                    429,
                    GoogleApiErrors.body(
                        429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric"))));
    InsightsUnavailableException quota =
        assertThrows(
            InsightsUnavailableException.class,
            () -> source.list("shop-prod", "us-central1", Duration.ofSeconds(5)));
    recommender.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                jsonError(
                    503, GoogleApiErrors.body(503, "UNAVAILABLE", "The service is unavailable"))));
    InsightsUnavailableException down =
        assertThrows(
            InsightsUnavailableException.class,
            () -> source.list("shop-prod", "us-central1", Duration.ofSeconds(5)));

    assertThat(quota.reason()).isEqualTo(InsightsUnavailableException.Reason.QUOTA_EXHAUSTED);
    assertThat(down.reason()).isEqualTo(InsightsUnavailableException.Reason.UNAVAILABLE);
    assertThat(recommender.findAll(getRequestedFor(urlPathEqualTo(PATH)))).hasSize(2);
  }

  @Test
  void slowAnswer_isUnavailableOnceTheCallersTimeIsUp_afterOneRequest() throws Exception {
    recommender.stubFor(
        get(urlPathEqualTo(PATH)).willReturn(okJson(page(0, 1, "")).withFixedDelay(3_000)));

    InsightsUnavailableException e =
        assertThrows(
            InsightsUnavailableException.class,
            () -> source.list("shop-prod", "us-central1", Duration.ofMillis(300)));

    assertThat(e.reason()).isEqualTo(InsightsUnavailableException.Reason.UNAVAILABLE);
    assertThat(e.getMessage()).contains("DEADLINE_EXCEEDED");
    assertThat(recommender.findAll(getRequestedFor(urlPathEqualTo(PATH)))).hasSize(1);
  }

  @Test
  void nextPageToken_isSentEncoded() throws Exception {
    recommender.stubFor(
        get(urlPathEqualTo(PATH)).atPriority(5).willReturn(okJson(page(0, 1, "a+b/c=="))));
    recommender.stubFor(
        get(urlPathEqualTo(PATH))
            .atPriority(1)
            .withQueryParam("pageToken", WireMock.equalTo("a+b/c=="))
            .willReturn(okJson(page(1, 2, ""))));

    assertThat(source.list("shop-prod", "us-central1", Duration.ofSeconds(5))).hasSize(2);
    assertThat(recommender.getAllServeEvents().get(0).getRequest().getUrl())
        .endsWith("&pageToken=a%2Bb%2Fc%3D%3D");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder jsonError(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body);
  }
}
