package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.GkeEvent;
import java.util.Comparator;
import java.util.Optional;

/** The versions a notification's event names, as the rules compare them. */
final class Events {
  private Events() {}

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
}
