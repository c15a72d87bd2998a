package dev.upgradesentinel.gke;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * GKE clusters as Cloud Asset Inventory lists them, whether gcloud printed the assets to a file or
 * the Asset API answered: assets of type {@code container.googleapis.com/Cluster} whose {@code
 * resource.data} is the cluster in the GKE REST shape, which {@link ClusterJson} reads as it reads
 * every cluster.
 */
final class AssetClusters {
  static final String CLUSTER_ASSET_TYPE = "container.googleapis.com/Cluster";

  private AssetClusters() {}

  /** Whether an element is a Cloud Asset Inventory asset rather than a cluster. */
  static boolean isAsset(JsonElement element) {
    return element.isJsonObject() && element.getAsJsonObject().has("assetType");
  }

  /** Whether the asset is a GKE cluster. */
  static boolean isCluster(JsonObject asset) {
    JsonElement type = asset.get("assetType");
    return type != null && type.isJsonPrimitive() && CLUSTER_ASSET_TYPE.equals(type.getAsString());
  }

  /** The asset's {@code resource.data}; empty when it was listed without its resource. */
  static Optional<JsonObject> data(JsonObject asset) {
    JsonElement resource = asset.get("resource");
    JsonElement data =
        resource != null && resource.isJsonObject() ? resource.getAsJsonObject().get("data") : null;
    return data != null && data.isJsonObject()
        ? Optional.of(data.getAsJsonObject())
        : Optional.empty();
  }
}
