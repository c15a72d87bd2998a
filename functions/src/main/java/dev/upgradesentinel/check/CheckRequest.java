package dev.upgradesentinel.check;

import java.util.List;
import java.util.Objects;

/**
 * A validated on-demand check: one cluster, or every cluster of some projects.
 *
 * @param projects project ids or numbers, without duplicates, in the order given
 * @param location a location, or {@code -} for all
 * @param cluster one cluster's name, or empty
 * @param notifySinks whether the result also goes to the configured sinks
 */
public record CheckRequest(
    List<String> projects, String location, String cluster, boolean notifySinks) {
  public CheckRequest {
    projects = List.copyOf(Objects.requireNonNull(projects, "projects == null"));
    Objects.requireNonNull(location, "location == null");
    Objects.requireNonNull(cluster, "cluster == null");
  }
}
