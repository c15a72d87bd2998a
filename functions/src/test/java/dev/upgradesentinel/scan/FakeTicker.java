package dev.upgradesentinel.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A ticker whose time moves only when someone sleeps, recording every sleep. */
final class FakeTicker implements Ticker {
  private long now = 1_000_000_000L;
  final List<Duration> sleeps = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    now += Math.max(0, duration.toNanos());
  }
}
