package dev.upgradesentinel.delivery;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.ClusterRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What matters about one cluster for notifying: its verdict, its Docker-based node pools and node
 * auto-provisioning's Docker-based default. Two notifications with the same finding say the same
 * thing, whatever event or versions brought them; the {@link #fingerprint()} is its identity.
 *
 * @param cluster the cluster, as the cluster source names it (never the notification's project
 *     number, so every source keys a cluster alike)
 * @param verdict the verdict
 * @param pools Docker-based node pool name to its image type (upper case)
 * @param napImageType NAP's Docker-based default image type (upper case), or empty
 */
public record Finding(
    ClusterRef cluster, Verdict verdict, SortedMap<String, String> pools, String napImageType) {

  /** Hex digits kept of the SHA-256: 128 bits, far beyond any chance of two findings colliding. */
  private static final int FINGERPRINT_HEX_DIGITS = 32;

  public Finding {
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(verdict, "verdict == null");
    pools =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(Objects.requireNonNull(pools, "pools == null")));
    Objects.requireNonNull(napImageType, "napImageType == null");
  }

  public static Finding of(Assessment assessment) {
    SortedMap<String, String> pools = new TreeMap<>();
    for (PoolPlan pool : assessment.dockerPools()) {
      pools.put(pool.name(), pool.imageType().toUpperCase(Locale.ROOT));
    }
    String nap =
        assessment
            .autoprovisioningPlan()
            .map(n -> n.imageType().toUpperCase(Locale.ROOT))
            .orElse("");
    return new Finding(assessment.ref(), assessment.verdict(), pools, nap);
  }

  /** Creates a finding from stored values. */
  public static Finding of(
      ClusterRef cluster, Verdict verdict, Map<String, String> pools, String nap) {
    return new Finding(cluster, verdict, new TreeMap<>(pools), nap);
  }

  /**
   * A stable hash of everything that matters, as hex. Fields are separated by a newline, which no
   * project, location, cluster, pool or image type can contain, so different findings never
   * serialise alike.
   */
  public String fingerprint() {
    StringBuilder text = new StringBuilder("finding/v1\n");
    text.append(cluster.project()).append('\n');
    text.append(cluster.location()).append('\n');
    text.append(cluster.name()).append('\n');
    text.append(verdict.name()).append('\n');
    pools.forEach(
        (name, type) -> text.append("pool=").append(name).append('=').append(type).append('\n'));
    text.append("nap=").append(napImageType);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, FINGERPRINT_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
