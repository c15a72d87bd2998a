package dev.upgradesentinel.delivery;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.OutcomeUnknownException;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.testing.FirestoreEmulator;
import dev.upgradesentinel.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Claims, leases and the memory of attempts whose outcome is unknown, on both logs: the in-memory
 * one and Firestore on the real emulator, with two instances sharing it.
 */
class OnceSenderTest {
  private static final String PROJECT = "sentinel-claims";
  private static final ClusterRef CLUSTER = new ClusterRef("shop-prod", "us-central1", "checkout");
  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final Message MESSAGE =
      new Message("Cluster checkout: upgrade blocked", Verdict.BLOCKED, List.of());
  private static FirestoreEmulator firestore;
  private static final AtomicInteger collections = new AtomicInteger();

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

  /** Two instances' views of one log. */
  record Logs(String name, NotificationLog one, NotificationLog two) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> logs() {
    Supplier<Logs> memory =
        () -> {
          NotificationLog shared = new InMemoryNotificationLog();
          return new Logs("in memory", shared, shared);
        };
    Supplier<Logs> firestoreLogs =
        () -> {
          String collection = "claims-" + collections.incrementAndGet();
          return new Logs("firestore", firestoreLog(collection), firestoreLog(collection));
        };
    return Stream.of(Arguments.of(memory), Arguments.of(firestoreLogs));
  }

