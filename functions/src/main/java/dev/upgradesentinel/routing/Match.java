package dev.upgradesentinel.routing;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.ClusterInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a route matches. Every condition given must hold; a condition left out matches anything.
 *
 * @param projects project id patterns, any of which may match
 * @param labels resource label to value pattern; every one must be present and match
 * @param locations location patterns (zones and regions), any of which may match
 * @param verdicts verdicts, any of which may match
 * @param kinds kinds of message, any of which may match; left out, every kind matches, findings and
 *     notices alike
 */
record Match(
    List<Glob> projects,
    Map<String, Glob> labels,
    List<Glob> locations,
    Set<Verdict> verdicts,
    Set<Subject> kinds) {
  static final Match ANY = new Match(List.of(), Map.of(), List.of(), Set.of(), Set.of());

  Match {
    projects = List.copyOf(Objects.requireNonNull(projects, "projects == null"));
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels == null"));
    locations = List.copyOf(Objects.requireNonNull(locations, "locations == null"));
    verdicts = Set.copyOf(Objects.requireNonNull(verdicts, "verdicts == null"));
    kinds = Set.copyOf(Objects.requireNonNull(kinds, "kinds == null"));
  }

  /**
   * Whether a message of {@code kind} about {@code cluster}, routed by {@code verdict}, matches.
   */
  boolean matches(ClusterInfo cluster, Verdict verdict, Subject kind) {
    return anyOrNone(projects, cluster.ref().project())
        && anyOrNone(locations, cluster.ref().location())
        && (verdicts.isEmpty() || verdicts.contains(verdict))
        && (kinds.isEmpty() || kinds.contains(kind))
        && labels.entrySet().stream()
            .allMatch(
                label -> {
                  String value = cluster.labels().get(label.getKey());
                  return value != null && label.getValue().matches(value);
                });
  }

  private static boolean anyOrNone(List<Glob> globs, String text) {
    return globs.isEmpty() || globs.stream().anyMatch(glob -> glob.matches(text));
  }
}
