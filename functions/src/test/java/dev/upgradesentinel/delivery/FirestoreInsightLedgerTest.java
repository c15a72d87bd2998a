package dev.upgradesentinel.delivery;

import static com.google.common.truth.Truth.assertThat;
import static dev.upgradesentinel.delivery.InsightLedger.Start.BUDGET_SPENT;
import static dev.upgradesentinel.delivery.InsightLedger.Start.LEASE_TAKEN;
import static dev.upgradesentinel.delivery.InsightLedger.Start.STARTED;

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
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
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
    // Two instances over one ledger.
    one = log(collection).insightLedger();
    two = log(collection).insightLedger();
  }

  private static NotificationLog log(String collection) {
    return firestore.notificationLog(PROJECT, collection);
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

  /**
   * A location with many clusters: 160 insights of some 12 KB each, about twice the 1 MiB a
   * Firestore document may hold (and below the 4 MiB of one gRPC message). All of them are cached,
   * and read back whole by the other instance.
   */
  @Test
  void cache_insightsLargerThanOneDocument_areKeptWholeAcrossDocuments() {
    List<Insight> insights = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      Map<String, String> content = new LinkedHashMap<>();
      for (int a = 0; a < 40; a++) {
        content.put(
            "deprecatedApis." + a + ".userAgent",
            "kubectl/v1.29.3 (linux/amd64) kubernetes/6813625 job-" + i + "-" + "x".repeat(200));
      }
      insights.add(
          new Insight(
              "projects/123/locations/us-central1/insightTypes/google.container.DiagnosisInsight/"
                  + "insights/i-"
                  + i,
              "DEPRECATION_K8S_1_32_API",
              "Calls to APIs removed in 1.32.",
              "ACTIVE",
              List.of(
                  "//container.googleapis.com/projects/shop-prod/locations/us-central1/clusters/c-"
                      + i),
              "2026-11-30T06:00:00Z",
              content));
    }
    Instant readAt = Instant.parse("2026-12-01T09:00:00Z");

    one.store("shop-prod", "us-central1", new InsightLedger.Cached(insights, readAt), deadline());
    InsightLedger.Cached cached = two.cached("shop-prod", "us-central1", deadline()).orElseThrow();
    InsightLedger.Outlook outlook = two.outlook("shop-prod", "us-central1", deadline());

    assertThat(cached.readAt()).isEqualTo(readAt);
    assertThat(cached.insights()).containsExactlyElementsIn(insights).inOrder();
    assertThat(outlook.cached().orElseThrow().insights()).hasSize(160);
  }

  /** Starts a read of a location of its own, so that only the budget decides. */
  private static InsightLedger.Start startAlone(InsightLedger ledger, String location, int budget) {
    InsightLedger.Outlook seen = ledger.outlook("shop-prod", location, deadline());
    return ledger.startRead(seen, NOW.plusSeconds(15), "2026-12-01", budget, deadline());
  }

  @Test
  void budget_isOneForEveryInstance() {
    List<InsightLedger.Start> starts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      starts.add(startAlone(i % 2 == 0 ? one : two, "zone-" + i, 5));
    }

    assertThat(starts)
        .containsExactly(STARTED, STARTED, STARTED, STARTED, STARTED, BUDGET_SPENT, BUDGET_SPENT)
        .inOrder();
    InsightLedger.Outlook seen = one.outlook("shop-prod", "zone-5", deadline());
    assertThat(
            one.startRead(
                one.outlook("shop-prod", "zone-next-day", deadline()),
                NOW.plusSeconds(15),
                "2026-12-02",
                5,
                deadline()))
        .isEqualTo(STARTED);
    // A start the budget refused still took its lease, which lapses by itself.
    assertThat(seen.leaseUntil()).hasValue(NOW.plusSeconds(15));
  }

  @Test
  void budget_racingInstancesNeverGrantMoreThanIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<InsightLedger.Start>> starts = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        InsightLedger ledger = i % 2 == 0 ? one : two;
        String location = "zone-" + i;
        starts.add(pool.submit(() -> startAlone(ledger, location, 5)));
      }
      int granted = 0;
      for (Future<InsightLedger.Start> start : starts) {
        granted += start.get() == STARTED ? 1 : 0;
      }
      assertThat(granted).isAtMost(5);
    } finally {
      pool.shutdownNow();
    }
    assertThat(startAlone(one, "zone-late", 5)).isEqualTo(BUDGET_SPENT);
  }

  @Test
  void budgetOfZero_startsNothing() {
    assertThat(startAlone(one, "us-central1", 0)).isEqualTo(BUDGET_SPENT);
    assertThat(two.outlook("shop-prod", "us-central1", deadline()).leaseUntil()).isEmpty();
  }

  @Test
  void pause_isSeenByTheOtherInstance() {
    Instant until = Instant.parse("2026-12-01T10:00:00Z");

    assertThat(two.outlook("shop-prod", "us-central1", deadline()).pausedUntil()).isEmpty();
    one.pauseUntil(until, deadline());

    assertThat(two.outlook("shop-prod", "us-central1", deadline()).pausedUntil()).hasValue(until);
    assertThat(two.outlook("shop-prod", "europe-west1", deadline()).pausedUntil()).hasValue(until);
  }

  @Test
  void lease_racersThatReadTheSameOutlook_oneStarts_theOthersTakeNothing() throws Exception {
    InsightLedger.Outlook seen = one.outlook("shop-prod", "us-central1", deadline());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<InsightLedger.Start>> starts = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        InsightLedger ledger = i % 2 == 0 ? one : two;
        starts.add(
            pool.submit(
                () -> ledger.startRead(seen, NOW.plusSeconds(15), "2026-12-01", 2, deadline())));
      }
      List<InsightLedger.Start> ends = new ArrayList<>();
      for (Future<InsightLedger.Start> start : starts) {
        ends.add(start.get());
      }
      assertThat(ends.stream().filter(STARTED::equals).count()).isEqualTo(1);
      assertThat(ends.stream().filter(LEASE_TAKEN::equals).count()).isEqualTo(7);
    } finally {
      pool.shutdownNow();
    }
    // The seven that lost took nothing from the budget of two.
    assertThat(startAlone(two, "europe-west1", 2)).isEqualTo(STARTED);
    assertThat(startAlone(one, "asia-east1", 2)).isEqualTo(BUDGET_SPENT);
  }

  @Test
  void lease_lapsed_isTakenOverOnce() {
    assertThat(startAlone(one, "us-central1", 10)).isEqualTo(STARTED);
    InsightLedger.Outlook held = two.outlook("shop-prod", "us-central1", deadline());
    assertThat(held.leaseUntil()).hasValue(NOW.plusSeconds(15));

    // Past the lease, both instances see it lapsed; the one that writes first takes it over.
    InsightLedger.Start first =
        two.startRead(held, NOW.plusSeconds(31), "2026-12-01", 10, deadline());
    InsightLedger.Start second =
        one.startRead(held, NOW.plusSeconds(31), "2026-12-01", 10, deadline());

    assertThat(first).isEqualTo(STARTED);
    assertThat(second).isEqualTo(LEASE_TAKEN);
    assertThat(one.outlook("shop-prod", "us-central1", deadline()).leaseUntil())
        .hasValue(NOW.plusSeconds(31));
  }
}
