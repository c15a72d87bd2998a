package dev.upgradesentinel.delivery;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.testing.FirestoreEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The insight ledger on the real Firestore emulator, shared by two instances' logs. */
class FirestoreInsightLedgerTest {
  private static final String PROJECT = "sentinel-insights";
  private static FirestoreEmulator firestore;
  private static int collections;
  private InsightLedger one;
  private InsightLedger two;

  @BeforeAll
  static void startEmulator() {
    firestore = FirestoreEmulator.start();
  }

  @AfterAll
  static void stopEmulator() {
    if (firestore != null) {
      firestore.close();
    }
  }

  @BeforeEach
  void twoInstances() {
    firestore.clear(PROJECT);
    String collection = "ledger-" + ++collections;
    // The second instance speaks Firestore's REST API, the first gRPC, over one ledger.
    one = log(collection, false).insightLedger();
    two = log(collection, true).insightLedger();
  }

  private static NotificationLog log(String collection, boolean rest) {
    return firestore.notificationLog(PROJECT, collection, rest);
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  @Test
  void cache_isSharedAndKeepsEveryField_dottedContentKeysIncluded() {
    Map<String, String> content = new LinkedHashMap<>();
    content.put("deprecatedApis.0.name", "flowcontrol.apiserver.k8s.io/v1beta3");
    content.put("userAgents.0", "flux/v2");
    Insight insight =
        new Insight(
            "projects/123/locations/us-central1/insightTypes/google.container.DiagnosisInsight/insights/a",
            "DEPRECATION_K8S_1_32_API",
            "Calls to APIs removed in 1.32.",
            "DISMISSED",
            List.of(
                "//container.googleapis.com/projects/shop-prod/locations/us-central1/clusters/c"),
            "2026-11-30T06:00:00Z",
            content);
    Instant readAt = Instant.parse("2026-12-01T09:00:00.123Z");

    one.store(
        "shop-prod", "us-central1", new InsightLedger.Cached(List.of(insight), readAt), deadline());
    InsightLedger.Cached cached = two.cached("shop-prod", "us-central1", deadline()).orElseThrow();

    assertThat(cached.readAt()).isEqualTo(readAt);
    assertThat(cached.insights()).containsExactly(insight);
    assertThat(two.cached("shop-prod", "europe-west1", deadline())).isEmpty();
  }

  @Test
  void budget_isOneForEveryInstance() {
    List<Boolean> takes = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      takes.add((i % 2 == 0 ? one : two).takeRead("2026-12-01", 5, deadline()));
    }

    assertThat(takes).containsExactly(true, true, true, true, true, false, false).inOrder();
    assertThat(one.takeRead("2026-12-02", 5, deadline())).isTrue();
  }

  @Test
  void budget_racingInstancesNeverGrantMoreThanIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> takes = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        InsightLedger ledger = i % 2 == 0 ? one : two;
        takes.add(pool.submit(() -> ledger.takeRead("2026-12-01", 5, deadline())));
      }
      int granted = 0;
      for (Future<Boolean> take : takes) {
        granted += take.get() ? 1 : 0;
      }
      assertThat(granted).isAtMost(5);
    } finally {
      pool.shutdownNow();
    }
    assertThat(one.takeRead("2026-12-01", 5, deadline())).isFalse();
  }

  @Test
  void pause_isSeenByTheOtherInstance() {
    Instant until = Instant.parse("2026-12-01T10:00:00Z");

    assertThat(two.pausedUntil(deadline())).isEmpty();
    one.pauseUntil(until, deadline());

    assertThat(two.pausedUntil(deadline())).hasValue(until);
  }

  @Test
  void lease_isHeldByOneInstance_untilItLapses() throws Exception {
    Instant now = Instant.parse("2026-12-01T09:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Boolean>> takes = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        InsightLedger ledger = i % 2 == 0 ? one : two;
        takes.add(
            pool.submit(
                () ->
                    ledger.tryLease(
                        "shop-prod", "us-central1", now, now.plusSeconds(15), deadline())));
      }
      int held = 0;
      for (Future<Boolean> take : takes) {
        held += take.get() ? 1 : 0;
      }
      assertThat(held).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            one.tryLease(
                "shop-prod", "us-central1", now.plusSeconds(10), now.plusSeconds(25), deadline()))
        .isFalse();
    assertThat(
            two.tryLease(
                "shop-prod", "us-central1", now.plusSeconds(16), now.plusSeconds(31), deadline()))
        .isTrue();
    assertThat(one.tryLease("shop-prod", "europe-west1", now, now.plusSeconds(15), deadline()))
        .isTrue();
  }
}
