package dev.upgradesentinel.gke;

import dev.upgradesentinel.model.ClusterInfo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Every cluster of an organization, a folder or a project, page by page, from an index of them:
 * Cloud Asset Inventory, or a file of its assets for offline runs.
 *
 * <p>Implementations throw {@link dev.upgradesentinel.base.TransientFailureException} when a retry
 * may help, and {@link ClusterAccessException} when the scope cannot be read.
 */
public interface ClusterInventory {

  /**
   * One page of clusters.
   *
   * @param clusters reads the page's clusters, each placed in its project: the page's answer is
   *     parsed only then, so a scanner can parse one page while it fetches the next
   * @param nextPageToken the token of the next page, or empty after the last
   * @param readTime the moment of the index the page reflects
   */
  record Page(Supplier<List<ClusterInfo>> clusters, String nextPageToken, Instant readTime) {
    public Page {
      Objects.requireNonNull(clusters, "clusters == null");
      Objects.requireNonNull(nextPageToken, "nextPageToken == null");
      Objects.requireNonNull(readTime, "readTime == null");
    }
  }

  /**
   * Reads one page of the scope's clusters.
   *
   * @param scope {@code organizations/N}, {@code folders/N} or {@code projects/P}
   * @param pageToken empty for the first page
   */
  Page page(String scope, String pageToken);
}
