package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.InsightsRead;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict for one cluster, the blockers behind it and the plan that clears them. The Docker
 * fields ({@code cause}, {@code wallVersion}, {@code dockerPools}, {@code autoprovisioning}) are
 * the Docker rule's, whatever the other rules found.
 *
 * @param cluster the cluster as read
 * @param verdict the verdict: the worst blocker's, or CLEAR / NOT_APPLICABLE when there is none
 * @param cause why the Docker rule decided as it did
 * @param trigger the notification's event the verdict considered, or {@code null} for on-demand
 *     checks
 * @param wallVersion the version that puts the cluster at the wall (the control plane's, or the
 *     event's target or patched version); empty unless the verdict is BLOCKED
 * @param dockerPools every node pool on a Docker-based image type, in GKE's order
 * @param autoprovisioning the NAP fix, or {@code null} when NAP's default is not Docker-based
 * @param blockers every blocker found, Docker's first, in the rules' order
 * @param insights whether deprecation insights were read, and why not
 * @param endOfSupport the day GKE upgrades the cluster anyway, or {@code null} when not known
 */
public record Assessment(
    ClusterInfo cluster,
    Verdict verdict,
    Cause cause,
    GkeEvent trigger,
    String wallVersion,
    List<PoolPlan> dockerPools,
    NapPlan autoprovisioning,
    List<Blocker> blockers,
    InsightsRead insights,
    EndOfSupport endOfSupport) {
  public Assessment {
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(verdict, "verdict == null");
    Objects.requireNonNull(cause, "cause == null");
    Objects.requireNonNull(wallVersion, "wallVersion == null");
    dockerPools = List.copyOf(Objects.requireNonNull(dockerPools, "dockerPools == null"));
    blockers = List.copyOf(Objects.requireNonNull(blockers, "blockers == null"));
    Objects.requireNonNull(insights, "insights == null");
  }

  /** The Docker rule's assessment alone, without insights: its verdict is the Docker verdict. */
  public Assessment(
      ClusterInfo cluster,
      Verdict verdict,
      Cause cause,
      GkeEvent trigger,
      String wallVersion,
      List<PoolPlan> dockerPools,
      NapPlan autoprovisioning) {
    this(
        cluster,
        verdict,
        cause,
        trigger,
        wallVersion,
        dockerPools,
        autoprovisioning,
        verdict.needsAction() ? List.of(new Blocker.DockerImages(verdict, cause)) : List.of(),
        InsightsRead.off("not asked for"),
        null);
  }

  public Optional<EndOfSupport> endOfSupportDate() {
    return Optional.ofNullable(endOfSupport);
  }

  /** This assessment with the end of support known from an earlier notification. */
  public Assessment withEndOfSupport(EndOfSupport known) {
    return new Assessment(
        cluster,
        verdict,
        cause,
        trigger,
        wallVersion,
        dockerPools,
        autoprovisioning,
        blockers,
        insights,
        known);
  }

  /** Whether the Docker rule found Docker-based images that need migrating. */
  public boolean dockerBlocked() {
    return blockers.stream().anyMatch(b -> b instanceof Blocker.DockerImages);
  }

  /** The blockers other than Docker's, in the rules' order. */
  public List<Blocker> otherBlockers() {
    return blockers.stream().filter(b -> !(b instanceof Blocker.DockerImages)).toList();
  }

  public ClusterRef ref() {
    return cluster.ref();
  }

  public Optional<GkeEvent> triggerEvent() {
    return Optional.ofNullable(trigger);
  }

  public Optional<NapPlan> autoprovisioningPlan() {
    return Optional.ofNullable(autoprovisioning);
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
