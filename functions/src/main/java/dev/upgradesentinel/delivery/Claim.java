package dev.upgradesentinel.delivery;

import dev.upgradesentinel.sinks.Receipt;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a request to send one message to one sink.
 *
 * @param state whether the caller may send
 * @param receipt the sink's receipt when the message was already sent
 */
public record Claim(State state, Optional<Receipt> receipt) {

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
  }

  static Claim claimed() {
    return new Claim(State.CLAIMED, Optional.empty());
  }

  static Claim busy() {
    return new Claim(State.BUSY, Optional.empty());
  }

  static Claim done(Receipt receipt) {
    return new Claim(State.DONE, Optional.of(receipt));
  }
}
