package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.guidance.TestAssessments;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestDeliveryTest {
  private final NotificationLog sharedLog = new InMemoryNotificationLog();

  /** A sink that records what it took and fails the first {@code failures} times. */
  private static final class RecordingSink implements Sink {
    private final String name;
    private int failures;
    final List<String> taken = new ArrayList<>();

    RecordingSink(String name, int failures) {
      this.name = name;
      this.failures = failures;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Receipt deliver(Delivery delivery) {
      if (failures > 0) {
        failures--;
        throw new TransientFailureException(name + " is down");
      }
      taken.add(delivery.message().title());
      return Receipt.delivered();
    }
  }

  /** A new instance of the worker's digest delivery, sharing the notification log. */
  private DigestDelivery instance() {
    return new DigestDelivery(Language.EN, false, sharedLog, Clock.systemUTC());
  }

  private static ScanRequest batch(int batch) {
    return new ScanRequest(
        "scan-weekly-1",
        ScanRequest.Kind.SWEEP,
        List.of("platform-prod"),
        "-",
        "",
        true,
        "",
        "scheduler",
        batch,
        3);
  }

  private static ScanResult blocked() {
    return new ScanResult(
        "scan-weekly-1",
        Instant.parse("2026-11-25T07:00:00Z"),
        1,
        List.of(TestAssessments.blockedByControlPlane()),
        List.of());
  }

  @Test
  void deliver_sameBatchOnAnotherInstance_postsOncePerSink() {
    RecordingSink slack = new RecordingSink("slack", 0);

    assertThat(instance().deliver(batch(1), blocked(), List.of(slack))).isTrue();
    instance().deliver(batch(1), blocked(), List.of(slack));

    assertThat(slack.taken).hasSize(1);
  }

  @Test
  void deliver_oneSinkFailing_redeliveryRepeatsOnlyThatSink() {
    RecordingSink slack = new RecordingSink("slack", 0);
    RecordingSink chat = new RecordingSink("chat", 1);

    assertThrows(
        TransientFailureException.class,
        () -> instance().deliver(batch(2), blocked(), List.of(slack, chat)));
    instance().deliver(batch(2), blocked(), List.of(slack, chat));

    assertThat(slack.taken).hasSize(1);
    assertThat(chat.taken).hasSize(1);
  }

  @Test
  void deliver_otherBatchOfTheSameScan_isPostedToo() {
    RecordingSink slack = new RecordingSink("slack", 0);

    instance().deliver(batch(1), blocked(), List.of(slack));
    instance().deliver(batch(3), blocked(), List.of(slack));

    assertThat(slack.taken).hasSize(2);
  }
}
