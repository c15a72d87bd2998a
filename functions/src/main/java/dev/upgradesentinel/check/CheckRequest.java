package dev.upgradesentinel.check;

import java.util.List;
import java.util.Objects;

/**
 * A validated on-demand check: one cluster, every cluster of some projects, or every cluster of a
 * scope.
 *
 * @param projects project ids or numbers, without duplicates, in the order given
 * @param location a location, or {@code -} for all
 * @param cluster one cluster's name, or empty
 * @param notifySinks whether the result also goes to the configured sinks
 * @param scope an organization, folder or project to read every cluster of from Cloud Asset
 *     Inventory, instead of projects; empty otherwise
 */
public record CheckRequest(
    List<String> projects, String location, String cluster, boolean notifySinks, String scope) {
  public CheckRequest {
    projects = List.copyOf(Objects.requireNonNull(projects, "projects == null"));
    Objects.requireNonNull(location, "location == null");
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(scope, "scope == null");
  }

  /** A check of projects, or of one cluster. */
  public CheckRequest(List<String> projects, String location, String cluster, boolean notifySinks) {
    this(projects, location, cluster, notifySinks, "");
  }
}
