package dev.upgradesentinel.scan;

import java.time.Duration;
import java.util.Objects;

/**
 * Paces requests to an API with a per-minute quota, shared by every thread of an instance.
 *
 * <p>It is a token bucket written as the generic cell rate algorithm: each request reserves the
 * next slot, slots are {@code 60 s / permitsPerMinute} apart, and up to {@code burst} requests may
 * go at once after a quiet spell. In any window of {@code t} seconds at most {@code burst + t *
 * permitsPerMinute / 60} requests go, so with the defaults (2,400 per minute, a burst of a tenth of
 * a second's worth) no minute sees more than 2,404 of GKE's 3,000, and no second more than 44: a
 * quota enforced per second rather than per minute is not tripped either. Reserving under the lock
 * and sleeping outside it keeps waiting threads from holding each other up.
 */
public final class RateLimiter {
  private final long intervalNanos;
  private final long toleranceNanos;
  private final Ticker ticker;
  private final int permitsPerMinute;
  private final int burst;
  private long theoreticalArrival; // guarded by this
  private boolean started; // guarded by this

  /**
   * @param permitsPerMinute the sustained rate
   * @param burst how many requests may go back to back after a pause, at least 1
   */
  public RateLimiter(int permitsPerMinute, int burst, Ticker ticker) {
    if (permitsPerMinute < 1 || burst < 1) {
      throw new IllegalArgumentException("permitsPerMinute and burst must be at least 1");
    }
    this.permitsPerMinute = permitsPerMinute;
    this.burst = burst;
    this.intervalNanos = Duration.ofMinutes(1).toNanos() / permitsPerMinute;
    this.toleranceNanos = (burst - 1) * intervalNanos;
    this.ticker = Objects.requireNonNull(ticker, "ticker == null");
  }

  /** A limiter at {@code permitsPerMinute} whose burst is a tenth of a second's worth. */
  public static RateLimiter perMinute(int permitsPerMinute, Ticker ticker) {
    return new RateLimiter(permitsPerMinute, Math.max(1, permitsPerMinute / 600), ticker);
  }

  /**
   * Waits until the next request may go.
   *
   * @throws InterruptedException when interrupted while waiting; the slot stays used
   */
  public void acquire() throws InterruptedException {
    long now = ticker.nanoTime();
    long wait = reserve(now) - now;
    if (wait > 0) {
      ticker.sleep(Duration.ofNanos(wait));
    }
  }

  public int permitsPerMinute() {
    return permitsPerMinute;
  }

  public int burst() {
    return burst;
  }

  /** Takes the earliest free slot at or after {@code now} and returns when it is. */
  private synchronized long reserve(long now) {
    if (!started) {
      theoreticalArrival = now;
      started = true;
    }
    long slot = Math.max(now, theoreticalArrival - toleranceNanos);
    theoreticalArrival = Math.max(theoreticalArrival, slot) + intervalNanos;
    return slot;
  }
}
