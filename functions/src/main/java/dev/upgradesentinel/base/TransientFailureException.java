package dev.upgradesentinel.base;

/**
 * A failure that a later attempt may not meet: an API or a sink was unavailable, rate limited or
 * slow. Event functions let it escape so that Pub/Sub redelivers the message.
 */
public class TransientFailureException extends RuntimeException {
  public TransientFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  public TransientFailureException(String message) {
    super(message);
  }
}
