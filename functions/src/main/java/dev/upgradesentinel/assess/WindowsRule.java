package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.NodePoolInfo;
import java.util.List;
import java.util.Optional;

/**
 * Windows Server node pools and containerd 2. Windows nodes move from containerd 1.7 to 2.0 with
 * GKE 1.35, and GKE cannot detect on Windows whether workloads use what 2.0 removed, so it holds
 * every cluster with Windows Server nodes at 1.34, whatever they use, until someone upgrades it by
 * hand. BLOCKED at the hold (control plane on 1.34 or later, or the event takes the cluster to
 * 1.35), AT_RISK one minor before.
 */
final class WindowsRule implements Rule {
  /** The minor at which GKE holds clusters with Windows Server nodes. */
  static final GkeVersion HOLD = GkeVersion.parse("1.34");

  /** The first minor whose Windows nodes run containerd 2.0. */
  static final GkeVersion CONTAINERD_2 = GkeVersion.parse("1.35");

  /** One minor before the hold: time to check the workloads. */
  static final GkeVersion WARNING = GkeVersion.parse("1.33");

  @Override
  public List<Blocker> blockers(Input input) {
    ClusterInfo cluster = input.cluster();
    List<NodePoolInfo> pools =
        cluster.nodePools().stream()
            .filter(pool -> ImageTypes.isWindows(pool.imageType()))
            .filter(
                pool ->
                    GkeVersion.tryParse(pool.version())
                        .map(v -> v.isBelow(CONTAINERD_2))
                        .orElse(true))
            .toList();
    if (cluster.autopilot() || pools.isEmpty()) {
      return List.of();
    }
    Optional<GkeVersion> controlPlane = GkeVersion.tryParse(cluster.controlPlaneVersion());
    if (controlPlane.isPresent() && controlPlane.get().isAtLeast(HOLD)) {
      return List.of(
          blocker(
              cluster,
              Verdict.BLOCKED,
              Cause.CONTROL_PLANE_AT_WALL,
              cluster.controlPlaneVersion(),
              pools));
    }
    GkeEvent trigger = input.trigger();
    if (trigger instanceof GkeEvent.SecurityBulletin bulletin) {
      Optional<GkeVersion> lowest = Events.lowestPatchedVersion(bulletin);
      if (lowest.isPresent() && lowest.get().isAtLeast(CONTAINERD_2)) {
        return List.of(
            blocker(
                cluster,
                Verdict.BLOCKED,
                Cause.BULLETIN_PATCHED_ONLY_PAST_WALL,
                lowest.get().toString(),
                pools));
      }
    }
    Optional<GkeVersion> target = Events.targetVersion(trigger);
    if (target.isPresent() && target.get().isAtLeast(CONTAINERD_2)) {
      return List.of(
          blocker(
              cluster, Verdict.BLOCKED, Cause.EVENT_TARGETS_WALL, target.get().toString(), pools));
    }
    if (controlPlane.isPresent() && controlPlane.get().isAtLeast(WARNING)) {
      return List.of(blocker(cluster, Verdict.AT_RISK, Cause.BELOW_WALL, "", pools));
    }
    return List.of();
  }

  private static Blocker blocker(
      ClusterInfo cluster, Verdict verdict, Cause cause, String wall, List<NodePoolInfo> pools) {
    return new Blocker.WindowsContainerd(
        verdict,
        cause,
        wall,
        pools,
        Commands.upgradeControlPlane(cluster.ref(), CONTAINERD_2.minor()),
        pools.stream().map(p -> Commands.upgradePoolNodes(cluster.ref(), p.name())).toList());
  }
}
