package dev.upgradesentinel.assess;

import java.util.Objects;

/**
 * How to move one Docker-based node pool to containerd.
 *
 * @param name the node pool
 * @param imageType its current, Docker-based image type as GKE reports it
 * @param version its node version; empty when unknown
 * @param replacementImageType the containerd image type to move to
 * @param command the gcloud command that changes the image type
 * @param minimumVersion the lowest node version the replacement runs on
 * @param nodeUpgradeCommand the gcloud command that upgrades the pool's nodes first; empty when the
 *     pool's version already supports the replacement
 */
public record PoolPlan(
    String name,
    String imageType,
    String version,
    String replacementImageType,
    String command,
    String minimumVersion,
    String nodeUpgradeCommand) {
  public PoolPlan {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(imageType, "imageType == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(replacementImageType, "replacementImageType == null");
    Objects.requireNonNull(command, "command == null");
    Objects.requireNonNull(minimumVersion, "minimumVersion == null");
    Objects.requireNonNull(nodeUpgradeCommand, "nodeUpgradeCommand == null");
  }

  /** Whether the pool's nodes must be upgraded before the image type can change. */
  public boolean needsNodeUpgradeFirst() {
    return !nodeUpgradeCommand.isEmpty();
  }
}
