package dev.upgradesentinel.gke;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.asset.v1.Asset;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.AssetServiceSettings;
import com.google.cloud.asset.v1.ContentType;
import com.google.cloud.asset.v1.ListAssetsRequest;
import com.google.cloud.asset.v1.ListAssetsResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.Identifiers;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Every GKE cluster of an organization, a folder or a project, as Cloud Asset Inventory indexes
 * them: {@code ListAssets} with asset type {@code container.googleapis.com/Cluster} and content
 * type {@code RESOURCE}, 1,000 clusters a page, each read from its {@code resource.data} (the
 * cluster in the GKE REST shape) by the same parser as every other REST-shaped cluster, and placed
 * in the project its asset's name holds.
 *
 * <p>The index lags the live API by minutes, so only fleet scans read it; a single cluster and
 * every notification are read from the GKE API. One attempt per page: the scanner paces and retries
 * pages as it does the GKE API's requests.
 */
public final class InventoryClusterSource implements ClusterInventory, AutoCloseable {
  private static final Logger log = Logger.getLogger(InventoryClusterSource.class.getName());

  /** As many assets a page as ListAssets allows. */
  public static final int PAGE_SIZE = 1000;

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  /** How long one page may take. */
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<AssetServiceClient> factory;
  private final Object lock = new Object();
  private volatile AssetServiceClient client;

  private InventoryClusterSource(Supplier<AssetServiceClient> factory) {
    this.factory = factory;
  }

  /**
   * A source on the real API with Application Default Credentials, or on a plaintext emulator
   * without credentials ({@code ASSET_EMULATOR_HOST}). The client is created on first use.
   *
   * @param emulatorHostOrNull {@code host:port}, or {@code null} for the real API
   */
  public static InventoryClusterSource create(String emulatorHostOrNull) {
    return new InventoryClusterSource(
        () -> {
          try {
            AssetServiceSettings.Builder settings = AssetServiceSettings.newBuilder();
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
                .listAssetsSettings()
                .setRetryableCodes()
                .setRetrySettings(
                    RetrySettings.newBuilder()
                        .setMaxAttempts(1)
                        .setTotalTimeoutDuration(PAGE_TIMEOUT)
                        .setInitialRpcTimeoutDuration(PAGE_TIMEOUT)
                        .setMaxRpcTimeoutDuration(PAGE_TIMEOUT)
                        .build());
            return AssetServiceClient.create(settings.build());
          } catch (IOException e) {
            throw new IllegalStateException(
                "cannot create the Cloud Asset client: " + e.getMessage(), e);
          }
        });
  }

  /**
   * Reads one page of the scope's clusters with ListAssets.
   *
   * @throws ClusterAccessException when the caller may not list the scope's assets, or the scope
   *     does not exist
   * @throws TransientFailureException when the API is unavailable, slow or over its quota
   */
  @Override
  public Page page(String scope, String pageToken) {
    if (!Identifiers.ASSET_SCOPE.matcher(scope).matches()) {
      throw new IllegalArgumentException("not a scope: " + scope);
    }
    ListAssetsRequest request =
        ListAssetsRequest.newBuilder()
            .setParent(scope)
            .addAssetTypes(AssetClusters.CLUSTER_ASSET_TYPE)
            .setContentType(ContentType.RESOURCE)
            .setPageSize(PAGE_SIZE)
            .setPageToken(pageToken)
            .build();
    ListAssetsResponse response;
    try {
      response =
          client()
              .listAssetsCallable()
              .call(request, GrpcCallContext.createDefault().withTimeoutDuration(PAGE_TIMEOUT));
    } catch (ApiException e) {
      throw failure(e, scope);
    }
    List<Asset> assets = response.getAssetsList();
    Instant readTime =
        Instant.ofEpochSecond(
            response.getReadTime().getSeconds(), response.getReadTime().getNanos());
    return new Page(() -> clusters(assets, scope), response.getNextPageToken(), readTime);
  }

  private static List<ClusterInfo> clusters(List<Asset> assets, String scope) {
    List<ClusterInfo> clusters = new ArrayList<>();
    int unreadable = 0;
    for (Asset asset : assets) {
      Optional<ClusterInfo> cluster = clusterOf(asset);
      cluster.ifPresent(clusters::add);
      unreadable += cluster.isPresent() ? 0 : 1;
    }
    if (unreadable > 0) {
      log.warning(
          "Skipping cluster assets without a readable resource scope="
              + scope
              + " count="
              + unreadable);
    }
    return clusters;
  }

  /** The asset's cluster: its {@code resource.data} as REST JSON, placed by the asset's name. */
  private static Optional<ClusterInfo> clusterOf(Asset asset) {
    if (!AssetClusters.CLUSTER_ASSET_TYPE.equals(asset.getAssetType())
        || !asset.getResource().hasData()) {
      return Optional.empty();
    }
    try {
      JsonObject cluster =
          ClusterJson.placedByName(
              JsonParser.parseString(PRINTER.print(asset.getResource().getData()))
                  .getAsJsonObject(),
              asset.getName(),
              true);
      boolean placed = ClusterJson.projectFromSelfLink(ClusterJson.selfLink(cluster)).isPresent();
      return ClusterJson.name(cluster).isEmpty() || !placed
          ? Optional.empty()
          : Optional.of(ClusterJson.toClusterInfo(cluster, "", ""));
    } catch (InvalidProtocolBufferException | ClusterJson.InvalidClusterException e) {
      return Optional.empty();
    }
  }

  private static RuntimeException failure(ApiException e, String scope) {
    StatusCode.Code code = e.getStatusCode().getCode();
    return switch (code) {
      case PERMISSION_DENIED ->
          new ClusterAccessException(
              "Cloud Asset Inventory answered PERMISSION_DENIED for scope="
                  + scope
                  + ": the function's service account needs roles/cloudasset.viewer there, and the"
                  + " Cloud Asset API must be enabled in its own project",
              e);
      case NOT_FOUND, INVALID_ARGUMENT ->
          new ClusterAccessException(
              "Cloud Asset Inventory answered " + code + " for scope=" + scope, e);
      default ->
          new TransientFailureException(
              "Cloud Asset Inventory failed for now scope=" + scope + " code=" + code, e);
    };
  }

  private AssetServiceClient client() {
    AssetServiceClient current = client;
    if (current == null) {
      synchronized (lock) {
        if (client == null) {
          client = factory.get();
        }
        current = client;
      }
    }
    return current;
  }

  @Override
  public void close() {
    AssetServiceClient current = client;
    if (current != null) {
      current.close();
    }
  }
}
