package dev.upgradesentinel.assess;

/**
 * Why the Docker rule decided as it did; the Windows rule reuses the wall's causes. A blocker
 * carries one of the four that find Docker-based images (or Windows pools); {@link #AUTOPILOT} and
 * {@link #NO_DOCKER_IMAGES} say why there is no Docker blocker, for the reports that name a cause.
 */
public enum Cause {
  /** Autopilot clusters always use containerd. */
  AUTOPILOT,
  /** No Docker-based node pool and no Docker-based NAP default. */
  NO_DOCKER_IMAGES,
  /** The control plane runs 1.23 or later. */
  CONTROL_PLANE_AT_WALL,
  /** The triggering event targets 1.24 or later. */
  EVENT_TARGETS_WALL,
  /** The triggering security bulletin is patched only in 1.24 or later. */
  BULLETIN_PATCHED_ONLY_PAST_WALL,
  /** Docker-based images exist but nothing yet pushes the cluster to 1.24. */
  BELOW_WALL
}
