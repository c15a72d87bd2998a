package dev.upgradesentinel.insights;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.delivery.InsightLedger;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.model.InsightsRead;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Reads the deprecation insights of a cluster's project and location within Recommender's quota:
 * from the cache while it is fresh, else from Recommender if the day's budget allows and no quota
 * refusal paused reads; concurrent reads of one project and location in this instance wait for a
 * single call. Never throws: when insights cannot be read, it says why, and the other rules decide
 * without them.
 */
public final class InsightReader implements Warmable {
  private static final Logger log = Logger.getLogger(InsightReader.class.getName());

  /** A Recommender read longer than this would hold up the finding it is for. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** Reads pause this long after Recommender refused for quota: its daily quota does not refill. */
  static final Duration QUOTA_PAUSE = Duration.ofHours(1);

  /** How long an instance holds the right to read a project and location before it lapses. */
  static final Duration LEASE = READ_TIMEOUT.plusSeconds(5);

  /** How often a waiting instance looks for another instance's answer in the cache. */
  static final Duration POLL = Duration.ofMillis(250);

  /** Google's daily quotas reset at midnight Pacific Time, so the budget's day is that day. */
  static final ZoneId QUOTA_DAY = ZoneId.of("America/Los_Angeles");

  private final InsightSource source;
  private final String offReason;
  private final InsightLedger ledger;
  private final Duration ttl;
  private final int dailyBudget;
  private final Clock clock;
  private final ConcurrentMap<String, Object> inFlight = new ConcurrentHashMap<>();

  /**
   * @param source where insights come from
   * @param ledger the cache, budget and pause every instance shares
   * @param ttl how long insights read are used before they are read again
   * @param dailyBudget Recommender reads allowed a day, for every instance together
   */
  public InsightReader(
      InsightSource source, InsightLedger ledger, Duration ttl, int dailyBudget, Clock clock) {
    this(Objects.requireNonNull(source, "source == null"), "", ledger, ttl, dailyBudget, clock);
  }

