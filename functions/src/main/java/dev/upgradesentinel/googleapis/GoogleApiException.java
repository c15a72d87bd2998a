package dev.upgradesentinel.googleapis;

import java.util.Objects;

/**
 * A Google API call that failed, with the canonical status of its answer ({@code NOT_FOUND}, {@code
 * PERMISSION_DENIED}, ...) as the API gave it, or as the HTTP status implies when the body did not
 * say. A call that got no answer at all is {@code UNAVAILABLE} (the connection failed) or {@code
 * DEADLINE_EXCEEDED} (it timed out).
 */
public final class GoogleApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String status;
  private final int httpStatus;

  /**
   * @param status the canonical status name
   * @param httpStatus the answer's HTTP status; 0 when there was no answer
   * @param description what the server said, or what went wrong; may be blank
   * @param cause the I/O failure behind a call without an answer, or null
   */
  public GoogleApiException(String status, int httpStatus, String description, Throwable cause) {
    super(
        description == null || description.isBlank()
            ? Objects.requireNonNull(status, "status == null")
            : status + ": " + description,
        cause);
    this.status = status;
    this.httpStatus = httpStatus;
  }

  /** The canonical status name, such as {@code NOT_FOUND}. */
  public String status() {
    return status;
  }

  /** The answer's HTTP status; 0 when the call got no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Whether the same request, sent again, may succeed: the service was unavailable or the call ran
   * out of time. Those are the codes Google's client libraries retry for reads.
   */
  public boolean retryable() {
    return status.equals("UNAVAILABLE") || status.equals("DEADLINE_EXCEEDED");
  }
}
