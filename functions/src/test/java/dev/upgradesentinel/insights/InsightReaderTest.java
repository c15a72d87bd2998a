package dev.upgradesentinel.insights;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.delivery.InsightLedger;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InsightReaderTest {
  private static final Duration TTL = Duration.ofHours(12);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final InsightLedger ledger = new InMemoryNotificationLog().insightLedger();
  private final CountingSource source = new CountingSource();

  /** Answers one insight per read, or fails as told, and counts the reads. */
  static final class CountingSource implements InsightSource {
    final AtomicInteger calls = new AtomicInteger();
    volatile InsightsUnavailableException failure;
    volatile Duration latency = Duration.ZERO;

    @Override
    public List<Insight> list(String project, String location, Duration timeout) {
      calls.incrementAndGet();
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
      return List.of(
          new Insight(
              "projects/1/locations/" + location + "/insightTypes/t/insights/" + calls.get(),
              "DEPRECATION_K8S_1_32_API",
              "",
              "ACTIVE",
              List.of(),
              "",
              Map.of()));
    }

    @Override
    public boolean metered() {
      return true;
    }
  }

  private InsightReader reader(int budget) {
    return new InsightReader(source, ledger, TTL, budget, clock);
  }

  private static ClusterRef cluster(String project, String location, String name) {
    return new ClusterRef(project, location, name);
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(30));
  }

  @Test
  void tenNotificationsInOneProjectAndLocation_costOneRead_withinTheTtl() {
    InsightReader reader = reader(80);

    for (int i = 0; i < 10; i++) {
      InsightsRead read = reader.read(cluster("shop-prod", "us-central1", "c" + i), deadline());
      assertThat(read.wasRead()).isTrue();
      assertThat(read.insights()).hasSize(1);
      clock.advance(Duration.ofMinutes(30));
    }

    assertThat(source.calls.get()).isEqualTo(1);
    clock.advance(TTL);
    reader.read(cluster("shop-prod", "us-central1", "c0"), deadline());
    assertThat(source.calls.get()).isEqualTo(2);
  }

  @Test
  void concurrentReadsOfOneScope_waitForOneCall() throws Exception {
    source.latency = Duration.ofMillis(300);
    InsightReader reader = reader(80);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<InsightsRead>> reads = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ClusterRef ref = cluster("shop-prod", "us-central1", "c" + i);
        reads.add(pool.submit(() -> reader.read(ref, deadline())));
      }
      for (Future<InsightsRead> read : reads) {
        assertThat(read.get().wasRead()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(source.calls.get()).isEqualTo(1);
  }

  @Test
  void spentBudget_readsNothingMore_saysWhy_andUsesWhatWasReadBefore() {
    InsightReader reader = reader(1);

    InsightsRead first = reader.read(cluster("shop-prod", "us-central1", "a"), deadline());
    InsightsRead other = reader.read(cluster("shop-prod", "europe-west1", "b"), deadline());
    clock.advance(TTL.plusMinutes(1));
    InsightsRead stale = reader.read(cluster("shop-prod", "us-central1", "a"), deadline());

    assertThat(first.wasRead()).isTrue();
    assertThat(other.status()).isEqualTo(InsightsRead.Status.UNAVAILABLE);
    assertThat(other.reason())
        .isEqualTo("the day's budget of 1 Recommender reads (INSIGHTS_DAILY_BUDGET) is spent");
    assertThat(stale.wasRead()).isTrue();
    assertThat(source.calls.get()).isEqualTo(1);
  }

  @Test
  void budget_refillsOnThePacificDay() {
    InsightReader reader = reader(1);
    reader.read(cluster("shop-prod", "us-central1", "a"), deadline());
    // 09:00 UTC is 01:00 in Los Angeles; 07:00 UTC the next day is still the same Pacific day.
    clock.advance(Duration.ofHours(22));
    assertThat(reader.read(cluster("p2-prod", "us-central1", "a"), deadline()).wasRead()).isFalse();
    clock.advance(Duration.ofHours(2));
    assertThat(reader.read(cluster("p2-prod", "us-central1", "a"), deadline()).wasRead()).isTrue();
  }

  @Test
  void quotaRefusal_pausesReads_soTheNextNotificationDoesNotAskAgain() {
    source.failure =
        new InsightsUnavailableException(
            InsightsUnavailableException.Reason.QUOTA_EXHAUSTED, "quota spent", null);
    InsightReader reader = reader(80);

    InsightsRead refused = reader.read(cluster("shop-prod", "us-central1", "a"), deadline());
    InsightsRead paused = reader.read(cluster("shop-prod", "us-east1", "b"), deadline());
    clock.advance(InsightReader.QUOTA_PAUSE.plusSeconds(1));
    source.failure = null;
    InsightsRead resumed = reader.read(cluster("shop-prod", "us-east1", "b"), deadline());

    assertThat(refused.reason()).isEqualTo("quota spent");
    assertThat(paused.reason()).startsWith("Recommender's quota was exhausted; reads resume after");
    assertThat(resumed.wasRead()).isTrue();
    assertThat(source.calls.get()).isEqualTo(2);
  }

  @Test
  void off_readsNothing_andSaysWhy() {
    InsightsRead read =
        InsightReader.off("turned off with INSIGHTS=off")
            .read(cluster("shop-prod", "us-central1", "a"), deadline());

    assertThat(read.status()).isEqualTo(InsightsRead.Status.OFF);
    assertThat(read.reason()).isEqualTo("turned off with INSIGHTS=off");
  }

  @Test
  void twoInstancesMissingTheCacheAtOnce_spendOneRead_theOtherTakesItsAnswer() throws Exception {
    source.latency = Duration.ofMillis(600);
    InsightReader first = reader(80);
    InsightReader second = reader(80);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<InsightsRead> a =
          pool.submit(() -> first.read(cluster("shop-prod", "us-central1", "a"), deadline()));
      Future<InsightsRead> b =
          pool.submit(() -> second.read(cluster("shop-prod", "us-central1", "b"), deadline()));

      assertThat(a.get().wasRead()).isTrue();
      assertThat(b.get().wasRead()).isTrue();
      assertThat(b.get().insights()).isEqualTo(a.get().insights());
    } finally {
      pool.shutdownNow();
    }
    assertThat(source.calls.get()).isEqualTo(1);
  }
}
