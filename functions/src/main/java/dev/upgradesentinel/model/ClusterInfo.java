package dev.upgradesentinel.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GKE cluster reduced to what the assessment and the guidance need, free of protobuf types.
 *
 * @param ref project, location and name
 * @param autopilot whether the cluster runs in Autopilot mode
 * @param controlPlaneVersion the current control plane version; empty when unknown
 * @param releaseChannel the release channel (for example {@code REGULAR}); empty when none
 * @param nodePools the node pools, in the order GKE lists them
 * @param autoprovisioningEnabled whether node auto-provisioning is on
 * @param autoprovisioningImageType NAP's default image type; empty when unset
 * @param labels the cluster's resource labels
 * @param maintenancePolicy its maintenance window, exclusions and disruption budget
 */
public record ClusterInfo(
    ClusterRef ref,
    boolean autopilot,
    String controlPlaneVersion,
    String releaseChannel,
    List<NodePoolInfo> nodePools,
    boolean autoprovisioningEnabled,
    String autoprovisioningImageType,
    Map<String, String> labels,
    MaintenancePolicy maintenancePolicy) {
  public ClusterInfo {
    Objects.requireNonNull(ref, "ref == null");
    Objects.requireNonNull(controlPlaneVersion, "controlPlaneVersion == null");
    Objects.requireNonNull(releaseChannel, "releaseChannel == null");
    nodePools = List.copyOf(Objects.requireNonNull(nodePools, "nodePools == null"));
    Objects.requireNonNull(autoprovisioningImageType, "autoprovisioningImageType == null");
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels == null"));
    Objects.requireNonNull(maintenancePolicy, "maintenancePolicy == null");
  }

  /** The node pool of that name, if the cluster has one. */
  public Optional<NodePoolInfo> nodePool(String name) {
    return nodePools.stream().filter(pool -> pool.name().equals(name)).findFirst();
  }

  /** A cluster whose maintenance policy is not known, or that has none. */
  public ClusterInfo(
      ClusterRef ref,
      boolean autopilot,
      String controlPlaneVersion,
      String releaseChannel,
      List<NodePoolInfo> nodePools,
      boolean autoprovisioningEnabled,
      String autoprovisioningImageType,
      Map<String, String> labels) {
    this(
        ref,
        autopilot,
        controlPlaneVersion,
        releaseChannel,
        nodePools,
        autoprovisioningEnabled,
        autoprovisioningImageType,
        labels,
        MaintenancePolicy.NONE);
  }
}
