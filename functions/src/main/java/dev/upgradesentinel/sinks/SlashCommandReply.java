package dev.upgradesentinel.sinks;

import dev.upgradesentinel.guidance.Message;
import java.net.URI;

/**
 * Answers a slash command at the response URL the chat platform gave with it.
 *
 * <p>{@link #send} throws {@link dev.upgradesentinel.base.TransientFailureException} when a later
 * attempt may succeed, so that Pub/Sub redelivers the scan request.
 */
public interface SlashCommandReply {

  /** Posts the message as the answer to the command; the URL is a secret and is never logged. */
  void send(URI responseUrl, Message message);
}
