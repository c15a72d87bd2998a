package dev.upgradesentinel.gke;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a GKE cluster in its REST shape (the JSON the GKE API answers, gcloud prints and Cloud
 * Asset Inventory holds as an asset's {@code resource.data}, field names in camelCase) into a
 * {@link ClusterInfo}. Every cluster the product reads passes through here, whichever way it was
 * read.
 *
 * <p>Only the fields the product reads are looked at; every other field, known or not to any
 * version of the API, is ignored. A field read must have its JSON type: a cluster whose {@code
 * nodePools} is not an array is refused with the field's path, never its value. An absent field, or
 * {@code null}, is its default, as in the API's own JSON mapping: a pool without a config has an
 * empty image type. A cluster that has only the legacy top-level {@code nodeConfig} and no node
 * pools is mapped with no pools: GKE lists every real pool in {@code nodePools}.
 */
final class ClusterJson {

  // https://container.googleapis.com/v1/projects/P/locations/L/clusters/C (or .../zones/L/...)
  private static final Pattern SELF_LINK =
      Pattern.compile("/projects/([^/]+)/(?:locations|zones)/[^/]+/clusters/[^/]+$");

  // //container.googleapis.com/projects/P/locations/L/clusters/C (or .../zones/L/...)
  private static final Pattern ASSET_NAME =
      Pattern.compile(
          "//container\\.googleapis\\.com/projects/([^/]+)/(?:locations|zones)/([^/]+)/clusters/([^/]+)");

  /** The release channels of the v1 API; any other value is one newer than this code. */
  private static final List<String> CHANNELS =
      List.of("UNSPECIFIED", "RAPID", "REGULAR", "STABLE", "EXTENDED");

  private ClusterJson() {}

  /** A cluster field that does not have the JSON type the API gives it. */
  static final class InvalidClusterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidClusterException(String path, String expected) {
      super("field " + path + " is not " + expected);
    }
  }

  /**
   * Maps one cluster.
   *
   * @param cluster the cluster's JSON object
   * @param fallbackProject the project to report when the cluster carries no usable {@code
   *     selfLink} (usually the project the caller asked for)
   * @param fallbackLocation the location to report when the cluster has neither {@code location}
   *     nor the older {@code zone}
   * @throws InvalidClusterException when a field read has another JSON type than the API's
   */
  static ClusterInfo toClusterInfo(
      JsonObject cluster, String fallbackProject, String fallbackLocation) {
    ClusterRef ref =
        new ClusterRef(
            projectFromSelfLink(selfLink(cluster)).orElse(fallbackProject),
            location(cluster).orElse(fallbackLocation),
            name(cluster));
    List<NodePoolInfo> pools = new ArrayList<>();
    JsonArray nodePools = array(cluster, "nodePools", "nodePools");
    for (int i = 0; i < nodePools.size(); i++) {
      String path = "nodePools[" + i + "]";
      JsonElement pool = nodePools.get(i);
      if (!pool.isJsonObject()) {
        throw new InvalidClusterException(path, "an object");
      }
      pools.add(toNodePoolInfo(pool.getAsJsonObject(), path));
    }
    JsonObject autoscaling = object(cluster, "autoscaling", "autoscaling");
    return new ClusterInfo(
        ref,
        bool(object(cluster, "autopilot", "autopilot"), "enabled", "autopilot.enabled"),
        string(cluster, "currentMasterVersion", "currentMasterVersion"),
        releaseChannel(cluster),
        pools,
        bool(autoscaling, "enableNodeAutoprovisioning", "autoscaling.enableNodeAutoprovisioning"),
        string(
            object(
                autoscaling,
                "autoprovisioningNodePoolDefaults",
                "autoscaling.autoprovisioningNodePoolDefaults"),
            "imageType",
            "autoscaling.autoprovisioningNodePoolDefaults.imageType"),
        labels(cluster),
        UpgradeJson.maintenancePolicy(cluster));
  }

  /** The cluster's name; empty when it has none. */
  static String name(JsonObject cluster) {
    return string(cluster, "name", "name");
  }

  /** The cluster's {@code selfLink}; empty when it has none. */
  static String selfLink(JsonObject cluster) {
    return string(cluster, "selfLink", "selfLink");
  }

  /** The project id (or number) named in a cluster's {@code selfLink}, if it has a usable one. */
  static Optional<String> projectFromSelfLink(String selfLink) {
    Matcher matcher = SELF_LINK.matcher(selfLink);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** The cluster's location, falling back to the {@code zone} field older clusters still fill. */
  static Optional<String> location(JsonObject cluster) {
    String location = string(cluster, "location", "location");
    if (!location.isEmpty()) {
      return Optional.of(location);
    }
    String zone = string(cluster, "zone", "zone");
    return zone.isEmpty() ? Optional.empty() : Optional.of(zone);
  }

  /**
   * The cluster with the {@code selfLink} its asset's name gives it, which places it in the project
   * the name holds; the cluster itself when the name is not a cluster's.
   *
   * @param assetName the asset's name, {@code //container.googleapis.com/projects/P/...}
   * @param always whether the name wins over a {@code selfLink} the cluster already has
   */
  static JsonObject placedByName(JsonObject cluster, String assetName, boolean always) {
    if (!always && !selfLink(cluster).isEmpty()) {
      return cluster;
    }
    Matcher matcher = ASSET_NAME.matcher(assetName);
    if (!matcher.matches()) {
      return cluster;
    }
    JsonObject placed = cluster.deepCopy();
    placed.addProperty(
        "selfLink",
        "https://container.googleapis.com/v1/projects/"
            + matcher.group(1)
            + "/locations/"
            + matcher.group(2)
            + "/clusters/"
            + matcher.group(3));
    return placed;
  }

  private static NodePoolInfo toNodePoolInfo(JsonObject pool, String path) {
    // The v1 NodePool has no current size; the initial count is the best hint, 0 meaning unknown.
    long initial = integer(pool, "initialNodeCount", path + ".initialNodeCount");
    int nodeCount = initial > 0 && initial <= Integer.MAX_VALUE ? (int) initial : -1;
    Optional<Optional<Instant>> exclusion = UpgradeJson.poolExclusionUntilEndOfSupport(pool);
    return new NodePoolInfo(
        string(pool, "name", path + ".name"),
        string(object(pool, "config", path + ".config"), "imageType", path + ".config.imageType"),
        string(pool, "version", path + ".version"),
        nodeCount,
        exclusion.isPresent(),
        exclusion.flatMap(end -> end),
        machineType(pool),
        upgradeSettings(pool),
        autoUpgradeStart(pool));
  }

  /**
   * The start GKE announces for the pool's coming automatic upgrade ({@code
   * management.upgradeOptions.autoUpgradeStartTime}); empty when none, or it does not read.
   */
  private static Optional<Instant> autoUpgradeStart(JsonObject pool) {
    JsonElement management = pool.get("management");
    if (management == null || !management.isJsonObject()) {
      return Optional.empty();
    }
    JsonElement options = management.getAsJsonObject().get("upgradeOptions");
    return options != null && options.isJsonObject()
        ? UpgradeJson.instant(options.getAsJsonObject(), "autoUpgradeStartTime")
        : Optional.empty();
  }

  /** The pool's machine type, read leniently: it only sizes the guidance's surge arithmetic. */
  private static String machineType(JsonObject pool) {
    JsonElement config = pool.get("config");
    if (config == null || !config.isJsonObject()) {
      return "";
    }
    JsonElement type = config.getAsJsonObject().get("machineType");
    return type != null && type.isJsonPrimitive() ? type.getAsString() : "";
  }

  /**
   * The pool's {@code upgradeSettings}, read leniently; GKE leaves out a count that is 0. Empty
   * when the pool has none or they do not read.
   */
  private static Optional<NodePoolInfo.UpgradeSettings> upgradeSettings(JsonObject pool) {
    JsonElement settings = pool.get("upgradeSettings");
    if (settings == null || !settings.isJsonObject()) {
      return Optional.empty();
    }
    JsonObject object = settings.getAsJsonObject();
    try {
      JsonElement strategy = object.get("strategy");
      JsonElement surge = object.get("maxSurge");
      JsonElement unavailable = object.get("maxUnavailable");
      return Optional.of(
          new NodePoolInfo.UpgradeSettings(
              strategy != null && strategy.isJsonPrimitive() ? strategy.getAsString() : "",
              surge != null && surge.isJsonPrimitive() ? surge.getAsInt() : 0,
              unavailable != null && unavailable.isJsonPrimitive() ? unavailable.getAsInt() : 0));
    } catch (NumberFormatException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /**
   * The release channel's name; empty for none, and for a channel newer than this code, which is as
   * unknown to the rules as no channel at all. The API's JSON may give an enum as its number.
   */
  private static String releaseChannel(JsonObject cluster) {
    JsonObject releaseChannel = object(cluster, "releaseChannel", "releaseChannel");
    JsonElement channel = releaseChannel.get("channel");
    if (channel == null || channel.isJsonNull()) {
      return "";
    }
    if (!channel.isJsonPrimitive()) {
      throw new InvalidClusterException("releaseChannel.channel", "a string");
    }
    JsonPrimitive value = channel.getAsJsonPrimitive();
    String name;
    if (value.isNumber()) {
      int number = value.getAsInt();
      name = number >= 0 && number < CHANNELS.size() ? CHANNELS.get(number) : "";
    } else {
      name = CHANNELS.contains(value.getAsString()) ? value.getAsString() : "";
    }
    return name.equals("UNSPECIFIED") ? "" : name;
  }

  private static Map<String, String> labels(JsonObject cluster) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> label :
        object(cluster, "resourceLabels", "resourceLabels").entrySet()) {
      JsonElement value = label.getValue();
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        throw new InvalidClusterException("resourceLabels", "a map of strings");
      }
      labels.put(label.getKey(), value.getAsString());
    }
    return labels;
  }

  private static JsonObject object(JsonObject parent, String field, String path) {
    JsonElement value = parent.get(field);
    if (value == null || value.isJsonNull()) {
      return new JsonObject();
    }
    if (!value.isJsonObject()) {
      throw new InvalidClusterException(path, "an object");
    }
    return value.getAsJsonObject();
  }

  private static JsonArray array(JsonObject parent, String field, String path) {
    JsonElement value = parent.get(field);
    if (value == null || value.isJsonNull()) {
      return new JsonArray();
    }
    if (!value.isJsonArray()) {
      throw new InvalidClusterException(path, "an array");
    }
    return value.getAsJsonArray();
  }

  private static String string(JsonObject parent, String field, String path) {
    JsonElement value = parent.get(field);
    if (value == null || value.isJsonNull()) {
      return "";
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new InvalidClusterException(path, "a string");
    }
    return value.getAsString();
  }

  private static boolean bool(JsonObject parent, String field, String path) {
    JsonElement value = parent.get(field);
    if (value == null || value.isJsonNull()) {
      return false;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
      throw new InvalidClusterException(path, "a boolean");
    }
    return value.getAsBoolean();
  }

  /** An integer, as a JSON number or, as the API's JSON mapping also allows, a decimal string. */
  private static long integer(JsonObject parent, String field, String path) {
    JsonElement value = parent.get(field);
    if (value == null || value.isJsonNull()) {
      return 0;
    }
    if (value.isJsonPrimitive()) {
      try {
        return new java.math.BigDecimal(value.getAsString()).longValueExact();
      } catch (NumberFormatException | ArithmeticException e) {
        // Falls through to the refusal below.
      }
    }
    throw new InvalidClusterException(path, "an integer");
  }
}
