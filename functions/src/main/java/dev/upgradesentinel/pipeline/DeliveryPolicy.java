package dev.upgradesentinel.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the notification pipeline paces and bounds its messages.
 *
 * @param notifyOnClear also post results that need no action
 * @param repeatInterval how long a still-open finding waits before it is repeated
 * @param deadline how long the handling of one event may take, below the function timeout
 * @param clock the time reminders and leases are measured in; tests move it
 * @param endOfSupportWarning how close to the end of support an open blocker becomes a finding that
 *     GKE upgrades the cluster anyway that day
 */
public record DeliveryPolicy(
    boolean notifyOnClear,
    Duration repeatInterval,
    Duration deadline,
    Clock clock,
    Duration endOfSupportWarning) {
  public DeliveryPolicy {
    Objects.requireNonNull(repeatInterval, "repeatInterval == null");
    Objects.requireNonNull(deadline, "deadline == null");
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(endOfSupportWarning, "endOfSupportWarning == null");
  }

  /** A policy that warns of the end of support 30 days ahead. */
  public DeliveryPolicy(
      boolean notifyOnClear, Duration repeatInterval, Duration deadline, Clock clock) {
    this(notifyOnClear, repeatInterval, deadline, clock, Duration.ofDays(30));
  }
}
