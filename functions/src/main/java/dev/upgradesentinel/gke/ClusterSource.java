package dev.upgradesentinel.gke;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeOperation;
import java.time.Duration;
import java.util.List;

/**
 * Where clusters are read from: the GKE API, or a file of clusters for offline runs.
 *
 * <p>Implementations throw {@link dev.upgradesentinel.base.TransientFailureException} when a retry
 * may help (the API is unavailable, a deadline passed, the quota is exhausted).
 */
public interface ClusterSource {

  /**
   * Reads one cluster with its node pools.
   *
   * @throws ClusterNotFoundException when the cluster does not exist
   * @throws ClusterAccessException when the caller may not read it, or the request is invalid
   */
  ClusterInfo get(ClusterRef ref);

  /**
   * Lists every cluster of a project, in every location, with node pools, in one request.
   *
   * @throws ClusterAccessException when the caller may not list the project's clusters
   */
  List<ClusterInfo> list(String project);

  /**
   * GKE's own answer about the cluster's upgrades.
   *
   * @throws ClusterNotFoundException when the cluster does not exist
   * @throws ClusterAccessException when it cannot be asked here: offline, refused, API disabled
   * @throws dev.upgradesentinel.base.TransientFailureException when the API is unavailable
   */
  default UpgradeInfo upgradeInfo(ClusterRef ref) {
    throw new ClusterAccessException("this cluster source does not read GKE's upgrade info", null);
  }

  /**
   * GKE's own answer about the cluster's upgrades, within {@code within}, retries included, for a
   * caller that goes on without it.
   */
  default UpgradeInfo upgradeInfo(ClusterRef ref, Duration within) {
    return upgradeInfo(ref);
  }

  /**
   * GKE's own answer about one node pool's upgrades, within {@code within}, retries included.
   *
   * @throws ClusterAccessException when it cannot be asked here
   */
  default UpgradeInfo nodePoolUpgradeInfo(ClusterRef ref, String pool, Duration within) {
    throw new ClusterAccessException(
        "this cluster source does not read GKE's node pool upgrade info", null);
  }

  /**
   * The GKE operation an upgrade event names, within {@code within}, retries included.
   *
   * @param operation the operation's id, or its resource name ({@code
   *     projects/P/locations/L/operations/ID}), whose location then wins over the cluster's
   * @throws ClusterNotFoundException when GKE has no such operation
   * @throws ClusterAccessException when it cannot be asked here
   */
  default UpgradeOperation operation(ClusterRef ref, String operation, Duration within) {
    throw new ClusterAccessException("this cluster source does not read GKE's operations", null);
  }
}
