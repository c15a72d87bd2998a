package dev.upgradesentinel.routing;

/**
 * What a message is about: the kind a route can match with {@code kinds} in the routing config, so
 * that, say, upgrade failures go to PagerDuty while COS milestone notices go nowhere.
 */
public enum Subject {
  /** A cluster's finding: new, updated, a reminder or its resolution. */
  FINDING,
  /** A node drain held or forced by PodDisruptionBudgets. */
  DRAIN,
  /** A security bulletin whose patch needs someone, on a cluster without a finding. */
  SECURITY_BULLETIN,
  /** GKE scheduled an upgrade: a heads-up before it starts. */
  UPGRADE_SCHEDULED,
  /** An upgrade started, succeeded or was canceled, said in an open finding's thread. */
  UPGRADE_PROGRESS,
  /** An upgrade failed, with its cause. */
  UPGRADE_FAILED,
  /** The COS node image milestone changes for new patches. */
  COS_MILESTONE,
  /** The control plane is in rollback-safe mode until a given time. */
  ROLLBACK_WINDOW
}
