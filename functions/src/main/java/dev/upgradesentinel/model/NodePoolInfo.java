package dev.upgradesentinel.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the assessment needs to know about one node pool.
 *
 * @param name the node pool name
 * @param imageType the node image type as GKE reports it (for example {@code COS}); empty when the
 *     pool has no config or the field is unset
 * @param version the node version of the pool; empty when unknown
 * @param nodeCount the current node count, or -1 when unknown
 * @param exclusionUntilEndOfSupport whether the pool has its own maintenance exclusion until the
 *     end of support ({@code maintenancePolicy.exclusionUntilEndOfSupport.enabled})
 * @param exclusionEnd that exclusion's end as GKE gives it: the end of support of the control
 *     plane's version (extended support on the Extended channel); empty when not given
 */
public record NodePoolInfo(
    String name,
    String imageType,
    String version,
    int nodeCount,
    boolean exclusionUntilEndOfSupport,
    Optional<Instant> exclusionEnd) {
  public NodePoolInfo {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(imageType, "imageType == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(exclusionEnd, "exclusionEnd == null");
  }

  /** A pool without a maintenance exclusion of its own. */
  public NodePoolInfo(String name, String imageType, String version, int nodeCount) {
    this(name, imageType, version, nodeCount, false, Optional.empty());
  }
}
