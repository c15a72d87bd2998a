package dev.upgradesentinel.gke;

import dev.upgradesentinel.model.ClusterRef;

/** The cluster named in a request or a notification does not exist (any more). */
public final class ClusterNotFoundException extends RuntimeException {
  private final ClusterRef ref;

  public ClusterNotFoundException(ClusterRef ref, Throwable cause) {
    super("cluster not found: " + ref, cause);
    this.ref = ref;
  }

  public ClusterRef ref() {
    return ref;
  }
}
