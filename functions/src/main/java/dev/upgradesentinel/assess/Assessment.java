package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict for one cluster and the plan that clears it.
 *
 * @param cluster the cluster as read
 * @param verdict the verdict
 * @param cause why
 * @param trigger the notification's event the verdict considered, or {@code null} for on-demand
 *     checks
 * @param wallVersion the version that puts the cluster at the wall (the control plane's, or the
 *     event's target or patched version); empty unless the verdict is BLOCKED
 * @param dockerPools every node pool on a Docker-based image type, in GKE's order
 * @param autoprovisioning the NAP fix, or {@code null} when NAP's default is not Docker-based
 */
public record Assessment(
    ClusterInfo cluster,
    Verdict verdict,
    Cause cause,
    GkeEvent trigger,
    String wallVersion,
    List<PoolPlan> dockerPools,
    NapPlan autoprovisioning) {
  public Assessment {
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(verdict, "verdict == null");
    Objects.requireNonNull(cause, "cause == null");
    Objects.requireNonNull(wallVersion, "wallVersion == null");
    dockerPools = List.copyOf(Objects.requireNonNull(dockerPools, "dockerPools == null"));
  }

  public ClusterRef ref() {
    return cluster.ref();
  }

  public Optional<GkeEvent> triggerEvent() {
    return Optional.ofNullable(trigger);
  }

  public Optional<NapPlan> autoprovisioningPlan() {
    return Optional.ofNullable(autoprovisioning);
  }

  /** The cluster's page in the Google Cloud console. */
  public String consoleUrl() {
    ClusterRef ref = cluster.ref();
    return "https://console.cloud.google.com/kubernetes/clusters/details/"
        + ref.location()
        + "/"
        + ref.name()
        + "/details?project="
        + ref.project();
  }
}
