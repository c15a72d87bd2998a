package dev.upgradesentinel.gke;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.ReleaseChannel;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a GKE {@link Cluster} proto, as the API returns it or gcloud prints it, into a {@link
 * ClusterInfo}.
 *
 * <p>Protos answer unset sub-messages with empty defaults, so a pool without a config simply has an
 * empty image type. A cluster that has only the legacy top-level {@code nodeConfig} and no node
 * pools is mapped with no pools: GKE lists every real pool in {@code nodePools}.
 */
public final class ClusterMapper {

  // https://container.googleapis.com/v1/projects/P/locations/L/clusters/C (or .../zones/L/...)
  private static final Pattern SELF_LINK =
      Pattern.compile("/projects/([^/]+)/(?:locations|zones)/[^/]+/clusters/[^/]+$");

  private ClusterMapper() {}

  /**
   * Maps one cluster.
   *
   * @param cluster the proto
   * @param fallbackProject the project to report when the cluster carries no {@code selfLink}
   *     (usually the project the caller asked for)
   * @param fallbackLocation the location to report when the cluster has neither {@code location}
   *     nor the older {@code zone}
   */
  public static ClusterInfo toClusterInfo(
      Cluster cluster, String fallbackProject, String fallbackLocation) {
    ClusterRef ref =
        new ClusterRef(
            projectFromSelfLink(cluster.getSelfLink()).orElse(fallbackProject),
            locationOf(cluster).orElse(fallbackLocation),
            cluster.getName());
    List<NodePoolInfo> pools =
        cluster.getNodePoolsList().stream().map(ClusterMapper::toNodePoolInfo).toList();
    return new ClusterInfo(
        ref,
        cluster.getAutopilot().getEnabled(),
        cluster.getCurrentMasterVersion(),
        releaseChannelOf(cluster),
        pools,
        cluster.getAutoscaling().getEnableNodeAutoprovisioning(),
        cluster.getAutoscaling().getAutoprovisioningNodePoolDefaults().getImageType(),
        cluster.getResourceLabelsMap());
  }

  /** The project id (or number) named in a cluster's {@code selfLink}, if it has a usable one. */
  static Optional<String> projectFromSelfLink(String selfLink) {
    Matcher matcher = SELF_LINK.matcher(selfLink);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** The cluster's location, falling back to the {@code zone} field older clusters still fill. */
  @SuppressWarnings("deprecation") // zone is the only location older exports carry
  static Optional<String> locationOf(Cluster cluster) {
    if (!cluster.getLocation().isEmpty()) {
      return Optional.of(cluster.getLocation());
    }
    return cluster.getZone().isEmpty() ? Optional.empty() : Optional.of(cluster.getZone());
  }

  private static String releaseChannelOf(Cluster cluster) {
    ReleaseChannel.Channel channel = cluster.getReleaseChannel().getChannel();
    // UNRECOGNIZED is a channel newer than this client: as unknown to us as no channel at all.
    return switch (channel) {
      case UNSPECIFIED, UNRECOGNIZED -> "";
      default -> channel.name();
    };
  }

  private static NodePoolInfo toNodePoolInfo(NodePool pool) {
    // The v1 NodePool has no current size; the initial count is the best hint, 0 meaning unknown.
    int nodeCount = pool.getInitialNodeCount() > 0 ? pool.getInitialNodeCount() : -1;
    return new NodePoolInfo(
        pool.getName(), pool.getConfig().getImageType(), pool.getVersion(), nodeCount);
  }
}
