package dev.upgradesentinel.testing;

import com.google.cloud.recommender.v1.Insight;
import com.google.cloud.recommender.v1.InsightStateInfo;
import com.google.cloud.recommender.v1.ListInsightsRequest;
import com.google.cloud.recommender.v1.ListInsightsResponse;
import com.google.cloud.recommender.v1.RecommenderGrpc;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Recommender for tests: a real gRPC server on 127.0.0.1 that answers {@code ListInsights} with
 * the insights a test adds per parent, in pages, so the real {@code RecommenderClient} can be
 * pointed at it in plaintext ({@code RECOMMENDER_EMULATOR_HOST=}{@link #target()}). It can refuse
 * with a chosen status and answer slowly, and it records every request.
 */
public final class FakeRecommenderServer implements AutoCloseable {
  private final Map<String, List<Insight>> insightsByParent = new ConcurrentHashMap<>();
  private final Queue<ListInsightsRequest> requests = new ConcurrentLinkedQueue<>();
  private volatile Status failure;
  private volatile Duration latency = Duration.ZERO;
  private volatile int pageSize = 0;
  private Server server;

  public FakeRecommenderServer start() throws IOException {
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(new Recommender())
            .build()
            .start();
    return this;
  }

  /** The {@code host:port} to give {@code RECOMMENDER_EMULATOR_HOST}. */
  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The insight type's parent of a project and location, as the client names it. */
  public static String parent(String project, String location) {
    return "projects/"
        + project
        + "/locations/"
        + location
        + "/insightTypes/google.container.DiagnosisInsight";
  }

  /**
   * A deprecation insight on one cluster, shaped as Recommender answers: named by the project
   * number, targeting the cluster by project id.
   */
  public static Insight insight(
      String projectNumber,
      String project,
      String location,
      String cluster,
      String subtype,
      InsightStateInfo.State state) {
    return Insight.newBuilder()
        .setName(
            "projects/"
                + projectNumber
                + "/locations/"
                + location
                + "/insightTypes/google.container.DiagnosisInsight/insights/"
                + Integer.toHexString((cluster + subtype).hashCode()))
        .setDescription("GKE detected the use of a feature that a later minor removes.")
        .addTargetResources(
            "//container.googleapis.com/projects/"
                + project
                + "/locations/"
                + location
                + "/clusters/"
                + cluster)
        .setInsightSubtype(subtype)
        .setContent(
            Struct.newBuilder()
                .putFields(
                    "lastObservation",
                    Value.newBuilder().setStringValue("2026-11-29T10:00:00Z").build()))
        .setLastRefreshTime(
            Timestamp.newBuilder()
                .setSeconds(Instant.parse("2026-11-30T06:00:00Z").getEpochSecond()))
        .setObservationPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(2_592_000))
        .setStateInfo(InsightStateInfo.newBuilder().setState(state))
        .setCategory(Insight.Category.RELIABILITY)
        .setSeverity(Insight.Severity.HIGH)
        .setEtag("\"1a2b3c\"")
        .build();
  }

  public void add(String parent, Insight insight) {
    insightsByParent.computeIfAbsent(parent, p -> new CopyOnWriteArrayList<>()).add(insight);
  }

  /** Refuses every request with {@code status}; {@code null} serves again. */
  public void failWith(Status status) {
    this.failure = status;
  }

  public void latency(Duration latency) {
    this.latency = latency;
  }

  /** Pages of at most this many insights, whatever the request asks; 0 follows the request. */
  public void pageSize(int pageSize) {
    this.pageSize = pageSize;
  }

  /** Every ListInsights request served or refused, in order. */
  public List<ListInsightsRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private final class Recommender extends RecommenderGrpc.RecommenderImplBase {
    @Override
    public void listInsights(
        ListInsightsRequest request, StreamObserver<ListInsightsResponse> response) {
      requests.add(request);
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Status refusal = failure;
      if (refusal != null) {
        response.onError(refusal.asRuntimeException());
        return;
      }
      List<Insight> all = insightsByParent.getOrDefault(request.getParent(), List.of());
      int size = pageSize > 0 ? pageSize : Math.max(1, request.getPageSize());
      int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
      int to = Math.min(all.size(), from + size);
      ListInsightsResponse.Builder page =
          ListInsightsResponse.newBuilder().addAllInsights(all.subList(from, to));
      if (to < all.size()) {
        page.setNextPageToken(Integer.toString(to));
      }
      response.onNext(page.build());
      response.onCompleted();
    }
  }
}
