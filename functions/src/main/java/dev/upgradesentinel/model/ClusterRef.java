package dev.upgradesentinel.model;

import java.util.Objects;

/** Names one cluster: the project (id or number), its location (zone or region) and its name. */
public record ClusterRef(String project, String location, String name) {
  public ClusterRef {
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(location, "location == null");
    Objects.requireNonNull(name, "name == null");
  }

  /** The REST resource name the GKE API expects. */
  public String resourceName() {
    return "projects/" + project + "/locations/" + location + "/clusters/" + name;
  }

  @Override
  public String toString() {
    return "project=" + project + " location=" + location + " cluster=" + name;
  }
}
