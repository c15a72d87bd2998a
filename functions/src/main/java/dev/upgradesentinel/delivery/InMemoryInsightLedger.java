package dev.upgradesentinel.delivery;

import dev.upgradesentinel.base.Deadline;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The insight ledger of one instance, kept with its in-memory notification log. */
final class InMemoryInsightLedger implements InsightLedger {
  private final Map<String, Cached> cache = new HashMap<>();
  private final Map<String, Integer> reads = new HashMap<>();
  private final Map<String, Instant> leases = new HashMap<>();
  private Instant pausedUntil;

  @Override
  public synchronized Optional<Cached> cached(String project, String location, Deadline deadline) {
    return Optional.ofNullable(cache.get(project + "/" + location));
  }

  @Override
  public synchronized void store(
      String project, String location, Cached cached, Deadline deadline) {
    cache.put(project + "/" + location, cached);
  }

  @Override
  public synchronized boolean takeRead(String day, int budget, Deadline deadline) {
    int taken = reads.getOrDefault(day, 0);
    if (taken >= budget) {
      return false;
    }
    reads.put(day, taken + 1);
    return true;
  }

  @Override
  public synchronized boolean tryLease(
      String project, String location, Instant now, Instant until, Deadline deadline) {
    Instant held = leases.get(project + "/" + location);
    if (held != null && now.isBefore(held)) {
      return false;
    }
    leases.put(project + "/" + location, until);
    return true;
  }

  @Override
  public synchronized Optional<Instant> pausedUntil(Deadline deadline) {
    return Optional.ofNullable(pausedUntil);
  }

  @Override
  public synchronized void pauseUntil(Instant until, Deadline deadline) {
    pausedUntil = until;
  }
}
