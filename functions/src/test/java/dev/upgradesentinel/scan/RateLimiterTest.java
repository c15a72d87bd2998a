package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static List<Long> acquireTimes(RateLimiter limiter, FakeTicker ticker, int count)
      throws InterruptedException {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      limiter.acquire();
      times.add(ticker.nanoTime());
    }
    return times;
  }

  private static int maxWithin(List<Long> times, Duration window) {
    int most = 0;
    int start = 0;
    for (int end = 0; end < times.size(); end++) {
      while (times.get(end) - times.get(start) >= window.toNanos()) {
        start++;
      }
      most = Math.max(most, end - start + 1);
    }
    return most;
  }

  @Test
  void acquire_manyRequests_neverExceedBurstPlusRateInAnyWindow() throws Exception {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = new RateLimiter(600, 10, ticker);

    List<Long> times = acquireTimes(limiter, ticker, 1_500);

    assertThat(maxWithin(times, Duration.ofSeconds(1))).isAtMost(10 + 10);
    assertThat(maxWithin(times, Duration.ofMinutes(1))).isAtMost(600 + 10);
  }

  @Test
  void acquire_sustained_runsAtTheConfiguredRate() throws Exception {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = new RateLimiter(600, 10, ticker);
    long start = ticker.nanoTime();

    acquireTimes(limiter, ticker, 610);

    // The first 10 go at once, then one every 100 ms: the 610th after 600 intervals.
    assertThat(Duration.ofNanos(ticker.nanoTime() - start)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void acquire_defaultsAgainstGkeQuota_neverReach3000InAMinuteNor50InASecond() throws Exception {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = RateLimiter.perMinute(2_400, ticker);

    List<Long> times = acquireTimes(limiter, ticker, 6_000);

    assertThat(limiter.burst()).isEqualTo(4);
    assertThat(maxWithin(times, Duration.ofMinutes(1))).isAtMost(2_404);
    assertThat(maxWithin(times, Duration.ofSeconds(1))).isAtMost(44);
  }

  @Test
  void acquire_afterQuietSpell_allowsBurstWithoutWaiting() throws Exception {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = new RateLimiter(60, 5, ticker);
    acquireTimes(limiter, ticker, 20);
    ticker.sleep(Duration.ofMinutes(5));
    ticker.sleeps.clear();

    acquireTimes(limiter, ticker, 5);

    assertThat(ticker.sleeps).isEmpty();
  }

  @Test
  void acquire_burstOfOne_spacesEveryRequest() throws Exception {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = new RateLimiter(120, 1, ticker);

    List<Long> times = acquireTimes(limiter, ticker, 3);

    assertThat(times.get(1) - times.get(0)).isEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(times.get(2) - times.get(1)).isEqualTo(Duration.ofMillis(500).toNanos());
  }
}
