package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.NodePoolInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a cluster is, or will be, blocked at the 1.24 wall by Docker-based node images,
 * and plans the migration. Pure: no I/O, no clock.
 */
public final class Assessor {

  /** Assesses a cluster without an event, as on-demand checks do. */
  public Assessment assess(ClusterInfo cluster) {
    return assess(cluster, null);
  }

  /**
   * Assesses a cluster in the light of the event that triggered the check.
   *
   * @param trigger the notification's event, or {@code null}
   */
  public Assessment assess(ClusterInfo cluster, GkeEvent trigger) {
    if (cluster.autopilot()) {
      return new Assessment(
          cluster, Verdict.NOT_APPLICABLE, Cause.AUTOPILOT, trigger, "", List.of(), null);
    }
    List<PoolPlan> pools = dockerPools(cluster);
    NapPlan nap = autoprovisioningPlan(cluster);
    if (pools.isEmpty() && nap == null) {
      return new Assessment(
          cluster, Verdict.CLEAR, Cause.NO_DOCKER_IMAGES, trigger, "", List.of(), null);
    }
    Optional<GkeVersion> controlPlane = GkeVersion.tryParse(cluster.controlPlaneVersion());
    if (controlPlane.isPresent() && controlPlane.get().isAtLeast(GkeVersion.LAST_BEFORE_WALL)) {
      return new Assessment(
          cluster,
          Verdict.BLOCKED,
          Cause.CONTROL_PLANE_AT_WALL,
          trigger,
          cluster.controlPlaneVersion(),
          pools,
          nap);
    }
    if (trigger instanceof GkeEvent.SecurityBulletin bulletin) {
      Optional<GkeVersion> lowestPatch = lowestPatchedVersion(bulletin);
      if (lowestPatch.isPresent() && lowestPatch.get().isAtLeast(GkeVersion.WALL)) {
        return new Assessment(
            cluster,
            Verdict.BLOCKED,
            Cause.BULLETIN_PATCHED_ONLY_PAST_WALL,
            trigger,
            lowestPatch.get().toString(),
            pools,
            nap);
      }
    }
    Optional<GkeVersion> target = targetVersion(trigger);
    if (target.isPresent() && target.get().isAtLeast(GkeVersion.WALL)) {
      return new Assessment(
          cluster,
          Verdict.BLOCKED,
          Cause.EVENT_TARGETS_WALL,
          trigger,
          target.get().toString(),
          pools,
          nap);
    }
    return new Assessment(cluster, Verdict.AT_RISK, Cause.BELOW_WALL, trigger, "", pools, nap);
  }

  /**
   * The version an event moves the cluster to. A bulletin without patched versions counts its
   * suggested upgrade target; one with patched versions is judged by {@link #lowestPatchedVersion}.
   */
  static Optional<GkeVersion> targetVersion(GkeEvent event) {
    if (event instanceof GkeEvent.UpgradeAvailable available) {
      return GkeVersion.tryParse(available.version());
    }
    if (event instanceof GkeEvent.Upgrade upgrade) {
      return GkeVersion.tryParse(upgrade.targetVersion());
    }
    if (event instanceof GkeEvent.UpgradeInfo info) {
      return GkeVersion.tryParse(info.targetVersion());
    }
    if (event instanceof GkeEvent.SecurityBulletin bulletin
        && bulletin.patchedVersions().isEmpty()) {
      return GkeVersion.tryParse(bulletin.suggestedUpgradeTarget());
    }
    return Optional.empty();
  }

  /** The lowest version that patches a bulletin; empty when it names none that parse. */
  static Optional<GkeVersion> lowestPatchedVersion(GkeEvent.SecurityBulletin bulletin) {
    return bulletin.patchedVersions().stream()
        .map(GkeVersion::tryParse)
        .flatMap(Optional::stream)
        .min(Comparator.naturalOrder());
  }

  private static List<PoolPlan> dockerPools(ClusterInfo cluster) {
    ClusterRef ref = cluster.ref();
    List<PoolPlan> plans = new ArrayList<>();
    for (NodePoolInfo pool : cluster.nodePools()) {
      Optional<String> replacement = ImageTypes.replacementFor(pool.imageType());
      if (replacement.isEmpty()) {
        continue;
      }
      GkeVersion minimum = ImageTypes.containerdMinimumFor(pool.imageType());
      boolean tooOld =
          GkeVersion.tryParse(pool.version()).map(v -> v.isBelow(minimum)).orElse(false);
      plans.add(
          new PoolPlan(
              pool.name(),
              pool.imageType(),
              pool.version(),
              replacement.get(),
              Commands.migratePool(ref, pool.name(), replacement.get()),
              minimum.toString(),
              tooOld ? Commands.upgradePoolNodes(ref, pool.name()) : ""));
    }
    return plans;
  }

  private static NapPlan autoprovisioningPlan(ClusterInfo cluster) {
    if (!cluster.autoprovisioningEnabled()) {
      return null;
    }
    return ImageTypes.replacementFor(cluster.autoprovisioningImageType())
        .map(
            replacement ->
                new NapPlan(
                    cluster.autoprovisioningImageType(),
                    replacement,
                    Commands.migrateAutoprovisioning(cluster.ref(), replacement)))
        .orElse(null);
  }
}
