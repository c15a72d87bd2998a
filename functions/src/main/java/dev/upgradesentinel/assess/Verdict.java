package dev.upgradesentinel.assess;

/** Whether a cluster's upgrade is, or will be, blocked by Docker-based node images. */
public enum Verdict {
  /** Autopilot: nodes always run containerd. */
  NOT_APPLICABLE,
  /** No node pool and no NAP default on a Docker-based image type. */
  CLEAR,
  /** Docker-based images exist and the cluster is at the 1.24 wall. */
  BLOCKED,
  /** Docker-based images exist, but the cluster is not yet at the 1.24 wall. */
  AT_RISK;

  /** Whether this verdict calls for remediation guidance. */
  public boolean needsAction() {
    return this == BLOCKED || this == AT_RISK;
  }
}
