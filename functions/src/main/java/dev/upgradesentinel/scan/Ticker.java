package dev.upgradesentinel.scan;

import java.time.Duration;

/**
 * The monotonic time that rate limiting and backoff read and wait on; tests pass a fake whose
 * {@link #sleep} advances its own clock, so pacing is checked without waiting.
 */
public interface Ticker {

  /** The real clock: {@link System#nanoTime()} and {@link Thread#sleep}. */
  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
          if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
          }
        }
      };

  /** Nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Waits for the duration; zero or negative returns at once. */
  void sleep(Duration duration) throws InterruptedException;
}