  private InsightReader(
      InsightSource source,
      String offReason,
      InsightLedger ledger,
      Duration ttl,
      int dailyBudget,
      Clock clock) {
    this.source = source;
    this.offReason = offReason;
    this.ledger =
        source != null && source.metered()
            ? Objects.requireNonNull(ledger, "ledger == null")
            : ledger;
    this.ttl = Objects.requireNonNull(ttl, "ttl == null");
    this.dailyBudget = dailyBudget;
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * A reader that reads nothing.
   *
   * @param reason why, for the report: {@code INSIGHTS=off}, or an offline setup without insights
   */
  public static InsightReader off(String reason) {
    return new InsightReader(null, reason, null, Duration.ZERO, 0, Clock.systemUTC());
  }

  /** Builds the Recommender client of a reader that reads from Recommender. */
  @Override
  public void warmUp() {
    if (source instanceof Warmable warmable) {
      warmable.warmUp();
    }
  }

  /** The insights of the cluster's project and location, or why there are none. */
  public InsightsRead read(ClusterRef cluster, Deadline deadline) {
    return read(cluster, deadline, CompletableFuture.completedFuture(true));
  }

  /**
   * As {@link #read(ClusterRef, Deadline)}, started before the caller knows that the cluster
   * exists: the cache is looked up at once, but a metered read of Recommender waits for {@code
   * clusterFound}, and is not made when it completes with false (the cluster is gone, or could not
   * be read) or does not complete within the deadline.
   */
  public InsightsRead read(
      ClusterRef cluster, Deadline deadline, CompletableFuture<Boolean> clusterFound) {
    if (source == null) {
      return InsightsRead.off(offReason);
    }
    String project = cluster.project();
    String location = cluster.location();
    if (!source.metered()) {
      return fetch(project, location, deadline);
    }
    Object lock = inFlight.computeIfAbsent(project + "/" + location, key -> new Object());
    synchronized (lock) {
      return meteredRead(project, location, deadline, clusterFound);
    }
  }

  /** Whether the caller found the cluster, waiting for it within the deadline. */
  private static boolean found(CompletableFuture<Boolean> clusterFound, Deadline deadline) {
    try {
      return clusterFound.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | CancellationException e) {
      return false;
    }
  }

  private InsightsRead meteredRead(
      String project, String location, Deadline deadline, CompletableFuture<Boolean> clusterFound) {
    Instant now = clock.instant();
    Optional<InsightLedger.Cached> cached;
    try {
      InsightLedger.Outlook outlook = ledger.outlook(project, location, deadline);
      cached = outlook.cached();
      if (cached.isPresent() && now.isBefore(cached.get().readAt().plus(ttl))) {
        return InsightsRead.read(cached.get().insights());
      }
      Optional<Instant> paused = outlook.pausedUntil();
      if (paused.isPresent() && now.isBefore(paused.get())) {
        return stale(
            cached, "Recommender's quota was exhausted; reads resume after " + paused.get());
      }
      if (outlook.leaseUntil().isPresent() && now.isBefore(outlook.leaseUntil().get())) {
        return awaitOtherReader(project, location, cached, deadline);
      }
      if (!found(clusterFound, deadline)) {
        // Nothing to spend a metered read on: the notification's cluster was not read.
        return stale(cached, "the cluster was not read");
      }
      String day = LocalDate.ofInstant(now, QUOTA_DAY).toString();
      switch (ledger.startRead(outlook, now.plus(LEASE), day, dailyBudget, deadline)) {
        case LEASE_TAKEN -> {
          return awaitOtherReader(project, location, cached, deadline);
        }
        case BUDGET_SPENT -> {
          return stale(
              cached,
              "the day's budget of "
                  + dailyBudget
                  + " Recommender reads (INSIGHTS_DAILY_BUDGET) is spent");
        }
        case STARTED -> {}
      }
    } catch (TransientFailureException e) {
      log.warning(
          "Insights not read, the notification log failed: project="
              + project
              + " location="
              + location
              + " error="
              + e.getMessage());
      return InsightsRead.unavailable(
          "the notification log, which keeps the insights budget, failed");
    }
    InsightsRead read = fetch(project, location, deadline);
    if (read.wasRead()) {
      try {
        ledger.store(project, location, new InsightLedger.Cached(read.insights(), now), deadline);
      } catch (TransientFailureException e) {
        log.warning("Insights read but not cached: " + e.getMessage());
      }
    }
    return read;
  }

  /**
   * Waits, a few seconds at most, for the instance that holds the lease to put its answer in the
   * cache; what was read before, or why there is nothing, when it does not come in time.
   */
  private InsightsRead awaitOtherReader(
      String project, String location, Optional<InsightLedger.Cached> before, Deadline deadline) {
    Deadline wait = Deadline.after(deadline.cap(READ_TIMEOUT).dividedBy(2));
    while (!wait.passed()) {
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      Optional<InsightLedger.Cached> cached = ledger.cached(project, location, deadline);
      if (cached.isPresent() && clock.instant().isBefore(cached.get().readAt().plus(ttl))) {
        return InsightsRead.read(cached.get().insights());
      }
    }
    return stale(before, "another instance was reading them and had not answered yet");
  }

  /** Insights read before, when no fresh read is allowed; else why there are none. */
  private static InsightsRead stale(Optional<InsightLedger.Cached> cached, String reason) {
    return cached
        .map(c -> InsightsRead.read(c.insights()))
        .orElse(InsightsRead.unavailable(reason));
  }

  private InsightsRead fetch(String project, String location, Deadline deadline) {
    Duration timeout = deadline.cap(READ_TIMEOUT);
    Duration half = deadline.remaining().dividedBy(2);
    if (half.compareTo(timeout) < 0) {
      timeout = half;
    }
    try {
      List<Insight> insights = source.list(project, location, timeout);
      log.info(
          "Insights read: project="
              + project
              + " location="
              + location
              + " insights="
              + insights.size());
      return InsightsRead.read(insights);
    } catch (InsightsUnavailableException e) {
      log.warning(
          "Insights not read: project="
              + project
              + " location="
              + location
              + " reason="
              + e.reason()
              + " error="
              + e.getMessage());
      if (e.reason() == InsightsUnavailableException.Reason.QUOTA_EXHAUSTED) {
        pause(deadline);
      }
      return InsightsRead.unavailable(e.getMessage());
    }
  }

  private void pause(Deadline deadline) {
    try {
      ledger.pauseUntil(clock.instant().plus(QUOTA_PAUSE), deadline);
    } catch (TransientFailureException e) {
      log.warning("Insight reads not paused, the notification log failed: " + e.getMessage());
    }
  }
}
