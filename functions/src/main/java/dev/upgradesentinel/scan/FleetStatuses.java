package dev.upgradesentinel.scan;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Holds;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.MaintenancePolicy;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * GKE's answer for every cluster of a fleet scan within the GKE API's quota: clusters in one
 * location on one version and release channel share GKE's targets and support dates, and each
 * cluster's holds follow from its own maintenance policy. So GKE is asked once per such group,
 * about the group's first cluster by name, and the others' statuses are derived from that answer
 * and labelled with the cluster it came from.
 */
final class FleetStatuses {
  /** What a derived status says it cannot see. */
  static final String DERIVED =
      "derived from GKE's answer for another cluster in the same location, version and release"
          + " channel: its targets and support dates are that answer's and its holds come from"
          + " this cluster's own maintenance exclusions; it cannot see GKE's own pauses"
          + " (SYSTEM_CONFIG), the maintenance window or disruption budget as GKE applies them,"
          + " or this cluster's last upgrade";

  /** What one scan asked GKE and what it derived. */
  record Joined(List<Assessment> assessments, int asked, int derived) {}

  private FleetStatuses() {}

  /**
   * Every assessment with GKE's answer: read for one cluster of each group, derived for the rest; a
   * group whose answer could not be read says why for each of its clusters.
   *
   * @param ask asks GKE about one cluster; throws what the cluster source throws
   * @param join joins a status into an assessment (and the findings that follow from it)
   */
  static Joined join(
      List<Assessment> assessments,
      Function<ClusterRef, UpgradeInfo> ask,
      Executor askOn,
      JoinStatus join,
      Instant now) {
    Map<String, List<Assessment>> groups = new LinkedHashMap<>();
    assessments.stream()
        .sorted(Comparator.comparing(a -> resourceName(a.ref())))
        .forEach(a -> groups.computeIfAbsent(groupKey(a.cluster()), k -> new ArrayList<>()).add(a));
    // The groups are asked about at once, each call paced by the caller's rate limit.
    Map<String, CompletableFuture<UpgradeInfo>> answers = new LinkedHashMap<>();
    groups.forEach(
        (key, group) ->
            answers.put(
                key, CompletableFuture.supplyAsync(() -> ask.apply(group.get(0).ref()), askOn)));
    List<Assessment> joined = new ArrayList<>(assessments.size());
    int asked = 0;
    int derived = 0;
    for (Map.Entry<String, List<Assessment>> entry : groups.entrySet()) {
      List<Assessment> group = entry.getValue();
      Assessment first = group.get(0);
      asked++;
      UpgradeInfo info;
      try {
        info = answer(answers.get(entry.getKey()));
      } catch (RuntimeException e) {
        String reason =
            "GKE's answer for "
                + resourceName(first.ref())
                + ", which this cluster's would be derived from, was not read: "
                + e.getMessage();
        joined.add(join.apply(first, UpgradeStatus.unread(String.valueOf(e.getMessage()))));
        for (Assessment other : group.subList(1, group.size())) {
          joined.add(join.apply(other, UpgradeStatus.unread(reason)));
        }
        continue;
      }
      MaintenancePolicy policy = first.cluster().maintenancePolicy();
      joined.add(join.apply(first, UpgradeStatus.read(info, Holds.of(info, policy, now))));
      for (Assessment other : group.subList(1, group.size())) {
        UpgradeInfo own = derivedInfo(info, other.cluster().maintenancePolicy(), now);
        joined.add(
            join.apply(
                other,
                UpgradeStatus.derived(
                    own,
                    Holds.of(own, other.cluster().maintenancePolicy(), now),
                    resourceName(first.ref()),
                    DERIVED)));
        derived++;
      }
    }
    return new Joined(joined, asked, derived);
  }

  private static UpgradeInfo answer(CompletableFuture<UpgradeInfo> answer) {
    try {
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Joins a status into an assessment. */
  @FunctionalInterface
  interface JoinStatus {
    Assessment apply(Assessment assessment, UpgradeStatus status);
  }

  /** The group a cluster shares GKE's targets and support dates with. */
  static String groupKey(ClusterInfo cluster) {
    return cluster.ref().location()
        + "\n"
        + cluster.controlPlaneVersion()
        + "\n"
        + cluster.releaseChannel().toUpperCase(Locale.ROOT);
  }

  /**
   * Another cluster's answer for this one: the targets and support dates as GKE gave them, the
   * status and paused reasons from this cluster's own exclusions in effect now.
   */
  static UpgradeInfo derivedInfo(UpgradeInfo read, MaintenancePolicy policy, Instant now) {
    boolean all = false;
    boolean minor = false;
    for (MaintenancePolicy.Exclusion exclusion : policy.exclusionsAt(now)) {
      switch (exclusion.scope()) {
        case "NO_UPGRADES" -> all = true;
        case "NO_MINOR_UPGRADES", "NO_MINOR_OR_NODE_UPGRADES" -> minor = true;
        default -> {}
      }
    }
    List<String> reasons = new ArrayList<>();
    if (all) {
      reasons.add("MAINTENANCE_EXCLUSION_NO_UPGRADES");
    }
    if (minor) {
      reasons.add("MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES");
    }
    String status = all ? "UPGRADE_PAUSED" : minor ? "MINOR_UPGRADE_PAUSED" : "ACTIVE";
    return new UpgradeInfo(
        List.of(status),
        reasons,
        read.minorTargetVersion(),
        read.patchTargetVersion(),
        read.endOfStandardSupport(),
        read.endOfExtendedSupport(),
        List.of(),
        Optional.empty());
  }

  static String resourceName(ClusterRef ref) {
    return "projects/" + ref.project() + "/locations/" + ref.location() + "/clusters/" + ref.name();
  }
}
