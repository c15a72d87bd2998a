package dev.upgradesentinel.gke;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GKE's own answer for the node pools whose upgrades may go otherwise than the control plane's:
 * those on another minor, and those with a maintenance exclusion of their own until the end of
 * support. The others follow the control plane, whose answer speaks for them.
 */
public final class PoolUpgradeInfo {
  private static final Logger log = Logger.getLogger(PoolUpgradeInfo.class.getName());
  private static final Pattern MINOR = Pattern.compile("v?([0-9]+\\.[0-9]+)(\\..*)?");

  /** At most this many pools are asked about for one cluster. */
  static final int MAX_POOLS = 10;

  private PoolUpgradeInfo() {}

  /** The pools to ask GKE about, in the cluster's order, at most {@link #MAX_POOLS}. */
  public static List<NodePoolInfo> apart(ClusterInfo cluster) {
    String minor = minor(cluster.controlPlaneVersion());
    return cluster.nodePools().stream()
        .filter(
            pool ->
                pool.exclusionUntilEndOfSupport()
                    || (!minor.isEmpty()
                        && !minor(pool.version()).isEmpty()
                        && !minor(pool.version()).equals(minor)))
        .limit(MAX_POOLS)
        .toList();
  }

  /**
   * GKE's answers for {@link #apart} pools, asked at once within {@code within}; a pool whose
   * answer cannot be read in time is left out, and logged.
   */
  public static Map<String, UpgradeInfo> read(
      ClusterSource source, ClusterInfo cluster, Duration within, Executor executor) {
    Map<String, CompletableFuture<UpgradeInfo>> asked = new LinkedHashMap<>();
    for (NodePoolInfo pool : apart(cluster)) {
      asked.put(
          pool.name(),
          CompletableFuture.supplyAsync(
              () -> source.nodePoolUpgradeInfo(cluster.ref(), pool.name(), within), executor));
    }
    long until = System.nanoTime() + within.plusSeconds(1).toNanos();
    Map<String, UpgradeInfo> answers = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<UpgradeInfo>> entry : asked.entrySet()) {
      try {
        long left = Math.max(0, until - System.nanoTime());
        answers.put(entry.getKey(), entry.getValue().get(left, TimeUnit.NANOSECONDS));
      } catch (ExecutionException | TimeoutException e) {
        log.warning(
            "GKE's node pool upgrade info was not read: "
                + cluster.ref()
                + " pool="
                + entry.getKey()
                + " error="
                + (e instanceof ExecutionException ? e.getCause() : "no answer in time"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return answers;
  }

  private static String minor(String version) {
    Matcher m = MINOR.matcher(version.strip());
    return m.matches() ? m.group(1) : "";
  }
}
