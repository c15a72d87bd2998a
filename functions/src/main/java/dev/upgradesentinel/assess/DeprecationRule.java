package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.Insight;
import java.util.Comparator;
import java.util.List;

/**
 * GKE's deprecation insights: each one on the cluster whose subtype pauses upgrades is a blocker,
 * whatever its state, since dismissing an insight hides it but leaves the pause in place.
 */
final class DeprecationRule implements Rule {
  @Override
  public List<Blocker> blockers(Input input) {
    return input.insights().about(input.cluster().ref()).stream()
        .filter(insight -> Deprecation.pausesUpgrades(insight.subtype()))
        .sorted(Comparator.comparing(Insight::subtype).thenComparing(Insight::name))
        .<Blocker>map(
            insight -> new Blocker.DeprecatedFeature(insight, Deprecation.of(insight.subtype())))
        .toList();
  }
}
