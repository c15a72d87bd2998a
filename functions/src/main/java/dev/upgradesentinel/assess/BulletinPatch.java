package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a security bulletin means for one cluster, from GKE's answer: whether the control plane is
 * patched, whether GKE's patch target covers the bulletin's patched version for the cluster's
 * minor, and whether a maintenance exclusion keeps that patch out ({@code NO_UPGRADES} holds
 * patches; {@code NO_MINOR_UPGRADES} does not). Pure: the moment is given.
 *
 * @param state where the patch stands
 * @param fix the bulletin's patched version for the cluster's minor; empty when it lists none
 * @param patchTarget GKE's patch target, when it gave one
 * @param holding the {@code NO_UPGRADES} exclusion that keeps the patch out, when {@code HELD}
 * @param nextWindow when the next maintenance window opens, when {@code ARRIVES} and known
 * @param minorOnlyExclusion whether an exclusion in effect holds minor upgrades only
 * @param command the manual control plane upgrade to the version that brings the fix
 */
public record BulletinPatch(
    State state,
    Optional<String> fix,
    Optional<String> patchTarget,
    Optional<Hold> holding,
    Optional<Instant> nextWindow,
    boolean minorOnlyExclusion,
    String command) {

  /** Where a cluster's patch for a bulletin stands. */
  public enum State {
    /** The control plane runs the patched version or later. */
    PATCHED,
    /** GKE's patch target covers the fix and nothing holds it: it arrives by itself. */
    ARRIVES,
    /** GKE's patch target covers the fix, but a {@code NO_UPGRADES} exclusion holds it. */
    HELD,
    /** GKE's patch target does not include the fix yet. */
    NOT_IN_TARGET,
    /** GKE names no patch target: whether the patch comes by itself cannot be told. */
    NO_TARGET,
    /** The bulletin lists no patched version of the cluster's minor. */
    NO_PATCH_FOR_MINOR;

    /** Whether someone has to act for the patch to land. */
    public boolean needsAction() {
      return this == HELD || this == NOT_IN_TARGET || this == NO_PATCH_FOR_MINOR;
    }
  }

  public BulletinPatch {
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(fix, "fix == null");
    Objects.requireNonNull(patchTarget, "patchTarget == null");
    Objects.requireNonNull(holding, "holding == null");
    Objects.requireNonNull(nextWindow, "nextWindow == null");
    Objects.requireNonNull(command, "command == null");
  }

  /**
   * The patch of {@code bulletin} for the cluster; empty when GKE's answer was not read or the
   * control plane's version cannot be read.
   */
  public static Optional<BulletinPatch> of(
      GkeEvent.SecurityBulletin bulletin, ClusterInfo cluster, UpgradeStatus status, Instant now) {
    Optional<GkeVersion> current = GkeVersion.tryParse(cluster.controlPlaneVersion());
    if (status.info().isEmpty() || current.isEmpty()) {
      return Optional.empty();
    }
    UpgradeInfo info = status.info().get();
    String minor = current.get().minor();
    Optional<GkeVersion> fix =
        bulletin.patchedVersions().stream()
            .map(GkeVersion::tryParse)
            .flatMap(Optional::stream)
            .filter(v -> v.minor().equals(minor))
            .min(Comparator.naturalOrder());
    List<Hold> exclusions =
        status.holds().stream().filter(h -> h.kind().equals("MAINTENANCE_EXCLUSION")).toList();
    Optional<Hold> holding =
        exclusions.stream().filter(h -> h.scope().orElse("").equals("NO_UPGRADES")).findFirst();
    boolean minorOnly =
        exclusions.stream().anyMatch(h -> !h.scope().orElse("").equals("NO_UPGRADES"));
    Optional<String> target = info.patchTargetVersion();
    if (fix.isEmpty()) {
      String suggested = bulletin.suggestedUpgradeTarget().strip();
      return Optional.of(
          new BulletinPatch(
              State.NO_PATCH_FOR_MINOR,
              Optional.empty(),
              target,
              Optional.empty(),
              Optional.empty(),
              minorOnly,
              GkeVersion.tryParse(suggested).isPresent()
                  ? Commands.upgradeControlPlane(cluster.ref(), suggested)
                  : ""));
    }
    String fixed = fix.get().toString();
    if (current.get().isAtLeast(fix.get())) {
      return Optional.of(
          new BulletinPatch(
              State.PATCHED,
              Optional.of(fixed),
              target,
              Optional.empty(),
              Optional.empty(),
              minorOnly,
              ""));
    }
    Optional<GkeVersion> targetVersion = target.flatMap(GkeVersion::tryParse);
    if (targetVersion.isEmpty()) {
      return Optional.of(
          new BulletinPatch(
              State.NO_TARGET,
              Optional.of(fixed),
              target,
              Optional.empty(),
              Optional.empty(),
              minorOnly,
              Commands.upgradeControlPlane(cluster.ref(), fixed)));
    }
    if (targetVersion.get().isBelow(fix.get())) {
      return Optional.of(
          new BulletinPatch(
              State.NOT_IN_TARGET,
              Optional.of(fixed),
              target,
              Optional.empty(),
              Optional.empty(),
              minorOnly,
              Commands.upgradeControlPlane(cluster.ref(), fixed)));
    }
    String upgrade = Commands.upgradeControlPlane(cluster.ref(), targetVersion.get().toString());
    if (holding.isPresent()) {
      return Optional.of(
          new BulletinPatch(
              State.HELD,
              Optional.of(fixed),
              target,
              holding,
              Optional.empty(),
              minorOnly,
              upgrade));
    }
    return Optional.of(
        new BulletinPatch(
            State.ARRIVES,
            Optional.of(fixed),
            target,
            Optional.empty(),
            cluster.maintenancePolicy().window().flatMap(w -> Holds.nextWindowStart(w, now)),
            minorOnly,
            upgrade));
  }
}
