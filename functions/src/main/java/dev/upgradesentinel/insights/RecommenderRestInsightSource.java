package dev.upgradesentinel.insights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.googleapis.GoogleApiException;
import dev.upgradesentinel.googleapis.GoogleRest;
import dev.upgradesentinel.insights.InsightsUnavailableException.Reason;
import dev.upgradesentinel.model.Insight;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Insights from Recommender's REST form ({@code RECOMMENDER_TRANSPORT=rest}, as deployed): {@code
 * GET /v1/projects/P/locations/L/insightTypes/google.container.DiagnosisInsight/insights}, every
 * page, over the JDK's HTTP client, read by {@link InsightJson} without the client library. The
 * same reads and the same answers to failures as {@link RecommenderInsightSource}: one attempt per
 * page, never retried hot against a quota of reads a day.
 */
public final class RecommenderRestInsightSource implements InsightSource, Warmable {

  /** One attempt, within the time the caller gives the whole read. */
  private static final GoogleRest.Retry ONE_ATTEMPT =
      new GoogleRest.Retry(
          InsightReader.READ_TIMEOUT,
          InsightReader.READ_TIMEOUT,
          Duration.ZERO,
          1.0,
          Duration.ZERO,
          1);

  private final GoogleRest api;

  RecommenderRestInsightSource(GoogleRest api) {
    this.api = Objects.requireNonNull(api, "api == null");
  }

  /**
   * A source on the real API with Application Default Credentials, or on a plaintext emulator.
   *
   * @param emulatorHostOrNull {@code host:port} ({@code RECOMMENDER_EMULATOR_HOST}), or {@code
   *     null} for the real API
   * @param http the instance's HTTP client
   */
  public static RecommenderRestInsightSource create(String emulatorHostOrNull, HttpClient http) {
    return new RecommenderRestInsightSource(
        GoogleRest.forApi("recommender.googleapis.com", emulatorHostOrNull, http, ONE_ATTEMPT));
  }

  @Override
  public List<Insight> list(String project, String location, Duration timeout) {
    String path =
        "/v1/projects/"
            + GoogleRest.segment(project)
            + "/locations/"
            + GoogleRest.segment(location)
            + "/insightTypes/"
            + RecommenderInsightSource.INSIGHT_TYPE
            + "/insights?pageSize="
            + RecommenderInsightSource.PAGE_SIZE;
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Insight> insights = new ArrayList<>();
    String pageToken = "";
    do {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.isNegative() || left.isZero()) {
        throw new InsightsUnavailableException(
            Reason.UNAVAILABLE, "Recommender did not answer (DEADLINE_EXCEEDED)", null);
      }
      JsonObject page;
      try {
        page =
            api.get(
                pageToken.isEmpty() ? path : path + "&pageToken=" + GoogleRest.segment(pageToken),
                left);
      } catch (GoogleApiException e) {
        throw RecommenderInsightSource.unavailable(e.status(), e.getMessage(), project, e);
      }
      if (page.get("insights") instanceof com.google.gson.JsonArray listed) {
        for (JsonElement insight : listed) {
          if (!insight.isJsonObject()) {
            throw new InsightsUnavailableException(
                Reason.UNAVAILABLE, "Recommender's answer could not be read", null);
          }
          insights.add(InsightJson.parse(insight.getAsJsonObject()));
        }
      }
      JsonElement next = page.get("nextPageToken");
      pageToken = next != null && next.isJsonPrimitive() ? next.getAsString() : "";
    } while (!pageToken.isEmpty());
    return insights;
  }

  @Override
  public boolean metered() {
    return true;
  }

  /** Loads the credentials and fetches their first token. */
  @Override
  public void warmUp() {
    api.warmUp();
  }
}
