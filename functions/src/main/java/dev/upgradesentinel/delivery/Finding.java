package dev.upgradesentinel.delivery;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.EndOfSupport;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.Hold;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What matters about one cluster for notifying: its verdict, its Docker-based node pools, node
 * auto-provisioning's Docker-based default and the keys of its other blockers. Two notifications
 * with the same finding say the same thing, whatever event or versions brought them; the {@link
 * #fingerprint()} is its identity.
 *
 * @param cluster the cluster, as the cluster source names it (never the notification's project
 *     number, so every source keys a cluster alike)
 * @param verdict the verdict
 * @param pools Docker-based node pool name to its image type (upper case)
 * @param napImageType NAP's Docker-based default image type (upper case), or empty
 * @param blockers the {@link Blocker#key() keys} of the blockers other than Docker's, whose state
 *     is {@code pools} and {@code napImageType}, and other than drains; with an open finding's, the
 *     {@link Hold#key() keys} of GKE's holds
 * @param endOfSupport the {@link EndOfSupport#key() end of support} known for the cluster's minor,
 *     or empty
 */
public record Finding(
    ClusterRef cluster,
    Verdict verdict,
    SortedMap<String, String> pools,
    String napImageType,
    SortedSet<String> blockers,
    String endOfSupport) {

  /** Hex digits kept of the SHA-256: 128 bits, far beyond any chance of two findings colliding. */
  private static final int FINGERPRINT_HEX_DIGITS = 32;

  public Finding {
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(verdict, "verdict == null");
    pools =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(Objects.requireNonNull(pools, "pools == null")));
    Objects.requireNonNull(napImageType, "napImageType == null");
    blockers =
        Collections.unmodifiableSortedSet(
            new TreeSet<>(Objects.requireNonNull(blockers, "blockers == null")));
    Objects.requireNonNull(endOfSupport, "endOfSupport == null");
  }

  public static Finding of(Assessment assessment) {
    SortedMap<String, String> pools = new TreeMap<>();
    String nap = "";
    SortedSet<String> blockers = new TreeSet<>();
    for (Blocker blocker : assessment.blockers()) {
      if (blocker instanceof Blocker.DockerImages docker) {
        // Docker's state is its pools and NAP's image type, kept as they were before other
        // blockers existed, so the open findings of Docker-only clusters keep their fingerprints.
        for (PoolPlan pool : docker.pools()) {
          pools.put(pool.name(), pool.imageType().toUpperCase(Locale.ROOT));
        }
        nap =
            docker
                .autoprovisioningPlan()
                .map(n -> n.imageType().toUpperCase(Locale.ROOT))
                .orElse("");
      } else if (!(blocker instanceof Blocker.PodDisruption)) {
        // A drain is posted once as a notice; it is no part of the cluster's state.
        blockers.add(blocker.key());
      }
    }
    if (assessment.verdict().needsAction()) {
      // A new or lifted hold on an open finding is news; on a clear cluster it is only reported.
      assessment.upgradeStatus().holds().forEach(hold -> hold.key().ifPresent(blockers::add));
    }
    return new Finding(
        assessment.ref(),
        assessment.verdict(),
        pools,
        nap,
        blockers,
        assessment.endOfSupportDate().map(EndOfSupport::key).orElse(""));
  }

  /** Creates a finding from stored values. */
  public static Finding of(
      ClusterRef cluster, Verdict verdict, Map<String, String> pools, String nap) {
    return of(cluster, verdict, pools, nap, Set.of());
  }

  /** Creates a finding from stored values, with the keys of its other blockers. */
  public static Finding of(
      ClusterRef cluster,
      Verdict verdict,
      Map<String, String> pools,
      String nap,
      Set<String> blockers) {
    return of(cluster, verdict, pools, nap, blockers, "");
  }

  /** Creates a finding from stored values, with its end of support. */
  public static Finding of(
      ClusterRef cluster,
      Verdict verdict,
      Map<String, String> pools,
      String nap,
      Set<String> blockers,
      String endOfSupport) {
    return new Finding(
        cluster, verdict, new TreeMap<>(pools), nap, new TreeSet<>(blockers), endOfSupport);
  }

  /**
   * This finding with the end of support an earlier finding knew, when this one knows none and the
   * control plane still runs that minor: GKE says it once, every later message needs it.
   *
   * @param earlier the cluster's stored finding, or {@code null}
   * @param current the cluster as read now
   */
  public Finding carryingEndOfSupport(Finding earlier, ClusterInfo current) {
    if (!endOfSupport.isEmpty() || earlier == null || earlier.endOfSupport.isEmpty()) {
      return this;
    }
    boolean applies =
        EndOfSupport.parse(earlier.endOfSupport).map(eos -> eos.appliesTo(current)).orElse(false);
    return applies
        ? new Finding(cluster, verdict, pools, napImageType, blockers, earlier.endOfSupport)
        : this;
  }

  /**
   * This finding with the holds an earlier finding knew, when GKE's status was not read now: a
   * failed read is no news of a lifted hold.
   *
   * @param earlier the cluster's stored finding, or {@code null}
   * @param read whether GKE's status was read for this finding
   */
  public Finding carryingHolds(Finding earlier, boolean read) {
    if (read || earlier == null || !verdict.needsAction()) {
      return this;
    }
    SortedSet<String> keys = new TreeSet<>(blockers);
    keys.removeIf(key -> key.startsWith(Hold.KEY_PREFIX));
    earlier.blockers.stream().filter(key -> key.startsWith(Hold.KEY_PREFIX)).forEach(keys::add);
    return new Finding(cluster, verdict, pools, napImageType, keys, endOfSupport);
  }

  /**
   * A stable hash of everything that matters, as hex. Fields are separated by a newline, which no
   * project, location, cluster, pool, image type or blocker key can contain, so different findings
   * never serialise alike. A finding with no other blocker hashes exactly as before blockers
   * existed, so the open findings of Docker-only clusters keep their fingerprints.
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
    blockers.forEach(key -> text.append('\n').append("blocker=").append(key));
    if (!endOfSupport.isEmpty()) {
      text.append('\n').append("eos=").append(endOfSupport);
    }
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
