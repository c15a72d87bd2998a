package dev.upgradesentinel.insights;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.cloud.recommender.v1.InsightStateInfo;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.testing.FakeRecommenderServer;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecommenderInsightSourceTest {
  private static final String PARENT = FakeRecommenderServer.parent("shop-prod", "us-central1");
  private FakeRecommenderServer recommender;
  private RecommenderInsightSource source;

  @BeforeEach
  void start() throws Exception {
    recommender = new FakeRecommenderServer().start();
    source = RecommenderInsightSource.create(recommender.target());
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    recommender.close();
  }

  @Test
  void list_readsEveryPage_andMapsTheInsightsFields() {
    for (int i = 0; i < 5; i++) {
      recommender.add(PARENT, sample(i));
    }
    recommender.pageSize(2);

    List<Insight> insights = source.list("shop-prod", "us-central1", Duration.ofSeconds(5));

    assertThat(insights).hasSize(5);
    assertThat(recommender.requests()).hasSize(3);
    assertThat(recommender.requests().get(0).getParent()).isEqualTo(PARENT);
    assertIsTheFirstFakeInsight(insights.get(0));
  }

  /**
   * Insight {@code i} of the samples: a 1.32 API deprecation on cluster-i of shop-prod in
   * us-central1, dismissed for cluster-0 and active for the others.
   */
  static com.google.cloud.recommender.v1.Insight sample(int i) {
    return FakeRecommenderServer.insight(
        "123456789012",
        "shop-prod",
        "us-central1",
        "cluster-" + i,
        "DEPRECATION_K8S_1_32_API",
        i == 0 ? InsightStateInfo.State.DISMISSED : InsightStateInfo.State.ACTIVE);
  }

  /** The fields of the fake's dismissed insight on cluster-0, as either transport maps them. */
  static void assertIsTheFirstFakeInsight(Insight first) {
    assertThat(first.subtype()).isEqualTo("DEPRECATION_K8S_1_32_API");
    assertThat(first.state()).isEqualTo("DISMISSED");
    assertThat(first.targetResources())
        .containsExactly(
            "//container.googleapis.com/projects/shop-prod/locations/us-central1/clusters/cluster-0");
    assertThat(first.lastRefreshTime()).isEqualTo("2026-11-30T06:00:00Z");
    assertThat(first.content()).containsExactly("lastObservation", "2026-11-29T10:00:00Z");
    assertThat(first.name())
        .startsWith("projects/123456789012/locations/us-central1/insightTypes/");
  }

  @Test
  void permissionDenied_namesThePermission_afterOneRequest() {
    recommender.failWith(Status.PERMISSION_DENIED.withDescription("Permission denied on resource"));

    InsightsUnavailableException e =
        assertThrows(
            InsightsUnavailableException.class,
            () -> source.list("shop-prod", "us-central1", Duration.ofSeconds(5)));

    assertThat(e.reason()).isEqualTo(InsightsUnavailableException.Reason.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("recommender.containerDiagnosisInsights.list");
    assertThat(recommender.requests()).hasSize(1);
  }

  @Test
  void quotaAndOutage_areAnsweredAtOnce_neverRetried() {
    recommender.failWith(Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded"));
    InsightsUnavailableException quota =
        assertThrows(
            InsightsUnavailableException.class,
            () -> source.list("shop-prod", "us-central1", Duration.ofSeconds(5)));
    recommender.failWith(Status.UNAVAILABLE);
    InsightsUnavailableException down =
        assertThrows(
            InsightsUnavailableException.class,
            () -> source.list("shop-prod", "us-central1", Duration.ofSeconds(5)));

    assertThat(quota.reason()).isEqualTo(InsightsUnavailableException.Reason.QUOTA_EXHAUSTED);
    assertThat(down.reason()).isEqualTo(InsightsUnavailableException.Reason.UNAVAILABLE);
    assertThat(recommender.requests()).hasSize(2);
  }

  @Test
  void slowAnswer_endsAtTheTimeout() {
    recommender.latency(Duration.ofSeconds(3));

    long start = System.nanoTime();
    InsightsUnavailableException e =
        assertThrows(
            InsightsUnavailableException.class,
            () -> source.list("shop-prod", "us-central1", Duration.ofMillis(300)));

    assertThat(e.reason()).isEqualTo(InsightsUnavailableException.Reason.UNAVAILABLE);
    assertThat(e.getMessage()).contains("DEADLINE_EXCEEDED");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }
}
