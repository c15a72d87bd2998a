package dev.upgradesentinel.gke;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads clusters from the GKE API through {@link GkeApi}, straight from its JSON into the model
 * ({@link ClusterJson}, the mapping cluster files and Asset Inventory use too).
 *
 * <p>API failures are sorted into the three kinds the rest of the code acts on: not found, access
 * refused (permanent until someone changes the setup) and transient.
 */
public final class ApiClusterSource implements ClusterSource, Warmable {
  private static final Logger logger = Logger.getLogger(ApiClusterSource.class.getName());

  private final GkeApi api;

  public ApiClusterSource(GkeApi api) {
    this.api = Objects.requireNonNull(api, "api == null");
  }

  /**
   * {@inheritDoc}
   *
   * @throws TransientFailureException when the API is unavailable, slow or out of quota; event
   *     functions let it escape so Pub/Sub redelivers the notification
   */
  @Override
  public ClusterInfo get(ClusterRef ref) {
    Objects.requireNonNull(ref, "ref == null");
    JsonObject cluster;
    try {
      cluster = api.cluster(ref);
    } catch (GkeApiException e) {
      if (e.status().equals("NOT_FOUND")) {
        throw new ClusterNotFoundException(ref, e);
      }
      throw failure(e, ref.project());
    }
    return mapped(cluster, ref.project(), ref.location());
  }

  /**
   * {@inheritDoc}
   *
   * <p>An unknown project is a {@link ClusterAccessException}; an answer missing some zones is
   * logged and used.
   */
  @Override
  public List<ClusterInfo> list(String project) {
    Objects.requireNonNull(project, "project == null");
    JsonObject answer;
    try {
      answer = api.clusters(project);
    } catch (GkeApiException e) {
      if (e.status().equals("NOT_FOUND")) {
        throw new ClusterAccessException(e.getMessage(), e);
      }
      throw failure(e, project);
    }
    List<String> missingZones = UpgradeJson.strings(answer.get("missingZones"));
    if (!missingZones.isEmpty()) {
      logger.log(
          Level.WARNING,
          "cluster list is incomplete, GKE could not reach some zones project={0} missingZones={1}",
          new Object[] {project, String.join(",", missingZones)});
    }
    JsonElement clusters = answer.get("clusters");
    if (clusters == null || clusters.isJsonNull()) {
      return List.of(); // the API answers {} for a project without clusters
    }
    if (!clusters.isJsonArray()) {
      throw new TransientFailureException(
          "GKE API answered a cluster list without a clusters array project=" + project);
    }
    List<ClusterInfo> listed = new ArrayList<>();
    for (JsonElement cluster : clusters.getAsJsonArray()) {
      if (!cluster.isJsonObject()) {
        throw new TransientFailureException(
            "GKE API answered a cluster list with a non-object cluster project=" + project);
      }
      listed.add(mapped(cluster.getAsJsonObject(), project, "-"));
    }
    return listed;
  }

  /**
   * GKE's own answer about the cluster's upgrades ({@code fetchClusterUpgradeInfo}).
   *
   * @throws ClusterNotFoundException when the cluster does not exist
   * @throws ClusterAccessException when the caller may not read it, or the API is not enabled
   * @throws TransientFailureException when the API is unavailable, slow or out of quota
   */
  @Override
  public UpgradeInfo upgradeInfo(ClusterRef ref) {
    return upgradeInfo(ref, GkeApi.Retry.DEFAULT.total());
  }

  @Override
  public UpgradeInfo upgradeInfo(ClusterRef ref, Duration within) {
    Objects.requireNonNull(ref, "ref == null");
    try {
      return UpgradeJson.upgradeInfo(api.clusterUpgradeInfo(ref, within));
    } catch (GkeApiException e) {
      if (e.status().equals("NOT_FOUND")) {
        throw new ClusterNotFoundException(ref, e);
      }
      throw failure(e, ref.project());
    }
  }

  /** GKE's own answer about one node pool's upgrades ({@code fetchNodePoolUpgradeInfo}). */
  @Override
  public UpgradeInfo nodePoolUpgradeInfo(ClusterRef ref, String pool, Duration within) {
    Objects.requireNonNull(ref, "ref == null");
    try {
      return UpgradeJson.upgradeInfo(api.nodePoolUpgradeInfo(ref, pool, within));
    } catch (GkeApiException e) {
      if (e.status().equals("NOT_FOUND")) {
        throw new ClusterNotFoundException(ref, e);
      }
      throw failure(e, ref.project());
    }
  }

  /** An upgrade's operation ({@code projects.locations.operations.get}). */
  @Override
  public UpgradeOperation operation(ClusterRef ref, String operation, Duration within) {
    Objects.requireNonNull(ref, "ref == null");
    String location = ref.location();
    int at = operation.indexOf("/locations/");
    if (at >= 0) {
      String rest = operation.substring(at + "/locations/".length());
      location = rest.substring(0, Math.max(0, rest.indexOf('/')));
    }
    try {
      return OperationJson.operation(
          api.operation(
              ref.project(),
              location.isEmpty() ? ref.location() : location,
              OperationJson.name(operation),
              within));
    } catch (GkeApiException e) {
      if (e.status().equals("NOT_FOUND")) {
        throw new ClusterNotFoundException(ref, e);
      }
      throw failure(e, ref.project());
    }
  }

  /** Loads the credentials and fetches their first token. */
  @Override
  public void warmUp() {
    api.warmUp();
  }

  /**
   * What a refusal means for the caller: the API not enabled, a permission or a request that a
   * retry does not change is a {@link ClusterAccessException}; anything else is transient.
   */
  static RuntimeException failure(GkeApiException e, String project) {
    if (e.serviceDisabled()) {
      String consumer = e.metadata("consumer").orElse("projects/" + project);
      String service = e.metadata("service").orElse("container.googleapis.com");
      return new ClusterAccessException(
          "SERVICE_DISABLED: "
              + service
              + " is not enabled in "
              + consumer
              + "; enable it with gcloud services enable "
              + service
              + " --project="
              + consumer.substring(consumer.lastIndexOf('/') + 1),
          e);
    }
    return switch (e.status()) {
      case "PERMISSION_DENIED", "INVALID_ARGUMENT", "FAILED_PRECONDITION", "UNAUTHENTICATED" ->
          new ClusterAccessException(e.getMessage(), e);
      default -> new TransientFailureException(e.getMessage(), e);
    };
  }

  private static ClusterInfo mapped(JsonObject cluster, String project, String location) {
    try {
      return ClusterJson.toClusterInfo(cluster, project, location);
    } catch (ClusterJson.InvalidClusterException e) {
      // Not what the API answers: a proxy or a broken answer, which a later attempt may not repeat.
      throw new TransientFailureException("GKE API answered a cluster with a " + e.getMessage(), e);
    }
  }
}
