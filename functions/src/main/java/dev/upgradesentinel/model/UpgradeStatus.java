package dev.upgradesentinel.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What GKE itself says about a cluster's upgrades, next to the blockers: its answer and the holds
 * behind its paused reasons, or why it was not read.
 *
 * @param read whether GKE was asked about this very cluster
 * @param reason why it was not read; empty when it was
 * @param info GKE's answer when it was read; derived from another cluster's when {@code
 *     derivedFrom} is set
 * @param holds the holds behind its paused reasons, each with the day it ends
 * @param derivedFrom the cluster whose answer this one's was derived from, {@code
 *     projects/P/locations/L/clusters/C}; empty unless derived
 * @param pools GKE's answer for each node pool asked about ({@code fetchNodePoolUpgradeInfo}), by
 *     pool name: those whose minor or maintenance exclusion differ from the control plane's
 */
public record UpgradeStatus(
    boolean read,
    String reason,
    Optional<UpgradeInfo> info,
    List<Hold> holds,
    Optional<String> derivedFrom,
    SortedMap<String, UpgradeInfo> pools) {

  public UpgradeStatus {
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(info, "info == null");
    holds = List.copyOf(holds);
    Objects.requireNonNull(derivedFrom, "derivedFrom == null");
    pools = Collections.unmodifiableSortedMap(new TreeMap<>(pools));
    if ((read || derivedFrom.isPresent()) != info.isPresent()) {
      throw new IllegalArgumentException(
          "read is " + read + ", derivedFrom " + derivedFrom + ", but info is " + info);
    }
    if (read && derivedFrom.isPresent()) {
      throw new IllegalArgumentException("a status read for the cluster is not derived");
    }
  }

  /** GKE's answer, with the holds behind it. */
  public static UpgradeStatus read(UpgradeInfo info, List<Hold> holds) {
    return new UpgradeStatus(true, "", Optional.of(info), holds, Optional.empty(), new TreeMap<>());
  }

  /** Not read, and why: offline, not asked in a fleet scan, permission, quota, outage. */
  public static UpgradeStatus unread(String reason) {
    return new UpgradeStatus(
        false, reason, Optional.empty(), List.of(), Optional.empty(), new TreeMap<>());
  }

  /**
   * Derived in a fleet scan from the answer GKE gave for another cluster of the same location,
   * version and release channel, with the holds of this cluster's own policy.
   *
   * @param from the cluster GKE was asked about, {@code projects/P/locations/L/clusters/C}
   * @param reason what a derived status cannot see
   */
  public static UpgradeStatus derived(
      UpgradeInfo info, List<Hold> holds, String from, String reason) {
    return new UpgradeStatus(
        false, reason, Optional.of(info), holds, Optional.of(from), new TreeMap<>());
  }

  /** This status with GKE's answers for some of the cluster's node pools. */
  public UpgradeStatus withPools(Map<String, UpgradeInfo> answers) {
    return new UpgradeStatus(read, reason, info, holds, derivedFrom, new TreeMap<>(answers));
  }
}
