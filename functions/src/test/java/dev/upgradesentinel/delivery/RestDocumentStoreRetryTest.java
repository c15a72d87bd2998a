package dev.upgradesentinel.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.delivery.DocumentStore.StoreException;
import dev.upgradesentinel.testing.GoogleApiErrors;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction that loses to another writer, as Firestore answers it ({@code 409 ABORTED}), at its
 * read or at its commit: run again with the aborted transaction's priority, and given up with its
 * code when attempts or time run out.
 */
class RestDocumentStoreRetryTest {
  private static final String ROOT = "/v1/projects/sentinel-ops/databases/\\(default\\)/documents";
  private static final String DOC =
      "projects/sentinel-ops/databases/(default)/documents/clusters/shop-prod~us-central1~checkout";
  private static final ResponseDefinitionBuilder LOCK_TIMEOUT =
      GoogleApiErrors.answer(409, "ABORTED", "Transaction lock timeout.");

  private WireMockServer firestore;
  private RestDocumentStore store;

  @BeforeEach
  void start() {
    firestore = new WireMockServer(wireMockConfig().dynamicPort());
    firestore.start();
    store =
        RestDocumentStore.create(
            "sentinel-ops",
            "(default)",
            "127.0.0.1:" + firestore.port(),
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
  }

  @AfterEach
  void stop() {
    firestore.stop();
  }

  private static ResponseDefinitionBuilder began(String transaction) {
    return okJson(
        "[{\"transaction\":\""
            + transaction
            + "\"},{\"missing\":\""
            + DOC
            + "\",\"readTime\":\"2026-12-01T07:00:00.000001Z\"}]");
  }

  private static final ResponseDefinitionBuilder COMMITTED =
      okJson(
          "{\"writeResults\":[{\"updateTime\":\"2026-12-01T07:00:00.000002Z\"}],"
              + "\"commitTime\":\"2026-12-01T07:00:00.000002Z\"}");

  private void answerReads(ResponseDefinitionBuilder... answers) {
    answerInTurn("batchGet", answers);
  }

  private void answerCommits(ResponseDefinitionBuilder... answers) {
    answerInTurn("commit", answers);
    firestore.stubFor(post(urlPathMatching(ROOT + ":rollback")).willReturn(okJson("{}")));
  }

  /** Answers one method's calls in turn, the last answer for every call after it. */
  private void answerInTurn(String method, ResponseDefinitionBuilder... answers) {
    String state = Scenario.STARTED;
    for (int i = 0; i < answers.length; i++) {
      String next = i + 1 < answers.length ? method + "-" + (i + 1) : state;
      firestore.stubFor(
          post(urlPathMatching(ROOT + ":" + method))
              .inScenario(method)
              .whenScenarioStateIs(state)
              .willReturn(answers[i])
              .willSetStateTo(next));
      state = next;
    }
  }

  private List<JsonObject> bodies(String method) {
    return firestore
        .findAll(
            com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathMatching(ROOT + ":" + method)))
        .stream()
        .map(LoggedRequest::getBodyAsString)
        .map(body -> JsonParser.parseString(body).getAsJsonObject())
        .toList();
  }

  private void increment(int attempts, AtomicInteger runs) {
    store.transaction(
        "clusters/shop-prod~us-central1~checkout",
        current -> {
          runs.incrementAndGet();
          return Optional.of(Map.of("count", 1L));
        },
        attempts,
        Duration.ofSeconds(20));
  }

  @Test
  void commitAborted_runsAgainRetryingTheAbortedTransaction() {
    answerReads(began("tx-1"), began("tx-2"));
    answerCommits(LOCK_TIMEOUT, COMMITTED);
    AtomicInteger runs = new AtomicInteger();

    increment(5, runs);

    assertThat(runs.get()).isEqualTo(2);
    List<JsonObject> reads = bodies("batchGet");
    assertThat(reads).hasSize(2);
    assertThat(reads.get(0).getAsJsonObject("newTransaction").getAsJsonObject("readWrite").size())
        .isEqualTo(0);
    assertThat(
            reads
                .get(1)
                .getAsJsonObject("newTransaction")
                .getAsJsonObject("readWrite")
                .get("retryTransaction")
                .getAsString())
        .isEqualTo("tx-1");
    List<JsonObject> commits = bodies("commit");
    assertThat(commits.get(0).get("transaction").getAsString()).isEqualTo("tx-1");
    assertThat(commits.get(1).get("transaction").getAsString()).isEqualTo("tx-2");
    assertThat(bodies("rollback")).hasSize(1);
    assertThat(bodies("rollback").get(0).get("transaction").getAsString()).isEqualTo("tx-1");
  }

  /** The read used to throw at once: a read that lost its lock began no transaction to retry. */
  @Test
  void readAborted_runsAgainWithoutRollingBackATransactionThatNeverBegan() {
    answerReads(LOCK_TIMEOUT, began("tx-2"));
    answerCommits(COMMITTED);
    AtomicInteger runs = new AtomicInteger();

    increment(5, runs);

    assertThat(runs.get()).isEqualTo(1);
    List<JsonObject> reads = bodies("batchGet");
    assertThat(reads).hasSize(2);
    assertThat(reads.get(1).getAsJsonObject("newTransaction").getAsJsonObject("readWrite").size())
        .isEqualTo(0);
    assertThat(bodies("commit")).hasSize(1);
    assertThat(bodies("rollback")).isEmpty();
  }

  @Test
  void abortedEveryTime_givesUpAfterItsAttemptsWithTheCode() {
    answerReads(began("tx-1"), began("tx-2"), began("tx-3"));
    answerCommits(LOCK_TIMEOUT);
    AtomicInteger runs = new AtomicInteger();

    StoreException e = assertThrows(StoreException.class, () -> increment(3, runs));

    assertThat(e.code()).isEqualTo("ABORTED");
    assertThat(runs.get()).isEqualTo(3);
    assertThat(bodies("commit")).hasSize(3);
    assertThat(bodies("rollback")).hasSize(3);
  }

  @Test
  void refusedOtherwise_isNotRunAgain() {
    answerReads(began("tx-1"));
    firestore.stubFor(
        post(urlPathMatching(ROOT + ":commit"))
            .willReturn(GoogleApiErrors.answer(400, "INVALID_ARGUMENT", "bad field")));
    firestore.stubFor(post(urlPathMatching(ROOT + ":rollback")).willReturn(okJson("{}")));
    AtomicInteger runs = new AtomicInteger();

    StoreException e = assertThrows(StoreException.class, () -> increment(5, runs));

    assertThat(e.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(runs.get()).isEqualTo(1);
    assertThat(bodies("rollback")).hasSize(1);
  }
}
