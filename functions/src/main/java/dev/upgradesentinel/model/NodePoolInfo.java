package dev.upgradesentinel.model;

import java.util.Objects;

/**
 * What the assessment needs to know about one node pool.
 *
 * @param name the node pool name
 * @param imageType the node image type as GKE reports it (for example {@code COS}); empty when the
 *     pool has no config or the field is unset
 * @param version the node version of the pool; empty when unknown
 * @param nodeCount the current node count, or -1 when unknown
 */
public record NodePoolInfo(String name, String imageType, String version, int nodeCount) {
  public NodePoolInfo {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(imageType, "imageType == null");
    Objects.requireNonNull(version, "version == null");
  }
}
