package dev.upgradesentinel.delivery;

import dev.upgradesentinel.sinks.Receipt;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a request to send one message to one sink.
 *
 * @param state whether the caller may send
 * @param receipt the sink's receipt when the message was already sent
 * @param earlierAttempt when the caller may send: the start of the first earlier attempt whose
 *     outcome is unknown (it crashed, or its request got no answer), so the message may be there
 *     already; empty when every earlier attempt is known not to have sent it
 */
public record Claim(State state, Optional<Receipt> receipt, Optional<Instant> earlierAttempt) {

  /** Who sends. */
  public enum State {
    /** The caller holds the lease and sends. */
    CLAIMED,
    /** The message was sent (or refused for good) already; nobody sends again. */
    DONE,
    /** Another delivery holds an unexpired lease and is sending now. */
    BUSY
  }

  public Claim {
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(receipt, "receipt == null");
    Objects.requireNonNull(earlierAttempt, "earlierAttempt == null");
  }

  static Claim claimed(Optional<Instant> earlierAttempt) {
    return new Claim(State.CLAIMED, Optional.empty(), earlierAttempt);
  }

  static Claim busy() {
    return new Claim(State.BUSY, Optional.empty(), Optional.empty());
  }

  static Claim done(Receipt receipt) {
    return new Claim(State.DONE, Optional.of(receipt), Optional.empty());
  }
}
