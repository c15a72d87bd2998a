package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.UpgradeStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict for one cluster and the blockers behind it, each with the plan that clears it.
 *
 * @param cluster the cluster as read
 * @param verdict the verdict: the worst blocker's, or CLEAR / NOT_APPLICABLE when there is none
 * @param trigger the notification's event the verdict considered, or {@code null} for on-demand
 *     checks
 * @param blockers every blocker found, Docker's first, in the rules' order; empty exactly when the
 *     verdict needs no action
 * @param insights whether deprecation insights were read, and why not
 * @param endOfSupport the day GKE upgrades the cluster anyway, or {@code null} when not known
 * @param upgradeStatus what GKE itself says about the cluster's upgrades, or why it was not read
 */
public record Assessment(
    ClusterInfo cluster,
    Verdict verdict,
    GkeEvent trigger,
    List<Blocker> blockers,
    InsightsRead insights,
    EndOfSupport endOfSupport,
    UpgradeStatus upgradeStatus) {
  public Assessment {
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(verdict, "verdict == null");
    blockers = List.copyOf(Objects.requireNonNull(blockers, "blockers == null"));
    Objects.requireNonNull(insights, "insights == null");
    Objects.requireNonNull(upgradeStatus, "upgradeStatus == null");
    if (verdict.needsAction() == blockers.isEmpty()) {
      throw new IllegalArgumentException(
          "verdict " + verdict + " with " + blockers.size() + " blockers");
    }
  }

  /** An assessment without insights or a known end of support. */
  public Assessment(
      ClusterInfo cluster, Verdict verdict, GkeEvent trigger, List<Blocker> blockers) {
    this(
        cluster,
        verdict,
        trigger,
        blockers,
        InsightsRead.off("not asked for"),
        null,
        UpgradeStatus.unread("not asked for"));
  }

  public Optional<EndOfSupport> endOfSupportDate() {
    return Optional.ofNullable(endOfSupport);
  }

  /** This assessment with the end of support known from an earlier notification. */
  public Assessment withEndOfSupport(EndOfSupport known) {
    return new Assessment(cluster, verdict, trigger, blockers, insights, known, upgradeStatus);
  }

  /** This assessment with what GKE says about the cluster's upgrades. */
  public Assessment withUpgradeStatus(UpgradeStatus status) {
    return new Assessment(cluster, verdict, trigger, blockers, insights, endOfSupport, status);
  }

  /** The first blocker of a kind, when one was found. */
  public <B extends Blocker> Optional<B> blocker(Class<B> kind) {
    return blockers.stream().filter(kind::isInstance).map(kind::cast).findFirst();
  }

  public ClusterRef ref() {
    return cluster.ref();
  }

  public Optional<GkeEvent> triggerEvent() {
    return Optional.ofNullable(trigger);
  }

  /** The cluster's page in the Google Cloud console. */
  public String consoleUrl() {
    ClusterRef ref = cluster.ref();
    return "https://console.cloud.google.com/kubernetes/clusters/details/"
        + ref.location()
        + "/"
        + ref.name()
        + "/details?project="
        + ref.project();
  }
}
