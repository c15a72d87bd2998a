package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.model.NodePoolInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reason a cluster's upgrade is held, or will be, found by one {@link Rule}: what it is, how
 * bad, and what clears it.
 */
public sealed interface Blocker {

  BlockerKind kind();

  /** {@link Verdict#BLOCKED} or {@link Verdict#AT_RISK}. */
  Verdict verdict();

  /**
   * What identifies the blocker across notifications, for the finding's fingerprint: two readings
   * with the same key say the same thing, so only a new, changed or cleared key posts again.
   */
  String key();

  /**
   * Node pools, or node auto-provisioning's default, on Docker-based image types, which GKE 1.24
   * and later do not run, with the plan that moves each to containerd.
   *
   * @param cause why now: the control plane's version, the event's, or nothing yet ({@link
   *     Cause#BELOW_WALL})
   * @param wallVersion the version that puts the cluster at the wall (the control plane's, or the
   *     event's target or patched version); empty unless the verdict is BLOCKED
   * @param pools every node pool on a Docker-based image type, in GKE's order
   * @param autoprovisioning the NAP fix, or {@code null} when NAP's default is not Docker-based
   */
  record DockerImages(
      Verdict verdict,
      Cause cause,
      String wallVersion,
      List<PoolPlan> pools,
      NapPlan autoprovisioning)
      implements Blocker {
    public DockerImages {
      requireBlocking(verdict);
      Objects.requireNonNull(cause, "cause == null");
      if (cause == Cause.AUTOPILOT || cause == Cause.NO_DOCKER_IMAGES) {
        throw new IllegalArgumentException("Docker-based images cannot be caused by " + cause);
      }
      Objects.requireNonNull(wallVersion, "wallVersion == null");
      pools = List.copyOf(Objects.requireNonNull(pools, "pools == null"));
      if (pools.isEmpty() && autoprovisioning == null) {
        throw new IllegalArgumentException("no Docker-based node pool and no NAP plan");
      }
    }

    @Override
    public BlockerKind kind() {
      return BlockerKind.DOCKER_NODE_IMAGES;
    }

    /**
     * The kind alone: the finding's fingerprint holds the pools and NAP's image type themselves, so
     * it changes when one of them does.
     */
    @Override
    public String key() {
      return kind().name();
    }

    public Optional<NapPlan> autoprovisioningPlan() {
      return Optional.ofNullable(autoprovisioning);
    }

    /**
     * Every command of the plan in the order to run them: for each pool the node upgrade it needs
     * first, if any, then its image type; then NAP's default.
     */
    public List<String> commands() {
      List<String> commands = new ArrayList<>();
      for (PoolPlan pool : pools) {
        if (pool.needsNodeUpgradeFirst()) {
          commands.add(pool.nodeUpgradeCommand());
        }
        commands.add(pool.command());
      }
      autoprovisioningPlan().ifPresent(nap -> commands.add(nap.command()));
      return commands;
    }
  }

  /**
   * Windows Server node pools below 1.35, where containerd 2.0 arrives on Windows: GKE cannot see
   * what they use, so it holds the cluster at 1.34 until someone checks and upgrades by hand.
   *
   * @param cause why now: the control plane's version, or the event's
   * @param wallVersion the version that puts the cluster at the hold
   * @param pools the Windows Server node pools still below 1.35
   * @param controlPlaneCommand the manual control plane upgrade to 1.35
   * @param poolCommands the manual upgrade of each pool, in the order of {@code pools}
   */
  record WindowsContainerd(
      Verdict verdict,
      Cause cause,
      String wallVersion,
      List<NodePoolInfo> pools,
      String controlPlaneCommand,
      List<String> poolCommands)
      implements Blocker {
    public WindowsContainerd {
      requireBlocking(verdict);
      Objects.requireNonNull(cause, "cause == null");
      Objects.requireNonNull(wallVersion, "wallVersion == null");
      pools = List.copyOf(Objects.requireNonNull(pools, "pools == null"));
      Objects.requireNonNull(controlPlaneCommand, "controlPlaneCommand == null");
      poolCommands = List.copyOf(Objects.requireNonNull(poolCommands, "poolCommands == null"));
    }

    @Override
    public BlockerKind kind() {
      return BlockerKind.WINDOWS_CONTAINERD_2;
    }

    @Override
    public String key() {
      StringBuilder key = new StringBuilder(kind().name()).append('/').append(verdict);
      pools.stream().map(NodePoolInfo::name).sorted().forEach(p -> key.append('/').append(p));
      return key.toString();
    }
  }

  /**
   * A deprecation insight on the cluster, in whatever state: GKE paused automatic upgrades to the
   * minor that removes the feature, and dismissing the insight does not lift the pause.
   *
   * @param insight the insight as Recommender gave it
   * @param deprecation what is known of its subtype; {@link Deprecation#unknown} when nothing is
   */
  record DeprecatedFeature(Insight insight, Deprecation deprecation) implements Blocker {
    public DeprecatedFeature {
      Objects.requireNonNull(insight, "insight == null");
      Objects.requireNonNull(deprecation, "deprecation == null");
    }

