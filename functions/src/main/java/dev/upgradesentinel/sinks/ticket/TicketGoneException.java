package dev.upgradesentinel.sinks.ticket;

/**
 * Thrown by a ticket sink's API call when the ticket a finding's receipt names no longer exists
 * (deleted, moved), so that {@link TicketSink} can open a new one instead of refusing the message.
 */
public class TicketGoneException extends RuntimeException {
  public TicketGoneException(String message) {
    super(message);
  }
}
