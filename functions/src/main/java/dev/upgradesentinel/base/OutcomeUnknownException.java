package dev.upgradesentinel.base;

/**
 * A transient failure after which nobody knows whether the service acted: the request was sent and
 * the answer never came (a timeout, a reset connection) or was a server error that may follow the
 * work. A sink that can ask the service looks for the message before it posts again.
 */
public class OutcomeUnknownException extends TransientFailureException {
  public OutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }

  public OutcomeUnknownException(String message) {
    super(message);
  }

  /** Whether {@code failure}, or one of its causes, left a request's outcome unknown. */
  public static boolean in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutcomeUnknownException) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed instanceof OutcomeUnknownException) {
          return true;
        }
      }
    }
    return false;
  }
}
