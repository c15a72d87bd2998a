package dev.upgradesentinel.events;

import java.util.Objects;

/** What the decoder made of one Pub/Sub message: a notification, or why there is none. */
public sealed interface Decoded {

  /** The Pub/Sub message id, or {@code "unknown"} when the envelope carried none. */
  String messageId();

  /** A GKE notification the product acts on. */
  record Accepted(GkeNotification notification) implements Decoded {
    public Accepted {
      Objects.requireNonNull(notification, "notification == null");
    }

    @Override
    public String messageId() {
      return notification.messageId();
    }
  }

  /** A well-formed message of a kind the product does not act on (another GKE event type). */
  record Ignored(String messageId, String reason) implements Decoded {
    public Ignored {
      Objects.requireNonNull(messageId, "messageId == null");
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /** A message that can never be understood; redelivering it would not help. */
  record Rejected(String messageId, String reason) implements Decoded {
    public Rejected {
      Objects.requireNonNull(messageId, "messageId == null");
      Objects.requireNonNull(reason, "reason == null");
    }
  }
}
