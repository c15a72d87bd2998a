package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.GkeEvent;
import java.util.List;

/** PodDisruptionBudgets: the drain an {@code UpgradeInfoEvent} of type DISRUPTION_EVENT reports. */
final class PdbRule implements Rule {
  @Override
  public List<Blocker> blockers(Input input) {
    if (input.trigger() instanceof GkeEvent.UpgradeInfo info
        && GkeEvent.UpgradeInfo.DISRUPTION_EVENT.equals(info.eventType())) {
      return info.disruptionEvent()
          .<List<Blocker>>map(d -> List.of(new Blocker.PodDisruption(d)))
          .orElse(List.of());
    }
    return List.of();
  }
}
