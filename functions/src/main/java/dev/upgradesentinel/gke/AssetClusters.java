package dev.upgradesentinel.gke;

import com.google.container.v1.Cluster;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GKE clusters as Cloud Asset Inventory lists them, whether gcloud printed the assets to a file or
 * the Asset API answered: assets of type {@code container.googleapis.com/Cluster} whose {@code
 * resource.data} is the cluster in the GKE REST shape, read with the one parser every REST-shaped
 * cluster goes through.
 */
final class AssetClusters {
  static final String CLUSTER_ASSET_TYPE = "container.googleapis.com/Cluster";

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  // //container.googleapis.com/projects/P/locations/L/clusters/C (or .../zones/L/...)
  private static final Pattern ASSET_NAME =
      Pattern.compile(
          "//container\\.googleapis\\.com/projects/([^/]+)/(?:locations|zones)/([^/]+)/clusters/([^/]+)");

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

  /**
   * A cluster in the GKE REST shape.
   *
   * @throws InvalidProtocolBufferException when a field has a value of the wrong type; its message
   *     may quote the value
   */
  static Cluster parse(String rest) throws InvalidProtocolBufferException {
    Cluster.Builder builder = Cluster.newBuilder();
    PARSER.merge(rest, builder);
    return builder.build();
  }

  /**
   * The cluster with the {@code selfLink} its asset's name gives it, which places it in the project
   * the name holds.
   *
   * @param assetName the asset's name, {@code //container.googleapis.com/projects/P/...}
   * @param always whether the name wins over a {@code selfLink} the data already has
   */
  static Cluster placedByName(Cluster cluster, String assetName, boolean always) {
    if (!always && !cluster.getSelfLink().isEmpty()) {
      return cluster;
    }
    Matcher matcher = ASSET_NAME.matcher(assetName);
    if (!matcher.matches()) {
      return cluster;
    }
    return cluster.toBuilder()
        .setSelfLink(
            "https://container.googleapis.com/v1/projects/"
                + matcher.group(1)
                + "/locations/"
                + matcher.group(2)
                + "/clusters/"
                + matcher.group(3))
        .build();
  }
}
