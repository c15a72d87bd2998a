package dev.upgradesentinel.delivery;

import dev.upgradesentinel.base.Deadline;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
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
  public synchronized Outlook outlook(String project, String location, Deadline deadline) {
    Instant lease = leases.get(project + "/" + location);
    return new Outlook(
        project,
        location,
        Optional.ofNullable(cache.get(project + "/" + location)),
        Optional.ofNullable(pausedUntil),
        Optional.ofNullable(lease),
        lease == null ? null : lease.toString());
  }

  @Override
  public synchronized Start startRead(
      Outlook seen, Instant until, String day, int budget, Deadline deadline) {
    String scope = seen.project() + "/" + seen.location();
    Instant lease = leases.get(scope);
    if (!Objects.equals(lease == null ? null : lease.toString(), seen.leaseVersion())) {
      return Start.LEASE_TAKEN;
    }
    leases.put(scope, until);
    int taken = reads.getOrDefault(day, 0);
    if (taken >= budget) {
      return Start.BUDGET_SPENT;
    }
    reads.put(day, taken + 1);
    return Start.STARTED;
  }

  @Override
  public synchronized void pauseUntil(Instant until, Deadline deadline) {
    pausedUntil = until;
  }
}
