package dev.upgradesentinel.gke;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeOperation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads clusters from a JSON file instead of the GKE API, for offline runs and demos.
 *
 * <p>The file holds clusters in the REST shape with camelCase names, in any of the shapes Google's
 * tools print them: an array ({@code gcloud container clusters list --format=json}), one cluster
 * ({@code describe --format=json}), the REST API's list answer ({@code {"clusters":[...]}}, and
 * {@code {}} for a project without clusters), or Cloud Asset Inventory's assets ({@code gcloud
 * asset list --content-type=resource --format=json}), whose {@code resource.data} is the cluster.
 * Only the fields the product reads are looked at ({@link ClusterJson}); the others, such as those
 * gcloud prints from newer or beta APIs, are ignored.
 *
 * <p>The file is read and parsed in the constructor: it is small and local, and a broken file then
 * stops the function at start-up, when it is deployed, rather than at the first request. It is read
 * again when its modification time changes, so an edited file is seen without a restart (the demo
 * migrates a node pool this way); an edit that does not parse keeps the clusters read before, with
 * a warning.
 */
public final class FileClusterSource implements ClusterSource, ClusterInventory {

  private static final Logger log = Logger.getLogger(FileClusterSource.class.getName());
  static final String ACCEPTED_SHAPES =
      "an array of clusters (gcloud container clusters list --format=json), one cluster"
          + " (gcloud container clusters describe --format=json), the REST API's list answer"
          + " ({\"clusters\":[...]}, or {} for none), or the assets that gcloud asset list"
          + " --asset-types=container.googleapis.com/Cluster --content-type=resource --format=json"
          + " prints";
  private static final Pattern UPGRADE_INFO_KEY =
      Pattern.compile("(?:projects/[^/]+/locations/)?([^/]+)/(?:clusters/)?([^/]+)");

  private final Path file;
  private volatile Snapshot snapshot;

  /** GKE's answer per cluster, keyed {@code location/name}; empty without an upgrade info file. */
  private final Map<String, JsonObject> upgradeInfo;

  /** Whether an upgrade info file was given. */
  private final boolean upgradeInfoFile;

  private final Map<String, JsonObject> operations;
  private final boolean operationsFile;

  /**
   * Reads and parses the file.
   *
   * @throws IllegalStateException when the file cannot be read or holds none of the accepted
   *     shapes; the message names the file, the problem and the shapes accepted, never the file's
   *     contents
   */
  public FileClusterSource(Path file) {
    this(file, Optional.empty());
  }

  /**
   * Reads and parses the clusters file and, when given, the file of GKE's upgrade info: a JSON
   * object whose keys name clusters ({@code projects/P/locations/L/clusters/C}, or {@code L/C}) and
   * whose values are what {@code gcloud container clusters get-upgrade-info C --location=L
   * --format=json} prints for each. A cluster is found by location and name, as {@link #get} finds
   * it.
   *
   * @throws IllegalStateException when a file cannot be read or has the wrong shape
   */
  public FileClusterSource(Path file, Optional<Path> upgradeInfoFile) {
    this(file, upgradeInfoFile, Optional.empty());
  }

  /**
   * Reads the clusters file, the file of GKE's upgrade info and the file of GKE's operations, when
   * given: a JSON array as {@code gcloud container operations list --format=json} prints (or one
   * operation, as {@code describe} prints), whose operations are found by id.
   *
   * @throws IllegalStateException when a file cannot be read or has the wrong shape
   */
  public FileClusterSource(
      Path file, Optional<Path> upgradeInfoFile, Optional<Path> operationsFile) {
    Objects.requireNonNull(file, "file == null");
    this.operationsFile = operationsFile.isPresent();
    this.operations = operationsFile.map(FileClusterSource::parseOperations).orElse(Map.of());
    this.file = file;
    this.snapshot = new Snapshot(List.copyOf(parse(file)), Instant.now(), modified(file));
    this.upgradeInfoFile = upgradeInfoFile.isPresent();
    this.upgradeInfo = upgradeInfoFile.map(FileClusterSource::parseUpgradeInfo).orElse(Map.of());
  }

