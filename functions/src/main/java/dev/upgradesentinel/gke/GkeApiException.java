package dev.upgradesentinel.gke;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GKE API call that failed: the canonical status of its answer ({@code NOT_FOUND}, {@code
 * PERMISSION_DENIED}, ...) as the API gave it, or as the HTTP status implies when the body did not
 * say, with what the error's {@code details} add. A call that got no answer at all is {@code
 * UNAVAILABLE} (the connection failed) or {@code DEADLINE_EXCEEDED} (it ran out of time).
 */
final class GkeApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String status;
  private final int httpStatus;
  private final String reason;
  private final Map<String, String> metadata;
  private final Duration retryDelay;

  /**
   * @param status the canonical status name
   * @param httpStatus the answer's HTTP status; 0 when there was no answer
   * @param description what the server said, or what went wrong; may be blank
   * @param reason the {@code google.rpc.ErrorInfo} reason, such as {@code SERVICE_DISABLED}, or
   *     null
   * @param metadata the ErrorInfo's metadata (its {@code service}, {@code consumer}, ...)
   * @param retryDelay the {@code google.rpc.RetryInfo} delay, or null
   * @param cause the I/O failure behind a call without an answer, or null
   */
  GkeApiException(
      String status,
      int httpStatus,
      String description,
      String reason,
      Map<String, String> metadata,
      Duration retryDelay,
      Throwable cause) {
    super(
        description == null || description.isBlank()
            ? Objects.requireNonNull(status, "status == null")
            : status + ": " + description,
        cause);
    this.status = status;
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata == null"));
    this.retryDelay = retryDelay;
  }

  /** A failure without an answer, or without details. */
  GkeApiException(String status, int httpStatus, String description, Throwable cause) {
    this(status, httpStatus, description, null, Map.of(), null, cause);
  }

  /** The canonical status name, such as {@code NOT_FOUND}. */
  String status() {
    return status;
  }

  /** The answer's HTTP status; 0 when the call got no answer. */
  int httpStatus() {
    return httpStatus;
  }

  /** The ErrorInfo reason: {@code SERVICE_DISABLED}, {@code RATE_LIMIT_EXCEEDED}, ... */
  Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** One value of the ErrorInfo's metadata, such as {@code consumer} ({@code projects/N}). */
  Optional<String> metadata(String key) {
    return Optional.ofNullable(metadata.get(key));
  }

  /** How long the API asked to wait before the next attempt (RetryInfo), if it said. */
  Optional<Duration> retryDelay() {
    return Optional.ofNullable(retryDelay);
  }

  /** The API is not enabled in the consumer project: GKE's ErrorInfo reason for it. */
  boolean serviceDisabled() {
    return "SERVICE_DISABLED".equals(reason);
  }

  /**
   * Whether the same request, sent again, may succeed: the service was unavailable, the call ran
   * out of time, or the quota was spent for now. Those are the codes Google's client libraries
   * retry for reads.
   */
  boolean retryable() {
    return switch (status) {
      case "UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED" -> true;
      default -> false;
    };
  }
}
