package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.NodePoolInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Docker-based node images and the 1.24 wall: BLOCKED when the cluster is at the wall, AT_RISK
 * before it, with the plan that migrates each pool and node auto-provisioning.
 */
final class DockerRule implements Rule {

  /** One blocker with the plan, or none for an Autopilot cluster or one without Docker images. */
  @Override
  public List<Blocker> blockers(Input input) {
    ClusterInfo cluster = input.cluster();
    if (cluster.autopilot()) {
      return List.of();
    }
    List<PoolPlan> pools = dockerPools(cluster);
    NapPlan nap = autoprovisioningPlan(cluster);
    if (pools.isEmpty() && nap == null) {
      return List.of();
    }
    return List.of(blocker(cluster, input.trigger(), pools, nap));
  }

  private static Blocker.DockerImages blocker(
      ClusterInfo cluster, GkeEvent trigger, List<PoolPlan> pools, NapPlan nap) {
    Optional<GkeVersion> controlPlane = GkeVersion.tryParse(cluster.controlPlaneVersion());
    if (controlPlane.isPresent() && controlPlane.get().isAtLeast(GkeVersion.LAST_BEFORE_WALL)) {
      return new Blocker.DockerImages(
          Verdict.BLOCKED, Cause.CONTROL_PLANE_AT_WALL, cluster.controlPlaneVersion(), pools, nap);
    }
    if (trigger instanceof GkeEvent.SecurityBulletin bulletin) {
      Optional<GkeVersion> lowestPatch = Events.lowestPatchedVersion(bulletin);
      if (lowestPatch.isPresent() && lowestPatch.get().isAtLeast(GkeVersion.WALL)) {
        return new Blocker.DockerImages(
            Verdict.BLOCKED,
            Cause.BULLETIN_PATCHED_ONLY_PAST_WALL,
            lowestPatch.get().toString(),
            pools,
            nap);
      }
    }
    Optional<GkeVersion> target = Events.targetVersion(trigger);
    if (target.isPresent() && target.get().isAtLeast(GkeVersion.WALL)) {
      return new Blocker.DockerImages(
          Verdict.BLOCKED, Cause.EVENT_TARGETS_WALL, target.get().toString(), pools, nap);
    }
    return new Blocker.DockerImages(Verdict.AT_RISK, Cause.BELOW_WALL, "", pools, nap);
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
