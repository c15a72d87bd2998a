package dev.upgradesentinel.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the assessment needs to know about one node pool.
 *
 * @param name the node pool name
 * @param imageType the node image type as GKE reports it (for example {@code COS}); empty when the
 *     pool has no config or the field is unset
 * @param version the node version of the pool; empty when unknown
 * @param nodeCount the current node count, or -1 when unknown
 * @param exclusionUntilEndOfSupport whether the pool has its own maintenance exclusion until the
 *     end of support ({@code maintenancePolicy.exclusionUntilEndOfSupport.enabled})
 * @param exclusionEnd that exclusion's end as GKE gives it: the end of support of the control
 *     plane's version (extended support on the Extended channel); empty when not given
 * @param machineType the nodes' machine type ({@code e2-standard-4}); empty when unknown
 * @param upgradeSettings how GKE upgrades the pool's nodes; empty when the pool does not say
 * @param autoUpgradeStart when GKE starts the pool's coming automatic upgrade, as it announces it
 *     ({@code management.upgradeOptions.autoUpgradeStartTime}); empty when none is announced
 */
public record NodePoolInfo(
    String name,
    String imageType,
    String version,
    int nodeCount,
    boolean exclusionUntilEndOfSupport,
    Optional<Instant> exclusionEnd,
    String machineType,
    Optional<UpgradeSettings> upgradeSettings,
    Optional<Instant> autoUpgradeStart) {
  public NodePoolInfo {
    Objects.requireNonNull(autoUpgradeStart, "autoUpgradeStart == null");
    Objects.requireNonNull(machineType, "machineType == null");
    Objects.requireNonNull(upgradeSettings, "upgradeSettings == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(imageType, "imageType == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(exclusionEnd, "exclusionEnd == null");
  }

  /** A pool whose machine type and upgrade settings are not known. */
  public NodePoolInfo(
      String name,
      String imageType,
      String version,
      int nodeCount,
      boolean exclusionUntilEndOfSupport,
      Optional<Instant> exclusionEnd) {
    this(
        name,
        imageType,
        version,
        nodeCount,
        exclusionUntilEndOfSupport,
        exclusionEnd,
        "",
        Optional.empty(),
        Optional.empty());
  }

  /**
   * A node pool's {@code upgradeSettings}.
   *
   * @param strategy {@code SURGE} or {@code BLUE_GREEN}; empty when not given, which is surge
   * @param maxSurge how many nodes GKE adds above the pool's size while it upgrades
   * @param maxUnavailable how many nodes may be down at once while it upgrades
   */
  public record UpgradeSettings(String strategy, int maxSurge, int maxUnavailable) {
    public UpgradeSettings {
      Objects.requireNonNull(strategy, "strategy == null");
    }

    /** Whether GKE replaces the whole pool at once, needing room for twice its nodes. */
    public boolean blueGreen() {
      return "BLUE_GREEN".equals(strategy);
    }
  }

  /** A pool without a maintenance exclusion of its own. */
  public NodePoolInfo(String name, String imageType, String version, int nodeCount) {
    this(name, imageType, version, nodeCount, false, Optional.empty());
  }
}
