package dev.upgradesentinel.delivery;

import dev.upgradesentinel.sinks.Delivery.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Decides, from a cluster's record and its current finding, which message is due, in the spirit of
 * Alertmanager's notification log: a new finding is posted, the same finding is repeated only after
 * the repeat interval, a changed finding is posted as an update, and a finding that cleared is
 * posted as resolved and closed. Pure, so that a transaction may run it again on contention.
 */
public final class Lifecycle {
  private Lifecycle() {}

  /**
   * The cluster's record after seeing {@code finding}.
   *
   * @param current the record, or {@code null} for a cluster never seen
   * @return {@code current} itself when no message is due (and nothing needs writing), else a
   *     record whose action is the message due; {@code null} only when {@code current} is
   */
  public static ClusterRecord next(
      ClusterRecord current, Finding finding, Instant now, Duration repeat, boolean notifyOnClear) {
    boolean sameFinding =
        current != null && current.finding().fingerprint().equals(finding.fingerprint());
    if (finding.verdict().needsAction()) {
      if (current == null || !current.open()) {
        return decide(current, Kind.NEW, true, finding, null, now, now);
      }
      if (!sameFinding) {
        return decide(
            current, Kind.UPDATE, true, finding, current.finding(), current.openedAt(), now);
      }
      boolean due = !now.isBefore(current.notifiedAt().plus(repeat));
      return due
          ? decide(current, Kind.REMINDER, true, finding, null, current.openedAt(), now)
          : current;
    }
    if (current != null && current.open()) {
      return decide(
          current, Kind.RESOLUTION, false, finding, current.finding(), current.openedAt(), now);
    }
    if (notifyOnClear && !sameFinding) {
      return decide(current, Kind.NOTICE, false, finding, null, now, now);
    }
    return current;
  }

  private static ClusterRecord decide(
      ClusterRecord current,
      Kind kind,
      boolean open,
      Finding finding,
      Finding previous,
      Instant openedAt,
      Instant now) {
    long sequence = current == null ? 1 : current.sequence() + 1;
    String key = "a" + sequence + "-" + kind.name().toLowerCase(Locale.ROOT);
    String thread =
        switch (kind) {
          case NEW -> key;
          case NOTICE -> "";
          default -> current.threadKey();
        };
    return new ClusterRecord(sequence, open, finding, previous, openedAt, now, kind, key, thread);
  }
}