  /**
   * The file as the index of a scope, in one page: every cluster for an organization or a folder
   * (the file holds no hierarchy, so it stands for the scope asked about), a project's clusters for
   * {@code projects/P}; read when the file was.
   */
  @Override
  public Page page(String scope, String pageToken) {
    Snapshot read = current();
    List<ClusterInfo> found =
        scope.startsWith("projects/")
            ? list(scope.substring("projects/".length()))
            : read.clusters().stream()
                .filter(c -> ClusterJson.projectFromSelfLink(ClusterJson.selfLink(c)).isPresent())
                .map(c -> ClusterJson.toClusterInfo(c, "", ""))
                .toList();
    return new Page(() -> found, "", read.readAt());
  }

  /**
   * Finds the cluster with the ref's location and name. The project is not compared: GKE
   * notifications often carry the project number, while the file names projects by id.
   *
   * @throws ClusterNotFoundException when no cluster in the file has that location and name
   */
  @Override
  public ClusterInfo get(ClusterRef ref) {
    Objects.requireNonNull(ref, "ref == null");
    return current().clusters().stream()
        .filter(c -> ClusterJson.name(c).equals(ref.name()))
        .filter(c -> ClusterJson.location(c).orElse("").equals(ref.location()))
        .findFirst()
        .map(c -> ClusterJson.toClusterInfo(c, ref.project(), ref.location()))
        .orElseThrow(() -> new ClusterNotFoundException(ref, null));
  }

  /**
   * Offline, GKE is not asked: its answer comes from {@code GKE_UPGRADE_INFO_FILE}, when it has one
   * for the cluster.
   */
  @Override
  public UpgradeInfo upgradeInfo(ClusterRef ref) {
    if (!upgradeInfoFile) {
      throw new ClusterAccessException(
          "offline: GKE_CLUSTERS_FILE is set and GKE_UPGRADE_INFO_FILE is not", null);
    }
    JsonObject info = upgradeInfo.get(ref.location() + "/" + ref.name());
    if (info == null) {
      throw new ClusterAccessException(
          "offline: GKE_UPGRADE_INFO_FILE has no answer for this cluster", null);
    }
    return UpgradeJson.upgradeInfo(info);
  }

  /** The clusters as the file now holds them: read again when it changed since the last read. */
  private Snapshot current() {
    Snapshot read = snapshot;
    Optional<FileTime> now = modified(file);
    if (now.equals(read.modified())) {
      return read;
    }
    synchronized (this) {
      read = snapshot;
      if (now.equals(read.modified())) {
        return read;
      }
      try {
        read = new Snapshot(List.copyOf(parse(file)), Instant.now(), now);
        log.info("Read the clusters file again, it changed: file=" + file);
      } catch (IllegalStateException e) {
        log.warning(
            "The clusters file changed and no longer reads; keeping the clusters read before: "
                + e.getMessage());
        read = new Snapshot(read.clusters(), read.readAt(), now);
      }
      snapshot = read;
      return read;
    }
  }

