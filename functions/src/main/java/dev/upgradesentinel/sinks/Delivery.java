package dev.upgradesentinel.sinks;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.guidance.Message;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message for a sink, with its place in the life of a finding, so that a sink that can thread
 * or edit (Slack's Web API) replies under or updates the first message instead of posting anew.
 *
 * @param kind what the message is about
 * @param message the guidance
 * @param original this sink's receipt for the message that opened the finding, when there is one
 * @param deadline when the sink must give up and let the event be redelivered
 * @param findingId identifies the finding from its first message to its resolution, the same for
 *     every sink and instance ({@code gus-} and 16 hex digits); a ticket label, a PagerDuty dedup
 *     key. Empty for stand-alone messages such as digests
 * @param assessment the assessment the message is about, for sinks that send structured data
 *     (PagerDuty's payload, the generic webhook's JSON) rather than the guidance's words; empty for
 *     stand-alone messages such as digests
 * @param messageKey identifies this message of the finding, the same in every retry and every
 *     instance ({@code gus-…/a1-new}), for receivers that deduplicate; empty for stand-alone
 *     messages
 * @param earlierAttempt when an earlier attempt to send this message began whose outcome is unknown
 *     (it crashed, or its request got no answer): the message may be at the sink already, and a
 *     sink that can look for it there does so before posting again
 */
public record Delivery(
    Kind kind,
    Message message,
    Optional<Receipt> original,
    Deadline deadline,
    String findingId,
    Optional<Assessment> assessment,
    String messageKey,
    Optional<Instant> earlierAttempt) {

  /** The step in a finding's life a message is about. */
  public enum Kind {
    /** A finding seen for the first time (or again after it was resolved). */
    NEW,
    /** The same finding, still open after the repeat interval. */
    REMINDER,
    /** The finding changed: pools migrated or appeared, the verdict moved. */
    UPDATE,
    /** The cluster no longer uses Docker-based images. */
    RESOLUTION,
    /** A result posted for information only ({@code NOTIFY_ON_CLEAR}); opens nothing. */
    NOTICE,
    /**
     * The full guidance of a new finding whose summary a sink that {@link Sink#threads() threads}
     * posted first, as a reply to it; opens nothing.
     */
    DETAIL,
    /**
     * Something that happened to an open finding's cluster (an upgrade started, failed, succeeded
     * or was canceled), said where the finding is: a reply in its thread, a comment on its ticket.
     * Only delivered with the finding's {@link Delivery#original() original}; opens nothing.
     */
    FOLLOW_UP
  }

  public Delivery {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(original, "original == null");
    Objects.requireNonNull(deadline, "deadline == null");
    Objects.requireNonNull(findingId, "findingId == null");
    Objects.requireNonNull(assessment, "assessment == null");
    Objects.requireNonNull(messageKey, "messageKey == null");
    Objects.requireNonNull(earlierAttempt, "earlierAttempt == null");
  }

  /** A first attempt at a message. */
  public Delivery(
      Kind kind,
      Message message,
      Optional<Receipt> original,
      Deadline deadline,
      String findingId,
      Optional<Assessment> assessment,
      String messageKey) {
    this(kind, message, original, deadline, findingId, assessment, messageKey, Optional.empty());
  }

  /** This delivery, as the attempt after one that began at {@code earlierAttempt}. */
  public Delivery after(Optional<Instant> earlierAttempt) {
    return new Delivery(
        kind, message, original, deadline, findingId, assessment, messageKey, earlierAttempt);
  }

  /** A delivery without a message key, for messages no receiver needs to deduplicate. */
  public Delivery(
      Kind kind,
      Message message,
      Optional<Receipt> original,
      Deadline deadline,
      String findingId,
      Optional<Assessment> assessment) {
    this(kind, message, original, deadline, findingId, assessment, "");
  }

  /** A delivery without the structured assessment, for sinks that need only the guidance. */
  public Delivery(
      Kind kind, Message message, Optional<Receipt> original, Deadline deadline, String findingId) {
    this(kind, message, original, deadline, findingId, Optional.empty());
  }

  /** A stand-alone message, as {@link Sink#send} delivers it. */
  public static Delivery of(Message message, Deadline deadline) {
    return new Delivery(Kind.NEW, message, Optional.empty(), deadline, "");
  }
}
