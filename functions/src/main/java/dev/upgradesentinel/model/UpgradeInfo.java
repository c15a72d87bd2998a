package dev.upgradesentinel.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * GKE's own answer about a cluster's (or a node pool's) upgrades, as {@code
 * fetchClusterUpgradeInfo} and {@code fetchNodePoolUpgradeInfo} give it. Enum values are kept as
 * the API spelled them, those this code does not know included, so a value added later is shown
 * rather than lost.
 *
 * @param autoUpgradeStatus {@code ACTIVE}, {@code MINOR_UPGRADE_PAUSED}, {@code UPGRADE_PAUSED},
 *     ...
 * @param pausedReasons why auto-upgrades are paused: {@code MAINTENANCE_WINDOW}, {@code
 *     MAINTENANCE_EXCLUSION_NO_UPGRADES}, {@code SYSTEM_CONFIG}, ...; empty when none is given
 * @param minorTargetVersion the version a minor auto-upgrade would take it to, when GKE set one
 * @param patchTargetVersion the version a patch auto-upgrade would take it to, when GKE set one
 * @param endOfStandardSupport the end of standard support of its current minor version
 * @param endOfExtendedSupport the end of extended support of its current minor version
 * @param upgrades the recent upgrades GKE lists, in the order given
 * @param rollbackSafeUntil while the control plane is in rollback-safe mode, when that ends
 */
public record UpgradeInfo(
    List<String> autoUpgradeStatus,
    List<String> pausedReasons,
    Optional<String> minorTargetVersion,
    Optional<String> patchTargetVersion,
    Optional<Instant> endOfStandardSupport,
    Optional<Instant> endOfExtendedSupport,
    List<Upgrade> upgrades,
    Optional<Instant> rollbackSafeUntil) {

  public UpgradeInfo {
    autoUpgradeStatus = List.copyOf(autoUpgradeStatus);
    pausedReasons = List.copyOf(pausedReasons);
    Objects.requireNonNull(minorTargetVersion, "minorTargetVersion == null");
    Objects.requireNonNull(patchTargetVersion, "patchTargetVersion == null");
    Objects.requireNonNull(endOfStandardSupport, "endOfStandardSupport == null");
    Objects.requireNonNull(endOfExtendedSupport, "endOfExtendedSupport == null");
    upgrades = List.copyOf(upgrades);
    Objects.requireNonNull(rollbackSafeUntil, "rollbackSafeUntil == null");
  }

  /** Whether GKE reports minor or all automatic upgrades paused. */
  public boolean paused() {
    return autoUpgradeStatus.stream().anyMatch(s -> s.endsWith("_PAUSED"));
  }

  /** The upgrade that started last, if GKE listed any. */
  public Optional<Upgrade> lastUpgrade() {
    return upgrades.stream()
        .filter(u -> u.startTime().isPresent())
        .max((a, b) -> a.startTime().get().compareTo(b.startTime().get()))
        .or(() -> upgrades.isEmpty() ? Optional.empty() : Optional.of(upgrades.get(0)));
  }

  /**
   * One upgrade GKE lists ({@code UpgradeDetails}).
   *
   * @param state {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code CANCELED}, ...
   * @param startType {@code AUTOMATIC} or {@code MANUAL}; empty when not given
   */
  public record Upgrade(
      String state,
      String initialVersion,
      String targetVersion,
      Optional<Instant> startTime,
      Optional<Instant> endTime,
      String startType) {
    public Upgrade {
      Objects.requireNonNull(state, "state == null");
      Objects.requireNonNull(initialVersion, "initialVersion == null");
      Objects.requireNonNull(targetVersion, "targetVersion == null");
      Objects.requireNonNull(startTime, "startTime == null");
      Objects.requireNonNull(endTime, "endTime == null");
      Objects.requireNonNull(startType, "startType == null");
    }
  }
}
