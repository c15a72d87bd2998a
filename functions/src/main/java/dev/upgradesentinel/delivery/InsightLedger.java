package dev.upgradesentinel.delivery;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.Insight;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every instance must agree on to respect Recommender's quota, kept in the notification log:
 * the insights last read for each project and location, the reads taken from each day's budget, and
 * a pause after Recommender answered that its quota is exhausted.
 *
 * <p>Implementations throw {@link TransientFailureException} when the store fails; the caller then
 * reads no insights rather than risk the quota.
 */
public interface InsightLedger {

  /**
   * Insights as read at one time.
   *
   * @param insights every insight of the project and location
   * @param readAt when Recommender answered
   */
  record Cached(List<Insight> insights, Instant readAt) {
    public Cached {
      insights = List.copyOf(Objects.requireNonNull(insights, "insights == null"));
      Objects.requireNonNull(readAt, "readAt == null");
    }
  }

  /** The insights last read for a project and location, however old. */
  Optional<Cached> cached(String project, String location, Deadline deadline);

  void store(String project, String location, Cached cached, Deadline deadline);

  /**
   * What a reader decides on, in one read: the insights last read for a project and location, the
   * pause, and the lease on reading them.
   *
   * @param project the project, as asked
   * @param location the location, as asked
   * @param pausedUntil until when reads are paused after a quota refusal; empty when they are not
   * @param leaseUntil until when another reader holds the lease; empty when nobody ever did
   * @param leaseVersion the lease as read, which {@link #startRead} takes over only if unchanged;
   *     {@code null} when there is none
   */
  record Outlook(
      String project,
      String location,
      Optional<Cached> cached,
      Optional<Instant> pausedUntil,
      Optional<Instant> leaseUntil,
      String leaseVersion) {
    public Outlook {
      Objects.requireNonNull(project, "project == null");
      Objects.requireNonNull(location, "location == null");
      Objects.requireNonNull(cached, "cached == null");
      Objects.requireNonNull(pausedUntil, "pausedUntil == null");
      Objects.requireNonNull(leaseUntil, "leaseUntil == null");
    }
  }

  Outlook outlook(String project, String location, Deadline deadline);

  /** How {@link #startRead} ended. */
  enum Start {
    /** The caller holds the lease and one read of the day's budget: it reads. */
    STARTED,
    /** Another reader took the lease since the outlook was read; nothing was taken. */
    LEASE_TAKEN,
    /** The day's budget is spent; the lease, taken, lapses by itself. */
    BUDGET_SPENT
  }

  /**
   * Takes the lease on reading a project and location, so that of the instances that miss the cache
   * at once only one reads while the others wait for its answer in the cache, and one read from the
   * day's budget, atomically across instances: both or, when another reader took the lease first,
   * neither.
   *
   * @param seen the outlook of the project and location, whose lease (if any) has lapsed
   * @param until when the lease lapses, so a crashed reader frees it
   * @param day the budget's day, such as {@code 2026-12-01}
   */
  Start startRead(Outlook seen, Instant until, String day, int budget, Deadline deadline);

  void pauseUntil(Instant until, Deadline deadline);
}
