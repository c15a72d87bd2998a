package dev.upgradesentinel.sinks.slack;

import dev.upgradesentinel.sinks.Delivery;
import java.util.logging.Logger;

/** Logs what a Slack sink would post under {@code DRY_RUN=true}, the same way for every sink. */
final class SlackDryRun {
  private static final Logger logger = Logger.getLogger(SlackDryRun.class.getName());

  private SlackDryRun() {}

  /** Two records: the message as a person reads it, and the exact payload for tooling. */
  static void log(String sink, Delivery delivery, String json) {
    logger.info(
        () ->
            "DRY_RUN: would post to Slack sink="
                + sink
                + " kind="
                + delivery.kind()
                + " summary="
                + delivery.message().summary()
                + "\n"
                + delivery.message().plainText());
    logger.info(() -> "DRY_RUN: Slack payload sink=" + sink + " json=" + json);
  }
}
