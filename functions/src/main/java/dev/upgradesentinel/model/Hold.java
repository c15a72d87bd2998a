package dev.upgradesentinel.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that keeps GKE from upgrading a cluster now, as its own policy or GKE says: a
 * maintenance exclusion, being outside the maintenance window, the disruption budget, or GKE's own
 * system configuration.
 *
 * @param kind {@code MAINTENANCE_EXCLUSION}, {@code MAINTENANCE_WINDOW}, {@code DISRUPTION_BUDGET}
 *     or {@code SYSTEM_CONFIG}
 * @param pausedReason GKE's paused reason it explains, as the API spelled it
 * @param name the exclusion's name (untrusted text); empty for the other kinds
 * @param scope the exclusion's scope; empty for the other kinds
 * @param until when the hold ends: the exclusion's end, the next window's start, the moment the
 *     budget allows the next upgrade; empty when unknown (GKE's own pause)
 * @param untilEndOfSupport whether the hold lasts until the end of support of the cluster's minor
 */
public record Hold(
    String kind,
    String pausedReason,
    Optional<String> name,
    Optional<String> scope,
    Optional<Instant> until,
    boolean untilEndOfSupport) {

  public Hold {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(pausedReason, "pausedReason == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(until, "until == null");
  }
}
