package dev.upgradesentinel.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One GKE diagnosis insight as Recommender reports it ({@code google.container.DiagnosisInsight}),
 * reduced to what the rules and the guidance read. Every string comes from Google's API, but the
 * description and the content are free text and treated as untrusted.
 *
 * @param name the full resource name ({@code projects/P/locations/L/insightTypes/T/insights/ID})
 * @param subtype the insight subtype, such as {@code DEPRECATION_K8S_1_32_API}
 * @param description Recommender's one-paragraph description, in English
 * @param state {@code ACTIVE}, {@code ACCEPTED} or {@code DISMISSED}; empty when not stated
 * @param targetResources the full resource names the insight is about
 * @param lastRefreshTime when Recommender last refreshed the insight (RFC 3339); empty if unknown
 * @param content the insight's content flattened to dotted paths and their scalar values, in the
 *     order Recommender gave them, bounded in size
 */
public record Insight(
    String name,
    String subtype,
    String description,
    String state,
    List<String> targetResources,
    String lastRefreshTime,
    Map<String, String> content) {
  public Insight {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(subtype, "subtype == null");
    Objects.requireNonNull(description, "description == null");
    Objects.requireNonNull(state, "state == null");
    targetResources =
        List.copyOf(Objects.requireNonNull(targetResources, "targetResources == null"));
    Objects.requireNonNull(lastRefreshTime, "lastRefreshTime == null");
    content = Map.copyOf(Objects.requireNonNull(content, "content == null"));
  }

  /** Whether someone dismissed it: hidden in the console, but GKE's pause stays. */
  public boolean dismissed() {
    return "DISMISSED".equals(state);
  }

  /**
   * Whether the insight is about this cluster: a target names its location and name, and either its
   * project id or a project number. Insights are listed per project, so a number in the target is
   * that project's.
   */
  public boolean targets(ClusterRef cluster) {
    for (String target : targetResources) {
      String prefix = "//container.googleapis.com/projects/";
      if (!target.startsWith(prefix)) {
        continue;
      }
      String[] parts = target.substring(prefix.length()).split("/", -1);
      if (parts.length == 5
          && parts[1].equals("locations")
          && parts[2].equals(cluster.location())
          && parts[3].equals("clusters")
          && parts[4].equals(cluster.name())
          && (parts[0].equals(cluster.project()) || Identifiers.isProjectNumber(parts[0]))) {
        return true;
      }
    }
    return false;
  }
}
