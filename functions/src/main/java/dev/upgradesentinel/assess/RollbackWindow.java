package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.UpgradeStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The control plane runs a new minor's binaries while it still emulates the previous minor: the
 * first step of a two-step (rollback-safe) upgrade, which can be rolled back until the window ends.
 *
 * @param until when the rollback-safe mode ends, from GKE's answer; empty when it was not read
 * @param version the control plane's version now
 * @param emulated the minor it emulates, from the event; empty when only GKE's answer told
 * @param complete the command that takes the second step now
 * @param describe the command that shows GKE's answer, with the version it can go back to
 */
public record RollbackWindow(
    Optional<Instant> until, String version, String emulated, String complete, String describe) {
  public RollbackWindow {
    Objects.requireNonNull(until, "until == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(emulated, "emulated == null");
    Objects.requireNonNull(complete, "complete == null");
    Objects.requireNonNull(describe, "describe == null");
  }

  /**
   * The window the cluster is in, when GKE's answer says rollback-safe mode lasts past {@code now},
   * or a control plane upgrade that succeeded left the control plane emulating another minor than
   * it runs. Empty otherwise.
   */
  public static Optional<RollbackWindow> of(
      ClusterInfo cluster, GkeEvent event, UpgradeStatus status, Instant now) {
    Optional<Instant> until =
        status.read()
            ? status.info().flatMap(info -> info.rollbackSafeUntil()).filter(t -> t.isAfter(now))
            : Optional.empty();
    String emulated = "";
    if (event instanceof GkeEvent.UpgradeInfo info
        && !info.nodePool()
        && info.lifecycle().filter(s -> s == GkeEvent.UpgradeState.SUCCEEDED).isPresent()
        && !info.targetEmulatedVersion().isEmpty()
        && GkeVersion.tryParse(info.targetVersion())
            .filter(v -> !v.minor().equals(info.targetEmulatedVersion()))
            .isPresent()) {
      emulated = info.targetEmulatedVersion();
    }
    if (until.isEmpty() && emulated.isEmpty()) {
      return Optional.empty();
    }
    if (status.read() && until.isEmpty()) {
      // GKE's own answer says the mode is over or was never entered; it knows better than the
      // event.
      return Optional.empty();
    }
    return Optional.of(
        new RollbackWindow(
            until,
            cluster.controlPlaneVersion(),
            emulated,
            Commands.completeControlPlaneUpgrade(cluster.ref()),
            Commands.getUpgradeInfo(cluster.ref())));
  }
}
