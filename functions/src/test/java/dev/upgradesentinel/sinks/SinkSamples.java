package dev.upgradesentinel.sinks;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.TestAssessments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Deliveries about one BLOCKED finding, as the pipeline hands them to a sink. */
public final class SinkSamples {
  public static final String FINDING_ID = "gus-0123456789abcdef";
  public static final Assessment ASSESSMENT = TestAssessments.blockedByControlPlane();
  public static final Message MESSAGE =
      new GuidanceRenderer(
              Language.EN, Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC))
          .render(ASSESSMENT);

  private SinkSamples() {}

  public static Delivery delivery(Delivery.Kind kind) {
    return delivery(kind, MESSAGE, Optional.empty());
  }

  public static Delivery delivery(Delivery.Kind kind, Message message, Optional<Receipt> original) {
    return new Delivery(
        kind,
        message,
        original,
        Deadline.after(Duration.ofSeconds(20)),
        FINDING_ID,
        Optional.of(ASSESSMENT));
  }
}
