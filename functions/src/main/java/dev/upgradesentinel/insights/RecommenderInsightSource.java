package dev.upgradesentinel.insights;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.recommender.v1.Insight;
import com.google.cloud.recommender.v1.ListInsightsRequest;
import com.google.cloud.recommender.v1.RecommenderClient;
import com.google.cloud.recommender.v1.RecommenderSettings;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upgradesentinel.insights.InsightsUnavailableException.Reason;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Insights from Recommender's {@code ListInsights} over gRPC, through the client library, on {@code
 * projects/P/locations/L/insightTypes/google.container.DiagnosisInsight}, every page of them. One
 * attempt per read: a failure is answered at once, never retried hot against a quota of 100 reads a
 * day.
 */
public final class RecommenderInsightSource implements InsightSource, AutoCloseable {
  public static final String INSIGHT_TYPE = "google.container.DiagnosisInsight";

  /** Pages as large as Recommender allows, so a location is one call in all but huge projects. */
  static final int PAGE_SIZE = 1000;

  /** The longest a description from Recommender is quoted in a reason. */
  private static final int QUOTED = 200;

  private final RecommenderClient client;

  private RecommenderInsightSource(RecommenderClient client) {
    this.client = client;
  }

  /**
   * A source on the real API with Application Default Credentials, or on a plaintext emulator
   * without credentials ({@code RECOMMENDER_EMULATOR_HOST}).
   *
   * @param emulatorHostOrNull {@code host:port}, or {@code null} for the real API
   */
  public static RecommenderInsightSource create(String emulatorHostOrNull) {
    try {
      RecommenderSettings.Builder settings = RecommenderSettings.newBuilder();
      if (emulatorHostOrNull != null) {
        settings
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(emulatorHostOrNull)
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build())
            .setCredentialsProvider(NoCredentialsProvider.create());
      }
      settings
          .listInsightsSettings()
          .setRetryableCodes()
          .setRetrySettings(
              RetrySettings.newBuilder()
                  .setMaxAttempts(1)
                  .setTotalTimeoutDuration(InsightReader.READ_TIMEOUT)
                  .setInitialRpcTimeoutDuration(InsightReader.READ_TIMEOUT)
                  .setMaxRpcTimeoutDuration(InsightReader.READ_TIMEOUT)
                  .build());
      return new RecommenderInsightSource(RecommenderClient.create(settings.build()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the Recommender client: " + e.getMessage(), e);
    }
  }

  @Override
  public List<dev.upgradesentinel.model.Insight> list(
      String project, String location, Duration timeout) {
    String parent =
        "projects/" + project + "/locations/" + location + "/insightTypes/" + INSIGHT_TYPE;
    ListInsightsRequest request =
        ListInsightsRequest.newBuilder().setParent(parent).setPageSize(PAGE_SIZE).build();
    ApiCallContext context = GrpcCallContext.createDefault().withTimeoutDuration(timeout);
    List<dev.upgradesentinel.model.Insight> insights = new ArrayList<>();
    try {
      for (Insight insight :
          client.listInsightsPagedCallable().call(request, context).iterateAll()) {
        insights.add(
            InsightJson.parse(
                JsonParser.parseString(JsonFormat.printer().print(insight)).getAsJsonObject()));
      }
    } catch (ApiException e) {
      throw unavailable(e.getStatusCode().getCode().name(), e.getMessage(), project, e);
    } catch (InvalidProtocolBufferException e) {
      throw new InsightsUnavailableException(
          Reason.UNAVAILABLE, "Recommender's answer could not be read", e);
    }
    return insights;
  }

  /**
   * Why a read failed, by the canonical status of Recommender's answer, with what it said quoted
   * where it helps.
   */
  static InsightsUnavailableException unavailable(
      String code, String message, String project, Throwable e) {
    String said = quoted(message);
    return switch (code) {
      case "PERMISSION_DENIED" ->
          new InsightsUnavailableException(
              Reason.PERMISSION_DENIED,
              "Recommender answered PERMISSION_DENIED: the function's service account needs"
                  + " recommender.containerDiagnosisInsights.list on project "
                  + project
                  + ", and the Recommender API must be enabled ("
                  + said
                  + ")",
              e);
      case "RESOURCE_EXHAUSTED" ->
          new InsightsUnavailableException(
              Reason.QUOTA_EXHAUSTED,
              "Recommender answered RESOURCE_EXHAUSTED: its quota of reads is spent",
              e);
      case "UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "UNKNOWN", "ABORTED", "CANCELLED" ->
          new InsightsUnavailableException(
              Reason.UNAVAILABLE, "Recommender did not answer (" + code + ")", e);
      default ->
          new InsightsUnavailableException(
              Reason.REFUSED, "Recommender answered " + code + " (" + said + ")", e);
    };
  }

  private static String quoted(String message) {
    String text = message == null ? "" : message.strip();
    return text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text;
  }

  @Override
  public boolean metered() {
    return true;
  }

  @Override
  public void close() {
    client.close();
  }
}
