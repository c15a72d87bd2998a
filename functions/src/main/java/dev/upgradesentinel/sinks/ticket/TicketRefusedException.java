package dev.upgradesentinel.sinks.ticket;

/**
 * Thrown by a ticket sink's API call when the service refused it in a way no retry fixes (bad
 * credentials, no access, unknown project, invalid fields); {@link TicketSink} logs it at SEVERE
 * and returns a refused receipt, so the message is acknowledged and not redelivered.
 */
public class TicketRefusedException extends RuntimeException {
  /**
   * @param message what was refused and the service's own words, with secrets redacted
   */
  public TicketRefusedException(String message) {
    super(message);
  }
}
