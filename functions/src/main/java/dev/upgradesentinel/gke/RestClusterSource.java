package dev.upgradesentinel.gke;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.googleapis.GoogleApiException;
import dev.upgradesentinel.googleapis.GoogleRest;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads clusters from the GKE API's REST form ({@code GKE_API_TRANSPORT=rest}, as deployed): {@code
 * GET /v1/projects/P/locations/L/clusters/C} and {@code .../locations/-/clusters}, over the JDK's
 * HTTP client, with Application Default Credentials, or from a plaintext emulator.
 *
 * <p>It reads the answers as JSON straight into the model ({@link ClusterJson}), without the GKE
 * client library: a cold instance then loads none of the library's generated messages (some 500
 * classes for a cluster) and stubs before its first notification is answered. The same requests,
 * errors and retries as {@link ApiClusterSource}, its gRPC counterpart.
 */
public final class RestClusterSource implements ClusterSource, Warmable {
  private static final Logger logger = Logger.getLogger(RestClusterSource.class.getName());

  /** The retries of {@link ApiClusterSource#DEFAULT_RETRY}: 20 s in all, 10 s an attempt. */
  static final GoogleRest.Retry DEFAULT_RETRY =
      new GoogleRest.Retry(
          Duration.ofSeconds(20),
          Duration.ofSeconds(10),
          Duration.ofMillis(250),
          2.0,
          Duration.ofSeconds(4),
          0);

  private final GoogleRest api;

  RestClusterSource(GoogleRest api) {
    this.api = Objects.requireNonNull(api, "api == null");
  }

  /**
   * The source for the real GKE API, or for an emulator.
   *
   * @param emulatorHostOrNull {@code host:port} of a plaintext HTTP GKE API without credentials, or
   *     {@code null} for the real API with Application Default Credentials
   * @param http the instance's HTTP client
   */
  public static RestClusterSource create(String emulatorHostOrNull, HttpClient http) {
    return create(emulatorHostOrNull, http, DEFAULT_RETRY);
  }

  static RestClusterSource create(
      String emulatorHostOrNull, HttpClient http, GoogleRest.Retry retry) {
    return new RestClusterSource(
        GoogleRest.forApi("container.googleapis.com", emulatorHostOrNull, http, retry));
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
      cluster =
          api.get(
              "/v1/projects/"
                  + GoogleRest.segment(ref.project())
                  + "/locations/"
                  + GoogleRest.segment(ref.location())
                  + "/clusters/"
                  + GoogleRest.segment(ref.name()));
    } catch (GoogleApiException e) {
      if (e.status().equals("NOT_FOUND")) {
        throw new ClusterNotFoundException(ref, e);
      }
      throw translate(e);
    }
    return mapped(cluster, ref.project(), ref.location());
  }

  /**
   * {@inheritDoc}
   *
   * <p>As {@link ApiClusterSource#list}: an unknown project is a {@link ClusterAccessException},
   * and an answer missing some zones is logged and used.
   */
  @Override
  public List<ClusterInfo> list(String project) {
    Objects.requireNonNull(project, "project == null");
    JsonObject answer;
    try {
      answer = api.get("/v1/projects/" + GoogleRest.segment(project) + "/locations/-/clusters");
    } catch (GoogleApiException e) {
      if (e.status().equals("NOT_FOUND")) {
        throw new ClusterAccessException(e.getMessage(), e);
      }
      throw translate(e);
    }
    List<String> missingZones = strings(answer.get("missingZones"));
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

  /** Loads the credentials and fetches their first token. */
  @Override
  public void warmUp() {
    api.warmUp();
  }

  private static ClusterInfo mapped(JsonObject cluster, String project, String location) {
    try {
      return ClusterJson.toClusterInfo(cluster, project, location);
    } catch (ClusterJson.InvalidClusterException e) {
      // Not what the API answers: a proxy or a broken answer, which a later attempt may not repeat.
      throw new TransientFailureException("GKE API answered a cluster with a " + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonElement element) {
    List<String> values = new ArrayList<>();
    if (element != null && element.isJsonArray()) {
      for (JsonElement value : (JsonArray) element) {
        if (value.isJsonPrimitive()) {
          values.add(value.getAsString());
        }
      }
    }
    return values;
  }

  private static RuntimeException translate(GoogleApiException e) {
    return ApiClusterSource.failure(e.status(), e.getMessage(), e);
  }
}
