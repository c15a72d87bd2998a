package dev.upgradesentinel.model;

import java.util.List;
import java.util.Objects;

/**
 * The deprecation insights read for a cluster's project and location, or why none were read.
 *
 * @param status whether they were read
 * @param reason why they were not read, for people; empty when they were
 * @param insights the insights of the project and location; empty unless read
 */
public record InsightsRead(Status status, String reason, List<Insight> insights) {

  /** Whether, and why not, insights were read. */
  public enum Status {
    /** Read from Recommender, the cache or the insights file. */
    READ,
    /** Reading them was turned off ({@code INSIGHTS=off}) or not asked for. */
    OFF,
    /** They could not be read: the budget was spent, permission denied, Recommender failed. */
    UNAVAILABLE
  }

  public InsightsRead {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(reason, "reason == null");
    insights = List.copyOf(Objects.requireNonNull(insights, "insights == null"));
  }

  public static InsightsRead read(List<Insight> insights) {
    return new InsightsRead(Status.READ, "", insights);
  }

  public static InsightsRead off(String reason) {
    return new InsightsRead(Status.OFF, reason, List.of());
  }

  public static InsightsRead unavailable(String reason) {
    return new InsightsRead(Status.UNAVAILABLE, reason, List.of());
  }

  public boolean wasRead() {
    return status == Status.READ;
  }

  /** The insights that target the cluster. */
  public List<Insight> about(ClusterRef cluster) {
    return insights.stream().filter(i -> i.targets(cluster)).toList();
  }
}