    @Override
    public BlockerKind kind() {
      return BlockerKind.DEPRECATION_INSIGHT;
    }

    @Override
    public Verdict verdict() {
      return Verdict.BLOCKED;
    }

    @Override
    public String key() {
      return kind().name() + "/" + insight.subtype();
    }
  }

  /**
   * A node drain held by PodDisruptionBudgets now ({@code POD_NOT_ENOUGH_PDB}), or pods GKE evicted
   * anyway once the drain had waited out its timeout ({@code POD_PDB_VIOLATION}). Read from the
   * notification alone, so it is posted once per drain as a notice, not kept as the cluster's
   * state.
   */
  record PodDisruption(GkeEvent.Disruption disruption) implements Blocker {
    public PodDisruption {
      Objects.requireNonNull(disruption, "disruption == null");
    }

    @Override
    public BlockerKind kind() {
      return BlockerKind.PDB_DISRUPTION;
    }

    @Override
    public Verdict verdict() {
      return Verdict.BLOCKED;
    }

    /**
     * The kubectl commands that find the budgets holding the drain: every budget with the allowed
     * disruptions, those of each namespace named, the pods on the node.
     */
    public List<String> findCommands() {
      List<String> commands = new ArrayList<>();
      commands.add("kubectl get pdb --all-namespaces -o wide");
      disruption.pods().stream()
          .map(GkeEvent.PodRef::namespace)
          .distinct()
          .limit(5)
          .forEach(ns -> commands.add("kubectl describe pdb -n " + Commands.quote(ns)));
      commands.add(
          "kubectl get pods --all-namespaces -o wide --field-selector spec.nodeName="
              + Commands.quote(disruption.node()));
      return commands;
    }

    /** The drain, by type, node and the pods it names: a repeat of the same drain has this key. */
    @Override
    public String key() {
      StringBuilder key =
          new StringBuilder(kind().name())
              .append('/')
              .append(disruption.type())
              .append('/')
              .append(disruption.node());
      disruption.pods().stream()
          .map(pod -> pod.namespace() + "/" + pod.name())
          .sorted()
          .forEach(pod -> key.append('\n').append(pod));
      return key.toString();
    }
  }

  /**
   * The end of support of the cluster's minor, the day GKE upgrades it whatever holds it, colliding
   * with the cluster's own plans: maintenance exclusions that last until that day (so nothing is
   * upgraded before it, and then everything at once, on GKE's day), or blockers still open within
   * the warning days before it (so the forced upgrade breaks what depends on them). Always {@code
   * AT_RISK}: it says when, and what to do before.
   *
   * @param endOfSupport the minor and the day
   * @param exclusions the maintenance exclusions that last until the end of support or past it
   * @param blockersOpen whether other blockers are open within the warning days before it
   * @param upgradeCommand the manual control plane upgrade, to the minor target GKE named or the
   *     next minor
   * @param exclusionCommands the command that removes each named exclusion, in the order of {@code
   *     exclusions}; an exclusion without a name (not in the policy as read) has none
   */
  record EndOfSupportUpgrade(
      EndOfSupport endOfSupport,
      List<Hold> exclusions,
      boolean blockersOpen,
      String upgradeCommand,
      List<String> exclusionCommands)
      implements Blocker {
    public EndOfSupportUpgrade {
      Objects.requireNonNull(endOfSupport, "endOfSupport == null");
      exclusions = List.copyOf(Objects.requireNonNull(exclusions, "exclusions == null"));
      Objects.requireNonNull(upgradeCommand, "upgradeCommand == null");
      exclusionCommands =
          List.copyOf(Objects.requireNonNull(exclusionCommands, "exclusionCommands == null"));
      if (exclusions.isEmpty() && !blockersOpen) {
        throw new IllegalArgumentException("nothing collides with the end of support");
      }
    }

    @Override
    public BlockerKind kind() {
      return BlockerKind.END_OF_SUPPORT_UPGRADE;
    }

    @Override
    public Verdict verdict() {
      return Verdict.AT_RISK;
    }

    /** The day and what collides with it: each exclusion by name and scope, and open blockers. */
    @Override
    public String key() {
      StringBuilder key = new StringBuilder(kind().name()).append('/').append(endOfSupport.key());
      exclusions.stream()
          .map(h -> h.name().orElse("") + ":" + h.scope().orElse(""))
          .sorted()
          .forEach(name -> key.append('/').append(name));
      if (blockersOpen) {
        key.append("/blockers");
      }
      return key.toString();
    }
  }

  private static void requireBlocking(Verdict verdict) {
    Objects.requireNonNull(verdict, "verdict == null");
    if (!verdict.needsAction()) {
      throw new IllegalArgumentException("a blocker is BLOCKED or AT_RISK, not " + verdict);
    }
  }
}
