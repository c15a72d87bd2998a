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
   * Takes one read from a day's budget, atomically across instances.
   *
   * @param day the budget's day, such as {@code 2026-12-01}
   * @return false, taking nothing, when the day's {@code budget} is spent
   */
  boolean takeRead(String day, int budget, Deadline deadline);

  /**
   * Takes the lease on reading a project and location, so that of the instances that miss the cache
   * at once only one reads; the others wait for its answer in the cache.
   *
   * @param until when the lease lapses, so a crashed reader frees it
   * @return whether this caller holds the lease now
   */
  boolean tryLease(String project, String location, Instant now, Instant until, Deadline deadline);

  /** Until when reads are paused after a quota refusal; empty when they are not. */
  Optional<Instant> pausedUntil(Deadline deadline);

  void pauseUntil(Instant until, Deadline deadline);
}
