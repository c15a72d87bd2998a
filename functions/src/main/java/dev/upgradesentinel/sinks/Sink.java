package dev.upgradesentinel.sinks;

import dev.upgradesentinel.guidance.Message;

/**
 * A place guidance is delivered to: a chat channel, a ticket system.
 *
 * <p>{@link #send} returns normally when the message was delivered or when it can never be (the
 * sink logged why at ERROR); it throws {@link dev.upgradesentinel.delivery.TransientFailureException}
 * when a later attempt may succeed, so that Pub/Sub redelivers.
 */
public interface Sink {

  /** A short name for logs, such as {@code slack-webhook}. */
  String name();

  void send(Message message);
}
