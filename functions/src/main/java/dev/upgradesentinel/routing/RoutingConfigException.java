package dev.upgradesentinel.routing;

import java.util.List;

/**
 * A routing config that cannot be used, with every problem found: each names the line where it
 * could be told and the JSON path, such as {@code line 14, routes[2].sinks[1]: unknown sink
 * 'jira-opz'}.
 */
public final class RoutingConfigException extends RuntimeException {
  private final List<String> problems;

  RoutingConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
