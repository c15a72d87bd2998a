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

  /** What every {@link #key()} starts with. */
  public static final String KEY_PREFIX = "HOLD/";

  /**
   * What identifies the hold across readings, for a finding's fingerprint: an exclusion by scope,
   * name and end, GKE's own pause by its kind. Empty for a window or a disruption budget, which
   * come and go by themselves on their schedule and would otherwise change the finding every time.
   */
  public Optional<String> key() {
    return switch (kind) {
      case "MAINTENANCE_EXCLUSION" ->
          Optional.of(
              KEY_PREFIX
                  + kind
                  + "/"
                  + scope.orElse("")
                  + "/"
                  + name.orElse("")
                  + until.map(t -> "/" + t.toString().substring(0, 10)).orElse(""));
      case "SYSTEM_CONFIG" -> Optional.of(KEY_PREFIX + kind);
      default -> Optional.empty();
    };
  }
}
