package dev.upgradesentinel.testing;

import com.google.cloud.asset.v1.Asset;
import com.google.cloud.asset.v1.AssetServiceGrpc;
import com.google.cloud.asset.v1.ContentType;
import com.google.cloud.asset.v1.ListAssetsRequest;
import com.google.cloud.asset.v1.ListAssetsResponse;
import com.google.cloud.asset.v1.Resource;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cloud Asset Inventory's {@code ListAssets} for GKE clusters, as a real gRPC server: each cluster
 * is an asset of type {@code container.googleapis.com/Cluster} named {@code
 * //container.googleapis.com/projects/P/locations/L/clusters/C}, whose {@code resource.data} is the
 * cluster in the GKE REST shape. Assets are listed under their project's scope and every ancestor
 * scope they were added with, in pages of the size asked for (at most 1,000, 100 by default), with
 * an optional latency per page and a quota of calls a minute past which it answers
 * RESOURCE_EXHAUSTED.
 */
public final class FakeAssetServer implements AutoCloseable {
  private static final String CLUSTER = "container.googleapis.com/Cluster";

  /** The moment of the index every answer reflects. */
  public static final Instant READ_TIME = Instant.parse("2026-12-02T02:40:00Z");

  private final Map<String, List<Asset>> assetsByScope = new ConcurrentHashMap<>();
  private final List<ListAssetsRequest> requests = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Long> admitted = new ArrayDeque<>(); // guarded by this
  private final AtomicInteger quotaErrors = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;
  private volatile int quotaPerMinute;
  private int failures; // guarded by this
  private Status failure; // guarded by this
  private Server server;

  public FakeAssetServer start() throws IOException {
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(new AssetService())
            .build()
            .start();
    return this;
  }

  /** The {@code host:port} to give {@code ASSET_EMULATOR_HOST}. */
  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /**
   * Indexes a cluster of {@code project}, listed under {@code projects/PROJECT} and under each of
   * {@code ancestors} ({@code organizations/N}, {@code folders/N}).
   */
  public void addCluster(String project, JsonObject cluster, String... ancestors) {
    Asset asset = asset(project, cluster);
    assetsByScope
        .computeIfAbsent("projects/" + project, s -> new CopyOnWriteArrayList<>())
        .add(asset);
    for (String scope : ancestors) {
      assetsByScope.computeIfAbsent(scope, s -> new CopyOnWriteArrayList<>()).add(asset);
    }
  }

  /** Every page takes this long. */
  public void latency(Duration delay) {
    latency = delay;
  }

  /** Answers RESOURCE_EXHAUSTED to calls past {@code limit} within any minute; 0 for no limit. */
  public void quotaPerMinute(int limit) {
    quotaPerMinute = limit;
  }

  /** Fails the next {@code n} calls with {@code status}. */
  public synchronized void failNext(int n, Status status) {
    failures = n;
    failure = status;
  }

  /** Every ListAssets request received, failed ones included. */
  public List<ListAssetsRequest> requests() {
    return List.copyOf(requests);
  }

  public int quotaErrors() {
    return quotaErrors.get();
  }

  @Override
  public void close() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static Asset asset(String project, JsonObject cluster) {
    String location = cluster.get("location").getAsString();
    Struct.Builder data = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(cluster.toString(), data);
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException(e);
    }
    String path =
        "projects/"
            + project
            + "/locations/"
            + location
            + "/clusters/"
            + cluster.get("name").getAsString();
    return Asset.newBuilder()
        .setName("//container.googleapis.com/" + path)
        .setAssetType(CLUSTER)
        .setResource(
            Resource.newBuilder()
                .setVersion("v1")
                .setDiscoveryDocumentUri(
                    "https://container.googleapis.com/$discovery/rest?version=v1")
                .setDiscoveryName("Cluster")
                .setResourceUrl("https://container.googleapis.com/v1/" + path)
                .setParent("//cloudresourcemanager.googleapis.com/projects/" + project)
                .setLocation(location)
                .setData(data))
        .build();
  }

  /** Whether the call fits the quota; counts the calls admitted in the last minute. */
  private synchronized boolean admit() {
    long now = System.nanoTime();
    while (!admitted.isEmpty() && now - admitted.peekFirst() >= TimeUnit.MINUTES.toNanos(1)) {
      admitted.pollFirst();
    }
    if (quotaPerMinute > 0 && admitted.size() >= quotaPerMinute) {
      return false;
    }
    admitted.addLast(now);
    return true;
  }

  private synchronized Status scheduledFailure() {
    if (failures == 0) {
      return null;
    }
    failures--;
    return failure;
  }

  private final class AssetService extends AssetServiceGrpc.AssetServiceImplBase {
    @Override
    public void listAssets(ListAssetsRequest request, StreamObserver<ListAssetsResponse> response) {
      requests.add(request);
      Status scheduled = scheduledFailure();
      if (scheduled != null) {
        response.onError(scheduled.withDescription("injected").asRuntimeException());
        return;
      }
      if (!admit()) {
        quotaErrors.incrementAndGet();
        response.onError(
            Status.RESOURCE_EXHAUSTED
                .withDescription("Quota exceeded for quota metric 'List Assets requests'")
                .asRuntimeException());
        return;
      }
      if (request.getPageSize() > 1000) {
        response.onError(
            Status.INVALID_ARGUMENT.withDescription("page_size over 1000").asRuntimeException());
        return;
      }
      if (!latency.isZero()) {
        try {
          Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      List<Asset> all = new ArrayList<>(assetsByScope.getOrDefault(request.getParent(), List.of()));
      boolean clusters =
          request.getAssetTypesList().contains(CLUSTER)
              && request.getContentType() == ContentType.RESOURCE;
      if (!clusters) {
        all = List.of();
      }
      int size = request.getPageSize() == 0 ? 100 : request.getPageSize();
      int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
      int to = Math.min(all.size(), from + size);
      response.onNext(
          ListAssetsResponse.newBuilder()
              .setReadTime(
                  Timestamp.newBuilder()
                      .setSeconds(READ_TIME.getEpochSecond())
                      .setNanos(READ_TIME.getNano()))
              .addAllAssets(all.subList(Math.min(from, to), to))
              .setNextPageToken(to < all.size() ? Integer.toString(to) : "")
              .build());
      response.onCompleted();
    }
  }
}