  private static NotificationLog firestoreLog(String collection) {
    return firestore.notificationLog(PROJECT, collection);
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  private static Claim claim(NotificationLog log, String owner, Instant now) {
    return log.claim(CLUSTER, "a1-new", "slack", owner, now, now.plus(LEASE), deadline());
  }

  /** A sink that runs the given behaviour and counts its calls. */
  private static class ScriptedSink implements Sink {
    final List<Optional<Instant>> earlierAttempts = new CopyOnWriteArrayList<>();
    volatile RuntimeException failure;

    @Override
    public String name() {
      return "slack";
    }

    @Override
    public Receipt deliver(Delivery delivery) {
      earlierAttempts.add(delivery.earlierAttempt());
      if (failure != null) {
        throw failure;
      }
      return Receipt.delivered("C0CLAIM", "1700000000.000100");
    }
  }

  private static void send(OnceSender sender, ScriptedSink sink) {
    Delivery delivery =
        new Delivery(
            Delivery.Kind.NEW,
            MESSAGE,
            Optional.empty(),
            deadline(),
            "gus-0000000000000001",
            Optional.empty(),
            "gus-0000000000000001/a1-new");
    sender.send(
        CLUSTER,
        "a1-new",
        deadline(),
        List.of(
            new OnceSender.Outgoing(sink, "", earlier -> sink.deliver(delivery.after(earlier)))),
        "test");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void crashedClaim_isFreeOnceItsLeaseLapses_andTheNextAttemptLearnsWhenTheCrashedOneBegan(
      Supplier<Logs> make) {
    Logs logs = make.get();
    Instant start = Instant.parse("2026-12-02T03:00:00Z");

    assertThat(claim(logs.one(), "crashed", start).state()).isEqualTo(Claim.State.CLAIMED);
    assertThat(claim(logs.two(), "next", start.plusSeconds(14)).state())
        .isEqualTo(Claim.State.BUSY);
    Claim taken = claim(logs.two(), "next", start.plus(LEASE));

    assertThat(taken.state()).isEqualTo(Claim.State.CLAIMED);
    assertThat(taken.earlierAttempt()).hasValue(start);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void releasedWithOutcomeUnknown_isFreeAtOnce_andRemembersTheFirstUncertainAttempt(
      Supplier<Logs> make) {
    Logs logs = make.get();
    Instant start = Instant.parse("2026-12-02T03:00:00Z");

    claim(logs.one(), "first", start);
    logs.one().release(CLUSTER, "a1-new", "slack", "first", true, start.plusSeconds(2), deadline());
    Claim second = claim(logs.two(), "second", start.plusSeconds(3));
    // A certain failure (a rate limit) after an uncertain one: the message may still be there.
    logs.two()
        .release(CLUSTER, "a1-new", "slack", "second", false, start.plusSeconds(4), deadline());
    Claim third = claim(logs.one(), "third", start.plusSeconds(5));

    assertThat(second.state()).isEqualTo(Claim.State.CLAIMED);
    assertThat(second.earlierAttempt()).hasValue(start);
    assertThat(third.state()).isEqualTo(Claim.State.CLAIMED);
    assertThat(third.earlierAttempt()).hasValue(start);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void releasedAfterACertainFailure_leavesNoDoubt(Supplier<Logs> make) {
    Logs logs = make.get();
    Instant start = Instant.parse("2026-12-02T03:00:00Z");

    claim(logs.one(), "first", start);
    logs.one()
        .release(CLUSTER, "a1-new", "slack", "first", false, start.plusSeconds(1), deadline());
    Claim next = claim(logs.two(), "second", start.plusSeconds(2));

    assertThat(next.state()).isEqualTo(Claim.State.CLAIMED);
    assertThat(next.earlierAttempt()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void renew_extendsOnlyTheOwnersClaim(Supplier<Logs> make) {
    Logs logs = make.get();
    Instant start = Instant.parse("2026-12-02T03:00:00Z");
    claim(logs.one(), "owner", start);

    boolean stranger =
        logs.two().renew(CLUSTER, "a1-new", "slack", "stranger", start.plusSeconds(60), deadline());
    boolean owner =
        logs.one().renew(CLUSTER, "a1-new", "slack", "owner", start.plusSeconds(25), deadline());

    assertThat(stranger).isFalse();
    assertThat(owner).isTrue();
    assertThat(claim(logs.two(), "other", start.plusSeconds(20)).state())
        .isEqualTo(Claim.State.BUSY);
    assertThat(claim(logs.two(), "other", start.plusSeconds(25)).state())
        .isEqualTo(Claim.State.CLAIMED);
    assertThat(
            logs.one()
                .renew(CLUSTER, "a1-new", "slack", "owner", start.plusSeconds(40), deadline()))
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void duplicateFindingALiveClaim_failsWithoutSending(Supplier<Logs> make) {
    Logs logs = make.get();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-02T03:00:00Z"));
    claim(logs.one(), "sending-now", clock.instant());
    ScriptedSink sink = new ScriptedSink();

    TransientFailureException e =
        assertThrows(
            TransientFailureException.class, () -> send(new OnceSender(logs.two(), clock), sink));

    assertThat(e).hasCauseThat().hasMessageThat().contains("another delivery is sending now");
    assertThat(sink.earlierAttempts).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void sendWhoseAnswerWasLost_isRetriedWithTheTimeItFirstBegan_thenRecordedOnce(
      Supplier<Logs> make) {
    Logs logs = make.get();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-02T03:00:00Z"));
    Instant first = clock.instant();
    ScriptedSink sink = new ScriptedSink();
    sink.failure = new OutcomeUnknownException("no answer from Slack: HttpTimeoutException");

    assertThrows(
        TransientFailureException.class, () -> send(new OnceSender(logs.one(), clock), sink));
    clock.advance(Duration.ofSeconds(10));
    sink.failure = null;
    send(new OnceSender(logs.two(), clock), sink);
    send(new OnceSender(logs.one(), clock), sink);

    assertThat(sink.earlierAttempts).containsExactly(Optional.empty(), Optional.of(first));
    assertThat(logs.one().receipt(CLUSTER, "a1-new", "slack", deadline()))
        .hasValue(Receipt.delivered("C0CLAIM", "1700000000.000100"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void sendLongerThanTheLease_keepsItsClaimByRenewing(Supplier<Logs> make) throws Exception {
    Logs logs = make.get();
    Duration lease = Duration.ofMillis(900);
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Sink slow =
        new ScriptedSink() {
          @Override
          public Receipt deliver(Delivery delivery) {
            sending.countDown();
            try {
              finish.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return Receipt.delivered("C0CLAIM", "1700000000.000200");
          }
        };
    OnceSender sender = new OnceSender(logs.one(), Clock.systemUTC(), lease);
    Thread running =
        new Thread(
            () ->
                sender.send(
                    CLUSTER,
                    "a1-new",
                    deadline(),
                    List.of(
                        new OnceSender.Outgoing(
                            slow, "", earlier -> slow.deliver(Delivery.of(MESSAGE, deadline())))),
                    "test"));
    running.start();
    sending.await(30, TimeUnit.SECONDS);
    // Three leases later the claim still holds, because the sender renews it.
    Thread.sleep(lease.multipliedBy(3).toMillis());
    Instant now = Instant.now();
    Claim during =
        logs.two().claim(CLUSTER, "a1-new", "slack", "other", now, now.plus(lease), deadline());
    finish.countDown();
    running.join(30_000);
    Instant later = Instant.now();
    Claim after =
        logs.two().claim(CLUSTER, "a1-new", "slack", "other", later, later.plus(lease), deadline());

    assertThat(during.state()).isEqualTo(Claim.State.BUSY);
    assertThat(after.state()).isEqualTo(Claim.State.DONE);
    assertThat(after.receipt()).hasValue(Receipt.delivered("C0CLAIM", "1700000000.000200"));
  }
}
