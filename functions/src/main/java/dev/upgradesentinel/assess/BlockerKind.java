package dev.upgradesentinel.assess;

/** What holds a cluster's upgrade, as the HTTP API and the notification log name it. */
public enum BlockerKind {
  /** Node pools or node auto-provisioning on Docker-based node images (the 1.24 wall). */
  DOCKER_NODE_IMAGES,
  /** A GKE deprecation insight: GKE paused automatic upgrades to the minor that removes it. */
  DEPRECATION_INSIGHT,
  /** Windows Server node pools, which GKE holds at 1.34 until they are upgraded by hand. */
  WINDOWS_CONTAINERD_2,
  /** A node drain held, or forced, by PodDisruptionBudgets. */
  PDB_DISRUPTION,
  /**
   * GKE upgrades the cluster at the end of support whatever holds it, and something collides with
   * that day: a maintenance exclusion that lasts until then, or a blocker still open close to it.
   */
  END_OF_SUPPORT_UPGRADE
}
