package dev.upgradesentinel.delivery;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upgradesentinel.delivery.DocumentStore.Doc;
import dev.upgradesentinel.delivery.DocumentStore.Guarded;
import dev.upgradesentinel.delivery.DocumentStore.StoreException;
import dev.upgradesentinel.testing.FirestoreEmulator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Firestore's REST API as the log reaches it, on the real emulator, read back both through it and
 * through the client library: the two write and read the same documents.
 */
class RestDocumentStoreTest {
  private static final String PROJECT = "rest-store";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Ten writers on one document: the emulator ends each lock wait after 2 s. */
  private static final Duration CONTENDED = Duration.ofSeconds(60);

  private static FirestoreEmulator firestore;
  private static RestDocumentStore rest;
  private static ClientDocumentStore client;
  private static final AtomicInteger documents = new AtomicInteger();

  @BeforeAll
  static void start() {
    firestore = FirestoreEmulator.start();
    rest =
        RestDocumentStore.create(
            PROJECT,
            "(default)",
            firestore.hostPort(),
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    client =
        new ClientDocumentStore(
            () ->
                com.google.cloud.firestore.FirestoreOptions.newBuilder()
                    .setProjectId(PROJECT)
                    .setEmulatorHost(firestore.hostPort())
                    .build()
                    .getService());
  }

  @AfterAll
  static void stop() {
    if (firestore != null) {
      firestore.close();
    }
  }

  private static String fresh() {
    return "store-test/doc-" + documents.incrementAndGet() + "/sends/a1~slack";
  }

  private static Map<String, Object> everyType() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("default-pool", "COS");
    nested.put("when", Instant.parse("2026-12-01T07:00:00.123456Z"));
    List<Object> list = new ArrayList<>();
    list.add("DOCKER_NODE_IMAGES");
    list.add(Map.of("key", "a.b", "value", "c"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("text", "클러스터 <@U123>");
    fields.put("count", 9_007_199_254_740_993L); // beyond a double's exact integers
    fields.put("open", true);
    fields.put("at", Instant.parse("2026-12-02T10:00:00Z"));
    fields.put("pools", nested);
    fields.put("blockers", list);
    fields.put("previous", null);
    return fields;
  }

  @Test
  void set_everyValueType_readsBackTheSameThroughBothTransports() {
    String path = fresh();

    rest.set(path, everyType(), TIMEOUT);

    Doc viaRest = rest.get(path, TIMEOUT).orElseThrow();
    Doc viaClient = client.get(path, TIMEOUT).orElseThrow();
    assertThat(viaRest.fields()).isEqualTo(everyType());
    assertThat(viaClient.fields()).isEqualTo(everyType());
    assertThat(Instant.parse(viaRest.updateTime()))
        .isEqualTo(Instant.parse(viaClient.updateTime()));
  }

  @Test
  void get_absentDocument_isEmpty() {
    assertThat(rest.get(fresh(), TIMEOUT)).isEmpty();
  }

  @Test
  void create_existingDocument_isAlreadyExists() {
    String path = fresh();
    rest.create(path, Map.of("state", "sending"), TIMEOUT);

    StoreException e =
        assertThrows(
            StoreException.class, () -> rest.create(path, Map.of("state", "sending"), TIMEOUT));

    assertThat(e.code()).isEqualTo("ALREADY_EXISTS");
  }

  @Test
  void updateAndDelete_onlyWhileUnchangedSinceRead() {
    String path = fresh();
    client.create(path, Map.of("state", "sending", "owner", "a"), TIMEOUT);
    Doc read = rest.get(path, TIMEOUT).orElseThrow();
    rest.update(path, Map.of("owner", "b"), read.updateTime(), TIMEOUT);

    StoreException stale =
        assertThrows(
            StoreException.class,
            () -> rest.update(path, Map.of("owner", "c"), read.updateTime(), TIMEOUT));
    StoreException staleDelete =
        assertThrows(StoreException.class, () -> rest.delete(path, read.updateTime(), TIMEOUT));

    assertThat(stale.code()).isEqualTo("FAILED_PRECONDITION");
    assertThat(staleDelete.code()).isEqualTo("FAILED_PRECONDITION");
    Doc now = client.get(path, TIMEOUT).orElseThrow();
    assertThat(now.fields()).containsExactly("state", "sending", "owner", "b");
    rest.delete(path, now.updateTime(), TIMEOUT);
    assertThat(client.get(path, TIMEOUT)).isEmpty();
  }

  @Test
  void increment_keepsOtherFieldsAndAnswersTheCountAfterEachCall() {
    String path = fresh();
    client.set(path, Map.of("kept", "yes"), TIMEOUT);

    long first = rest.increment(path, Map.of("day", "2026-12-02"), "reads", TIMEOUT);
    long second = client.increment(path, Map.of("day", "2026-12-02"), "reads", TIMEOUT);
    long third = rest.increment(path, Map.of("day", "2026-12-02"), "reads", TIMEOUT);

    assertThat(List.of(first, second, third)).containsExactly(1L, 2L, 3L).inOrder();
    assertThat(rest.get(path, TIMEOUT).orElseThrow().fields())
        .containsExactly("kept", "yes", "day", "2026-12-02", "reads", 3L);
  }

  @Test
  void getAll_answersInTheOrderAsked_absentOnesEmpty() {
    String first = fresh();
    String absent = fresh();
    String last = fresh();
    client.set(first, Map.of("n", 1L), TIMEOUT);
    rest.set(last, Map.of("n", 3L), TIMEOUT);

    for (DocumentStore store : List.of(rest, client)) {
      List<Optional<Doc>> docs = store.getAll(List.of(last, absent, first), TIMEOUT);

      assertThat(docs).hasSize(3);
      assertThat(docs.get(0).orElseThrow().fields()).containsExactly("n", 3L);
      assertThat(docs.get(1)).isEmpty();
      assertThat(docs.get(2).orElseThrow().fields()).containsExactly("n", 1L);
    }
  }

  @Test
  void guardedIncrement_writesBothOrNeither() {
    for (DocumentStore store : List.of(rest, client)) {
      String counter = fresh();
      String guarded = fresh();
      Guarded create = new Guarded(guarded, Map.of("until", Instant.EPOCH), null);

      long counted = store.increment(counter, Map.of("day", "d"), "reads", create, TIMEOUT);
      StoreException exists =
          assertThrows(
              StoreException.class,
              () -> store.increment(counter, Map.of("day", "d"), "reads", create, TIMEOUT));
      Doc created = store.get(guarded, TIMEOUT).orElseThrow();
      Guarded takeOver =
          new Guarded(guarded, Map.of("until", Instant.ofEpochSecond(60)), created.updateTime());
      long again = store.increment(counter, Map.of("day", "d"), "reads", takeOver, TIMEOUT);
      StoreException changed =
          assertThrows(
              StoreException.class,
              () -> store.increment(counter, Map.of("day", "d"), "reads", takeOver, TIMEOUT));

      assertThat(List.of(counted, again)).containsExactly(1L, 2L).inOrder();
      assertThat(exists.code()).isEqualTo("ALREADY_EXISTS");
      assertThat(changed.code()).isEqualTo("FAILED_PRECONDITION");
      assertThat(rest.get(counter, TIMEOUT).orElseThrow().number("reads")).isEqualTo(2L);
      assertThat(client.get(guarded, TIMEOUT).orElseThrow().instant("until"))
          .isEqualTo(Instant.ofEpochSecond(60));
    }
  }

  @Test
  void transaction_functionThatThrows_writesNothingAndThrowsIt() {
    String path = fresh();
    IllegalStateException own = new IllegalStateException("stop");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                rest.transaction(
                    path,
                    current -> {
                      throw own;
                    },
                    5,
                    TIMEOUT));

    assertThat(e).isSameInstanceAs(own);
    assertThat(rest.get(path, TIMEOUT)).isEmpty();
  }

  /** Ten writers add one each to a counter in transactions, REST and client library mixed. */
  @Test
  void transaction_contendedByTenWriters_losesNoUpdate() throws Exception {
    String path = fresh();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      DocumentStore store = i % 2 == 0 ? rest : client;
      writers.add(
          pool.submit(
              () -> {
                go.await();
                store.transaction(
                    path,
                    current -> {
                      long count = current.map(d -> d.number("count")).orElse(0L);
                      return Optional.of(Map.of("count", count + 1));
                    },
                    20,
                    CONTENDED);
                return null;
              }));
    }
    go.countDown();
    for (Future<?> writer : writers) {
      writer.get();
    }
    pool.shutdown();

    assertThat(rest.get(path, TIMEOUT).orElseThrow().number("count")).isEqualTo(10L);
  }
}
