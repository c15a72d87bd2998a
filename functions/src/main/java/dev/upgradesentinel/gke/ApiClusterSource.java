package dev.upgradesentinel.gke;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads clusters from the GKE API over gRPC, through the GKE client library, with Application
 * Default Credentials or, for tests and local runs, from a plaintext emulator. {@link
 * RestClusterSource} reads the API's REST form, as deployed.
 *
 * <p>One {@link ClusterManagerClient} is created per instance on first use and shared by every call
 * and thread: creating it opens channels and loads credentials, which is too slow to do per event.
 * {@link #close()} releases it.
 */
public final class ApiClusterSource implements ClusterSource, Warmable, AutoCloseable {

  private static final Logger logger = Logger.getLogger(ApiClusterSource.class.getName());

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  /**
   * Retries for getCluster and listClusters. Both are reads, so UNAVAILABLE and DEADLINE_EXCEEDED
   * are retried in the client. The whole call, retries included, is capped at 20 s: a function has
   * 60 s by default and still has to post its guidance, and a cluster that cannot be read in 20 s
   * is better left to a Pub/Sub redelivery than to the function timeout. Each attempt gets at most
   * 10 s so that one stuck attempt still leaves room for another.
   */
  static final RetrySettings DEFAULT_RETRY =
      RetrySettings.newBuilder()
          .setTotalTimeoutDuration(Duration.ofSeconds(20))
          .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
          .setRpcTimeoutMultiplier(1.0)
          .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
          .setInitialRetryDelayDuration(Duration.ofMillis(250))
          .setRetryDelayMultiplier(2.0)
          .setMaxRetryDelayDuration(Duration.ofSeconds(4))
          .build();

  /** Creates the client; a seam so tests can count creations. */
  @FunctionalInterface
  interface ClientFactory {
    ClusterManagerClient create() throws IOException;
  }

  private final ClientFactory factory;
  private final Object lock = new Object();
  private volatile ClusterManagerClient client;
  private boolean closed; // guarded by lock

  ApiClusterSource(ClientFactory factory) {
    this.factory = Objects.requireNonNull(factory, "factory == null");
  }

  /**
   * Returns a source for the real GKE API, or for an emulator.
   *
   * @param emulatorHostOrNull {@code host:port} of a GKE API speaking plaintext gRPC without
   *     credentials; {@code null} or blank for the real API with Application Default Credentials
   */
  public static ApiClusterSource create(String emulatorHostOrNull) {
    return create(emulatorHostOrNull, DEFAULT_RETRY);
  }

  static ApiClusterSource create(String emulatorHostOrNull, RetrySettings retry) {
    return new ApiClusterSource(
        () -> ClusterManagerClient.create(settings(emulatorHostOrNull, retry)));
  }

  static ClusterManagerSettings settings(String emulatorHostOrNull, RetrySettings retry)
      throws IOException {
    ClusterManagerSettings.Builder builder = ClusterManagerSettings.newBuilder();
    if (emulatorHostOrNull != null && !emulatorHostOrNull.isBlank()) {
      builder
          .setTransportChannelProvider(
              InstantiatingGrpcChannelProvider.newBuilder()
                  .setEndpoint(emulatorHostOrNull)
                  .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                  .build())
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    return withRetries(builder, retry).build();
  }

  private static ClusterManagerSettings.Builder withRetries(
      ClusterManagerSettings.Builder builder, RetrySettings retry) {
    builder
        .getClusterSettings()
        .setRetrySettings(retry)
        .setRetryableCodes(StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED);
    builder
        .listClustersSettings()
        .setRetrySettings(retry)
        .setRetryableCodes(StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED);
    return builder;
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
    Cluster cluster;
    try {
      cluster =
          client().getCluster(GetClusterRequest.newBuilder().setName(ref.resourceName()).build());
    } catch (ApiException e) {
      if (e.getStatusCode().getCode() == StatusCode.Code.NOT_FOUND) {
        throw new ClusterNotFoundException(ref, e);
      }
      throw translate(e);
    }
    return mapped(cluster, ref.project(), ref.location());
  }

  /**
   * {@inheritDoc}
   *
   * <p>A project the API does not know (NOT_FOUND) is reported as a {@link ClusterAccessException}:
   * asking again will not make it exist. When GKE could not reach some zones the answer is
   * incomplete; that is logged as a warning and the clusters it did return are still returned.
   *
   * @throws TransientFailureException when the API is unavailable, slow or out of quota
   */
  @Override
  public List<ClusterInfo> list(String project) {
    Objects.requireNonNull(project, "project == null");
    ListClustersResponse response;
    try {
      response =
          client()
              .listClusters(
                  ListClustersRequest.newBuilder()
                      .setParent("projects/" + project + "/locations/-")
                      .build());
    } catch (ApiException e) {
      if (e.getStatusCode().getCode() == StatusCode.Code.NOT_FOUND) {
        throw new ClusterAccessException(describe(e), e);
      }
      throw translate(e);
    }
    if (response.getMissingZonesCount() > 0) {
      logger.log(
          Level.WARNING,
          "cluster list is incomplete, GKE could not reach some zones project={0} missingZones={1}",
          new Object[] {project, String.join(",", response.getMissingZonesList())});
    }
    return response.getClustersList().stream()
        .map(cluster -> mapped(cluster, project, "-"))
        .toList();
  }

  /** Closes the client if one was created; later calls fail with {@link IllegalStateException}. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }

  /** Builds the client: its transport, its settings and the classes of the cluster's shape. */
  @Override
  public void warmUp() {
    client();
  }

  private ClusterManagerClient client() {
    ClusterManagerClient current = client;
    if (current != null) {
      return current;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("ApiClusterSource is closed");
      }
      if (client == null) {
        try {
          client = factory.create();
        } catch (IOException e) {
          // Mostly missing credentials: a configuration problem that a retry does not fix.
          throw new ClusterAccessException("GKE API client could not be created: " + e, e);
        }
        logger.fine("GKE API client created");
      }
      return client;
    }
  }

  /**
   * The cluster through the one mapping every cluster takes: the proto printed in its JSON form,
   * which is the REST shape, then read by {@link ClusterJson}.
   */
  private static ClusterInfo mapped(Cluster cluster, String project, String location) {
    String json;
    try {
      json = PRINTER.print(cluster);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a GKE cluster proto has no JSON form", e);
    }
    return ClusterJson.toClusterInfo(
        JsonParser.parseString(json).getAsJsonObject(), project, location);
  }

  private static RuntimeException translate(ApiException e) {
    return failure(e.getStatusCode().getCode().name(), describe(e), e);
  }

  /**
   * What a failed read of the GKE API is, by its canonical status: a request the caller may not
   * make, or that is wrong, is not retried ({@link ClusterAccessException}); anything else may pass
   * ({@link TransientFailureException}). NOT_FOUND is each call's own to answer.
   */
  static RuntimeException failure(String status, String description, Throwable cause) {
    return switch (status) {
      case "PERMISSION_DENIED", "INVALID_ARGUMENT", "FAILED_PRECONDITION", "UNAUTHENTICATED" ->
          new ClusterAccessException(description, cause);
      default -> new TransientFailureException(description, cause);
    };
  }

  /** {@code CODE: description}, with the description the server sent rather than a class name. */
  private static String describe(ApiException e) {
    String code = e.getStatusCode().getCode().name();
    String description = Status.fromThrowable(e).getDescription();
    return description == null || description.isBlank() ? code : code + ": " + description;
  }
}
