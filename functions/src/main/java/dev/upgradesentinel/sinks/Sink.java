package dev.upgradesentinel.sinks;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.guidance.Message;
import java.time.Duration;

/**
 * A place guidance is delivered to: a chat channel, a ticket system.
 *
 * <p>{@link #deliver} returns when the message was delivered or when it can never be (the sink
 * logged why at ERROR, and says so in the receipt); it throws {@link
 * dev.upgradesentinel.base.TransientFailureException} when a later attempt may succeed, so that
 * Pub/Sub redelivers.
 */
public interface Sink {

  /** How long {@link #send} may take when the caller gives no deadline. */
  Duration DEFAULT_SEND_TIME = Duration.ofSeconds(30);

  /** A short name for logs and the notification log, such as {@code slack-webhook}. */
  String name();

  /**
   * Delivers one message about a finding, before the deadline.
   *
   * @return what the sink did with it; the notification log keeps it for later messages
   * @throws dev.upgradesentinel.base.TransientFailureException when a retry may succeed
   */
  Receipt deliver(Delivery delivery);

  /**
   * Whether the sink can post a reply under a message it posted, so that a long message's summary
   * goes first and its full guidance follows as a reply ({@link Delivery.Kind#DETAIL}).
   */
  default boolean threads() {
    return false;
  }

  /** Delivers a stand-alone message, as {@link #deliver} does for a new finding. */
  default void send(Message message) {
    deliver(Delivery.of(message, Deadline.after(DEFAULT_SEND_TIME)));
  }
}