  private static Optional<FileTime> modified(Path file) {
    try {
      return Optional.of(Files.getLastModifiedTime(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The clusters of one reading of the file, when it was read, and its modification time then. */
  private record Snapshot(List<JsonObject> clusters, Instant readAt, Optional<FileTime> modified) {}

  /** Offline, an operation comes from {@code GKE_OPERATIONS_FILE}, found by its id. */
  @Override
  public UpgradeOperation operation(ClusterRef ref, String operation, Duration within) {
    if (!operationsFile) {
      throw new ClusterAccessException(
          "offline: GKE_CLUSTERS_FILE is set and GKE_OPERATIONS_FILE is not", null);
    }
    JsonObject found = operations.get(OperationJson.name(operation));
    if (found == null) {
      throw new ClusterNotFoundException(ref, null);
    }
    return OperationJson.operation(found);
  }

  private static Map<String, JsonObject> parseOperations(Path file) {
    JsonElement root = readJson(file, "operations file");
    String shape =
        "operations file path="
            + file
            + " must be what gcloud container operations list --format=json prints (an array of"
            + " operations with a name), or one operation as describe prints it";
    List<JsonElement> items = new ArrayList<>();
    if (root.isJsonArray()) {
      root.getAsJsonArray().forEach(items::add);
    } else {
      items.add(root);
    }
    Map<String, JsonObject> byName = new HashMap<>();
    for (JsonElement item : items) {
      if (!item.isJsonObject()
          || !item.getAsJsonObject().has("name")
          || !item.getAsJsonObject().get("name").isJsonPrimitive()) {
        throw new IllegalStateException(
            shape + "; the entry at position " + (byName.size() + 1) + " is not");
      }
      JsonObject operation = item.getAsJsonObject();
      byName.put(OperationJson.name(operation.get("name").getAsString()), operation);
    }
    log.info("Read GKE's operations from file=" + file + " operations=" + byName.size());
    return Map.copyOf(byName);
  }

  /**
   * A side file's JSON, named by {@code what} in the error, which never holds the file's contents.
   */
  private static JsonElement readJson(Path file, String what) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read " + what + " path=" + file + ": " + e.getClass().getSimpleName(), e);
    }
    try {
      return JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new IllegalStateException(what + " path=" + file + " is not valid JSON", e);
    }
  }

  private static Map<String, JsonObject> parseUpgradeInfo(Path file) {
    JsonElement root = readJson(file, "upgrade info file");
    String shape =
        "upgrade info file path="
            + file
            + " must be an object whose keys are projects/P/locations/L/clusters/C (or L/C) and"
            + " whose values are what gcloud container clusters get-upgrade-info --format=json"
            + " prints";
    if (!root.isJsonObject()) {
      throw new IllegalStateException(shape);
    }
    Map<String, JsonObject> byCluster = new HashMap<>();
    for (Map.Entry<String, JsonElement> entry : root.getAsJsonObject().entrySet()) {
      Matcher key = UPGRADE_INFO_KEY.matcher(entry.getKey());
      if (!key.matches() || !entry.getValue().isJsonObject()) {
        throw new IllegalStateException(
            shape + "; the entry at position " + (byCluster.size() + 1) + " is not");
      }
      byCluster.put(key.group(1) + "/" + key.group(2), entry.getValue().getAsJsonObject());
    }
    log.info("Read GKE's upgrade info from file=" + file + " clusters=" + byCluster.size());
    return Map.copyOf(byCluster);
  }

  /**
   * Returns the clusters whose {@code selfLink} names the project. A cluster without a usable
   * {@code selfLink} cannot be placed in a project, so it belongs to every project asked for.
   */
  @Override
  public List<ClusterInfo> list(String project) {
    Objects.requireNonNull(project, "project == null");
    return current().clusters().stream()
        .filter(
            c ->
                ClusterJson.projectFromSelfLink(ClusterJson.selfLink(c))
                    .orElse(project)
                    .equals(project))
        .map(c -> ClusterJson.toClusterInfo(c, project, ""))
        .toList();
  }

  private static List<JsonObject> parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read clusters file path=" + file + ": " + e.getClass().getSimpleName(), e);
    }
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new IllegalStateException("clusters file path=" + file + " is not valid JSON", e);
    }
    List<JsonElement> elements = new ArrayList<>();
    if (root.isJsonArray()) {
      // gcloud container clusters list, or gcloud asset list: element by element.
      root.getAsJsonArray().forEach(elements::add);
    } else if (root.isJsonObject() && isListAnswer(root.getAsJsonObject())) {
      // The REST API's list answer; {} when the project has no clusters.
      JsonElement clusters = root.getAsJsonObject().get("clusters");
      if (clusters != null && !clusters.isJsonArray()) {
        throw shapeError(file, "its \"clusters\" is not an array");
      }
      if (clusters != null) {
        clusters.getAsJsonArray().forEach(elements::add);
      }
    } else if (root.isJsonObject() && root.getAsJsonObject().has("name")) {
      elements.add(root);
    } else {
      throw shapeError(file, "it holds none of them");
    }
    List<JsonObject> parsed = new ArrayList<>();
    int otherAssets = 0;
    for (int i = 0; i < elements.size(); i++) {
      JsonElement element = elements.get(i);
      if (AssetClusters.isAsset(element)) {
        Optional<JsonObject> cluster = fromAsset(file, i, element.getAsJsonObject());
        cluster.ifPresent(parsed::add);
        otherAssets += cluster.isPresent() ? 0 : 1;
      } else {
        parsed.add(toCluster(file, i, element));
      }
    }
    if (otherAssets > 0) {
      log.info("Ignoring assets that are not GKE clusters file=" + file + " count=" + otherAssets);
    }
    return parsed;
  }

  /**
   * Whether an object is the REST API's list answer: {@code {"clusters":[...]}}, possibly with
   * {@code missingZones}, or {@code {}}, which is what the API answers for a project without
   * clusters. A cluster always has a name, so it never looks like one.
   */
  private static boolean isListAnswer(JsonObject object) {
    return !object.has("name")
        && object.keySet().stream()
            .allMatch(key -> key.equals("clusters") || key.equals("missingZones"));
  }

  /**
   * The cluster inside an asset of {@code gcloud asset list --content-type=resource}: its {@code
   * resource.data} is the cluster in the REST shape. Assets of other types are skipped; an asset
   * listed without its resource cannot be read and fails the file.
   */
  private static Optional<JsonObject> fromAsset(Path file, int index, JsonObject asset) {
    String where = "clusters file path=" + file + " element=" + index;
    if (!AssetClusters.isCluster(asset)) {
      return Optional.empty();
    }
    JsonObject data =
        AssetClusters.data(asset)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        where
                            + " is a "
                            + AssetClusters.CLUSTER_ASSET_TYPE
                            + " asset without resource.data: list the assets with"
                            + " --content-type=resource"));
    // The asset's name places the cluster in its project when the data lacks a selfLink.
    JsonElement name = asset.get("name");
    String assetName = name != null && name.isJsonPrimitive() ? name.getAsString() : "";
    return Optional.of(ClusterJson.placedByName(toCluster(file, index, data), assetName, false));
  }

  private static IllegalStateException shapeError(Path file, String problem) {
    return new IllegalStateException(
        "clusters file path="
            + file
            + " is not in a shape this function reads ("
            + problem
            + "). Accepted: "
            + ACCEPTED_SHAPES);
  }

  /** The element as a cluster, checked now so a broken file fails at start-up. */
  private static JsonObject toCluster(Path file, int index, JsonElement element) {
    String where = "clusters file path=" + file + " element=" + index;
    if (!element.isJsonObject()) {
      throw new IllegalStateException(
          where + " is not a JSON object. Accepted: " + ACCEPTED_SHAPES);
    }
    JsonObject cluster = element.getAsJsonObject();
    try {
      ClusterJson.toClusterInfo(cluster, "", "");
    } catch (ClusterJson.InvalidClusterException e) {
      // The message names the field and never its value.
      throw new IllegalStateException(where + " is not a GKE cluster: " + e.getMessage(), e);
    }
    if (ClusterJson.name(cluster).isEmpty()) {
      throw new IllegalStateException(
          where + " has no name, so it is not a cluster. Accepted: " + ACCEPTED_SHAPES);
    }
    return cluster;
  }
}
