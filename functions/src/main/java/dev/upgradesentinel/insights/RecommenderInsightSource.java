package dev.upgradesentinel.insights;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.httpjson.HttpJsonCallContext;
import com.google.api.gax.httpjson.InstantiatingHttpJsonChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
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
import java.util.function.Function;

/**
 * Insights from Recommender's {@code ListInsights} on {@code
 * projects/P/locations/L/insightTypes/google.container.DiagnosisInsight}, every page of them. One
 * attempt per read: a failure is answered at once, never retried hot against a quota of 100 reads a
 * day.
 */
public final class RecommenderInsightSource implements InsightSource, AutoCloseable {
  public static final String INSIGHT_TYPE = "google.container.DiagnosisInsight";

  /** Pages as large as Recommender allows, so a location is one call in all but huge projects. */
  private static final int PAGE_SIZE = 1000;

  /** The longest a description from Recommender is quoted in a reason. */
  private static final int QUOTED = 200;

  private final RecommenderClient client;
  private final Function<Duration, ApiCallContext> callContext;

  private RecommenderInsightSource(
      RecommenderClient client, Function<Duration, ApiCallContext> callContext) {
    this.client = client;
    this.callContext = callContext;
  }

  /**
   * A source on the real API with Application Default Credentials, or on a plaintext emulator
   * without credentials ({@code RECOMMENDER_EMULATOR_HOST}).
   *
   * @param emulatorHostOrNull {@code host:port}, or {@code null} for the real API
   */
  public static RecommenderInsightSource create(String emulatorHostOrNull) {
    return create(emulatorHostOrNull, false);
  }

  /**
   * As {@link #create(String)}, over Recommender's REST API when {@code rest} ({@code
   * RECOMMENDER_TRANSPORT=rest}): JSON over HTTP, no gRPC transport to load. The emulator is then
   * reached over plain HTTP.
   */
  public static RecommenderInsightSource create(String emulatorHostOrNull, boolean rest) {
    try {
      RecommenderSettings.Builder settings =
          rest ? RecommenderSettings.newHttpJsonBuilder() : RecommenderSettings.newBuilder();
      if (emulatorHostOrNull != null) {
        settings
            .setTransportChannelProvider(
                rest
                    ? InstantiatingHttpJsonChannelProvider.newBuilder()
                        .setEndpoint("http://" + emulatorHostOrNull)
                        .build()
                    : InstantiatingGrpcChannelProvider.newBuilder()
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
      Function<Duration, ApiCallContext> context =
          rest
              ? timeout -> HttpJsonCallContext.createDefault().withTimeoutDuration(timeout)
              : timeout -> GrpcCallContext.createDefault().withTimeoutDuration(timeout);
      return new RecommenderInsightSource(RecommenderClient.create(settings.build()), context);
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
    ApiCallContext context = callContext.apply(timeout);
    List<dev.upgradesentinel.model.Insight> insights = new ArrayList<>();
    try {
      for (Insight insight :
          client.listInsightsPagedCallable().call(request, context).iterateAll()) {
        insights.add(
            InsightJson.parse(
                JsonParser.parseString(JsonFormat.printer().print(insight)).getAsJsonObject()));
      }
    } catch (ApiException e) {
      throw unavailable(e, project);
    } catch (InvalidProtocolBufferException e) {
      throw new InsightsUnavailableException(
          Reason.UNAVAILABLE, "Recommender's answer could not be read", e);
    }
    return insights;
  }

  private static InsightsUnavailableException unavailable(ApiException e, String project) {
    StatusCode.Code code = e.getStatusCode().getCode();
    String said = quoted(e.getMessage());
    return switch (code) {
      case PERMISSION_DENIED ->
          new InsightsUnavailableException(
              Reason.PERMISSION_DENIED,
              "Recommender answered PERMISSION_DENIED: the function's service account needs"
                  + " recommender.containerDiagnosisInsights.list on project "
                  + project
                  + ", and the Recommender API must be enabled ("
                  + said
                  + ")",
              e);
      case RESOURCE_EXHAUSTED ->
          new InsightsUnavailableException(
              Reason.QUOTA_EXHAUSTED,
              "Recommender answered RESOURCE_EXHAUSTED: its quota of reads is spent",
              e);
      case UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, ABORTED, CANCELLED ->
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
