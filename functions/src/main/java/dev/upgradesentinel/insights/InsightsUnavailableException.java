package dev.upgradesentinel.insights;

import java.util.Objects;

/** Insights could not be read; the message says why, for people, without secrets. */
public final class InsightsUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, as far as the next read is concerned. */
  public enum Reason {
    /** The runtime account lacks the permission to list GKE diagnosis insights. */
    PERMISSION_DENIED,
    /** Recommender's quota is exhausted (429): reads pause. */
    QUOTA_EXHAUSTED,
    /** Recommender failed or did not answer in time. */
    UNAVAILABLE,
    /** The request was refused for another reason, such as the Recommender API being disabled. */
    REFUSED
  }

  private final Reason reason;

  public InsightsUnavailableException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  public Reason reason() {
    return reason;
  }
}
