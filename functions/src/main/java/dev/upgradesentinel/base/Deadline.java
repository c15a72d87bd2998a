package dev.upgradesentinel.base;

import java.time.Duration;

/**
 * The moment by which the handling of one event must end, kept below the function's timeout so that
 * the function fails in an orderly way (and Pub/Sub redelivers) instead of being killed half-way.
 * Measured on the monotonic clock, which wall-clock changes do not move.
 */
public final class Deadline {
  private final long endNanos;

  private Deadline(long endNanos) {
    this.endNanos = endNanos;
  }

  public static Deadline after(Duration duration) {
    return new Deadline(System.nanoTime() + duration.toNanos());
  }

  /** Time left; zero once passed. */
  public Duration remaining() {
    long left = endNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean passed() {
    return remaining().isZero();
  }

  /** The smaller of {@code max} and the time left. */
  public Duration cap(Duration max) {
    Duration left = remaining();
    return left.compareTo(max) < 0 ? left : max;
  }

  /**
   * This deadline moved later by {@code grace}, for recording the outcome of work already done: the
   * event's deadline stays below the function's timeout by more than the grace, and losing the
   * record of a message that went out would post it again.
   */
  public Deadline withGrace(Duration grace) {
    return new Deadline(endNanos + grace.toNanos());
  }

  /**
   * Fails once the deadline has passed.
   *
   * @throws TransientFailureException naming what could not be done in time; Pub/Sub redelivers
   */
  public void check(String what) {
    if (passed()) {
      throw new TransientFailureException("deadline passed before " + what);
    }
  }
}
