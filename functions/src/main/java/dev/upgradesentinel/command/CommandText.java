package dev.upgradesentinel.command;

import dev.upgradesentinel.model.Identifiers;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** What the user typed after {@code /gke-check}, understood. */
sealed interface CommandText {

  /** Most projects one command may name. */
  int MAX_PROJECTS = 100;

  /** {@code help}, or nothing at all. */
  record Help() implements CommandText {}

  /** Arguments that do not form a command; the reason is shown to the user with the usage. */
  record Invalid(String reason) implements CommandText {
    public Invalid {
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /**
   * Check every cluster of the projects, or one cluster when {@code cluster} is not empty, or every
   * cluster of an organization, folder or project from Cloud Asset Inventory when {@code scope} is
   * not empty.
   */
  record Check(List<String> projects, String location, String cluster, String scope)
      implements CommandText {
    public Check {
      projects = List.copyOf(projects);
      Objects.requireNonNull(location, "location == null");
      Objects.requireNonNull(cluster, "cluster == null");
      Objects.requireNonNull(scope, "scope == null");
    }

    /** A check of projects, or of one cluster. */
    Check(List<String> projects, String location, String cluster) {
      this(projects, location, cluster, "");
    }
  }

  /**
   * Reads the command's text. Forms: {@code help}; {@code project P [P ...]} or just {@code P [P
   * ...]}; {@code cluster P LOCATION NAME}, {@code cluster P/LOCATION/NAME}, or the same without
   * the verb (three words whose second is a location); {@code organizations/N}, {@code folders/N}
   * or {@code projects/P} for every cluster of that scope.
   */
  static CommandText parse(String text) {
    List<String> words =
        Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    if (words.isEmpty() || (words.size() == 1 && words.get(0).equalsIgnoreCase("help"))) {
      return new Help();
    }
    String verb = words.get(0).toLowerCase(java.util.Locale.ROOT);
    if (verb.equals("project") || verb.equals("projects")) {
      return projects(words.subList(1, words.size()));
    }
    if (verb.equals("cluster")) {
      return cluster(words.subList(1, words.size()));
    }
    if (words.size() == 1 && Identifiers.ASSET_SCOPE.matcher(words.get(0)).matches()) {
      return new Check(List.of(), "-", "", words.get(0));
    }
    boolean namesOneCluster =
        (words.size() == 1 && words.get(0).contains("/"))
            || (words.size() == 3 && Identifiers.LOCATION.matcher(words.get(1)).matches());
    return namesOneCluster ? cluster(words) : projects(words);
  }

  private static CommandText projects(List<String> projects) {
    if (projects.isEmpty()) {
      return new Invalid("name at least one project");
    }
    if (projects.size() > MAX_PROJECTS) {
      return new Invalid("at most " + MAX_PROJECTS + " projects at a time");
    }
    for (String project : projects) {
      if (!Identifiers.PROJECT.matcher(project).matches()) {
        return new Invalid("'" + clip(project) + "' is not a project id or number");
      }
    }
    return new Check(projects, "-", "", "");
  }

  private static CommandText cluster(List<String> words) {
    List<String> parts = words.size() == 1 ? List.of(words.get(0).split("/", -1)) : words;
    if (parts.size() != 3) {
      return new Invalid("a cluster is named as PROJECT LOCATION NAME");
    }
    String project = parts.get(0);
    String location = parts.get(1);
    String name = parts.get(2);
    if (!Identifiers.PROJECT.matcher(project).matches()) {
      return new Invalid("'" + clip(project) + "' is not a project id or number");
    }
    if (!Identifiers.LOCATION.matcher(location).matches()) {
      return new Invalid(
          "'" + clip(location) + "' is not a location such as us-central1 or us-central1-c");
    }
    if (!Identifiers.CLUSTER_NAME.matcher(name).matches()) {
      return new Invalid("'" + clip(name) + "' is not a cluster name");
    }
    return new Check(List.of(project), location, name, "");
  }

  private static String clip(String value) {
    String printable = value.replaceAll("[\\p{Cntrl}<>&*_~`]", "?");
    return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
  }
}
