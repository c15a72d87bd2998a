package dev.upgradesentinel.sinks;

import java.util.Objects;

/**
 * What a sink reports back about one delivery, kept in the notification log so that later
 * deliveries about the same finding can thread under, or update, the first one.
 *
 * @param outcome whether the sink took the message or refused it for good
 * @param channel where the message went (a Slack channel id, a ticket project); empty if unknown
 * @param id the message's id there (a Slack {@code ts}, a ticket key); empty if the sink has none
 */
public record Receipt(Outcome outcome, String channel, String id) {

  /** How a delivery ended. */
  public enum Outcome {
    /** The sink took the message. */
    DELIVERED,
    /** The sink refused the message in a way no retry fixes; the sink logged why at SEVERE. */
    REFUSED
  }

  public Receipt {
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(channel, "channel == null");
    Objects.requireNonNull(id, "id == null");
  }

  /** Delivered to a sink that gives messages no id, such as an incoming webhook. */
  public static Receipt delivered() {
    return new Receipt(Outcome.DELIVERED, "", "");
  }

  public static Receipt delivered(String channel, String id) {
    return new Receipt(Outcome.DELIVERED, channel, id);
  }

  public static Receipt refused() {
    return new Receipt(Outcome.REFUSED, "", "");
  }

  /** Whether a later message can refer to this one: it was delivered and has an id. */
  public boolean isAddressable() {
    return outcome == Outcome.DELIVERED && !id.isEmpty() && !channel.isEmpty();
  }
}
