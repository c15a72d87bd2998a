package dev.upgradesentinel.sinks;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every sink of an instance shares: the HTTP client, the clock, how long one request may take,
 * how to wait between attempts, and whether sinks only log what they would send.
 *
 * @param requestTimeout the longest one request may take; the event's deadline may cut it shorter
 * @param sleeper waits between attempts; tests pass one that records instead of sleeping
 * @param dryRun log what would be sent instead of sending it
 */
public record SinkContext(
    HttpClient client, Clock clock, Duration requestTimeout, Sleeper sleeper, boolean dryRun) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** How a sink waits between attempts outside tests. */
  public static final Sleeper SLEEP = d -> Thread.sleep(d.toMillis());

  /** Waits between attempts. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public SinkContext {
    Objects.requireNonNull(client, "client == null");
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(requestTimeout, "requestTimeout == null");
    Objects.requireNonNull(sleeper, "sleeper == null");
  }

  /** The context of a deployed instance: the system clock, the default timeout, real sleeps. */
  public static SinkContext of(HttpClient client, boolean dryRun) {
    return new SinkContext(client, Clock.systemUTC(), DEFAULT_REQUEST_TIMEOUT, SLEEP, dryRun);
  }

  public SinkContext withClock(Clock clock) {
    return new SinkContext(client, clock, requestTimeout, sleeper, dryRun);
  }

  public SinkContext withRequestTimeout(Duration requestTimeout) {
    return new SinkContext(client, clock, requestTimeout, sleeper, dryRun);
  }

  public SinkContext withSleeper(Sleeper sleeper) {
    return new SinkContext(client, clock, requestTimeout, sleeper, dryRun);
  }
}
