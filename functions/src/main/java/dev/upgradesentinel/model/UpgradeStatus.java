package dev.upgradesentinel.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What GKE itself says about a cluster's upgrades, next to the blockers: its answer and the holds
 * behind its paused reasons, or why it was not read.
 *
 * @param read whether GKE was asked about this very cluster
 * @param reason why it was not read; empty when it was
 * @param info GKE's answer, when it was read
 * @param holds the holds behind its paused reasons, each with the day it ends
 */
public record UpgradeStatus(
    boolean read, String reason, Optional<UpgradeInfo> info, List<Hold> holds) {

  public UpgradeStatus {
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(info, "info == null");
    holds = List.copyOf(holds);
    if (read != info.isPresent()) {
      throw new IllegalArgumentException("read is " + read + " but info is " + info);
    }
  }

  /** GKE's answer, with the holds behind it. */
  public static UpgradeStatus read(UpgradeInfo info, List<Hold> holds) {
    return new UpgradeStatus(true, "", Optional.of(info), holds);
  }

  /** Not read, and why: offline, not asked in a fleet scan, permission, quota, outage. */
  public static UpgradeStatus unread(String reason) {
    return new UpgradeStatus(false, reason, Optional.empty(), List.of());
  }
}
