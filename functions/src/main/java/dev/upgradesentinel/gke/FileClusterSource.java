package dev.upgradesentinel.gke;

import com.google.container.v1.Cluster;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads clusters from a JSON file instead of the GKE API, for offline runs and demos.
 *
 * <p>The file holds what {@code gcloud container clusters list --format=json} prints (an array of
 * clusters) or what {@code describe --format=json} prints (one cluster), in the REST shape with
 * camelCase names. Fields this client's v1 API does not know, as gcloud may print from newer or
 * beta APIs, are ignored.
 *
 * <p>The file is read and parsed once, in the constructor: it is small and local, and a broken
 * file then stops the function at start-up, when it is deployed, rather than at the first request.
 */
public final class FileClusterSource implements ClusterSource {

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final List<Cluster> clusters;

  /**
   * Reads and parses the file.
   *
   * @throws IllegalStateException when the file cannot be read or is not a cluster or an array of
   *     clusters; the message names the file and the problem, never its contents
   */
  public FileClusterSource(Path file) {
    Objects.requireNonNull(file, "file == null");
    this.clusters = List.copyOf(parse(file));
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
    return clusters.stream()
        .filter(c -> c.getName().equals(ref.name()))
        .filter(c -> ClusterMapper.locationOf(c).orElse("").equals(ref.location()))
        .findFirst()
        .map(c -> ClusterMapper.toClusterInfo(c, ref.project(), ref.location()))
        .orElseThrow(() -> new ClusterNotFoundException(ref, null));
  }

  /**
   * Returns the clusters whose {@code selfLink} names the project. A cluster without a usable
   * {@code selfLink} cannot be placed in a project, so it belongs to every project asked for.
   */
  @Override
  public List<ClusterInfo> list(String project) {
    Objects.requireNonNull(project, "project == null");
    return clusters.stream()
        .filter(
            c -> ClusterMapper.projectFromSelfLink(c.getSelfLink()).orElse(project).equals(project))
        .map(c -> ClusterMapper.toClusterInfo(c, project, ""))
        .toList();
  }

  private static List<Cluster> parse(Path file) {
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
      root.getAsJsonArray().forEach(elements::add);
    } else if (root.isJsonObject()) {
      elements.add(root);
    } else {
      throw new IllegalStateException(
          "clusters file path=" + file + " holds neither a cluster object nor an array of them");
    }
    List<Cluster> parsed = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      parsed.add(toCluster(file, i, elements.get(i)));
    }
    return parsed;
  }

  private static Cluster toCluster(Path file, int index, JsonElement element) {
    String where = "clusters file path=" + file + " element=" + index;
    if (!element.isJsonObject()) {
      throw new IllegalStateException(where + " is not a JSON object");
    }
    Cluster.Builder builder = Cluster.newBuilder();
    try {
      PARSER.merge(element.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      // The parser's message can quote values from the file, so it stays in the cause only.
      throw new IllegalStateException(
          where + " is not a GKE cluster: a field has an invalid value", e);
    }
    if (builder.getName().isEmpty()) {
      throw new IllegalStateException(where + " has no name");
    }
    return builder.build();
  }
}
