package dev.upgradesentinel.routing;

import dev.upgradesentinel.base.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated routing config ({@code ROUTING_CONFIG}): the sinks by name, the routes in order, and
 * the default route. Building the sinks, which needs their secrets from the environment, is {@link
 * RoutingTable#of}'s job, so the file can be checked where the secrets are not at hand.
 *
 * @param sinks the sinks by name, in the config's order
 * @param routes the routes, first match first
 * @param defaultRoute where messages go that no route matches
 */
public record RoutingConfig(Map<String, SinkSpec> sinks, List<Route> routes, Route defaultRoute) {
  public RoutingConfig {
    sinks =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(sinks, "sinks == null")));
    routes = List.copyOf(Objects.requireNonNull(routes, "routes == null"));
    Objects.requireNonNull(defaultRoute, "defaultRoute == null");
  }

  /**
   * Reads and validates a routing config file.
   *
   * @throws ConfigException naming the file and listing every problem, each with its line and JSON
   *     path; the function fails at start, so the deploy fails instead of a notification
   */
  public static RoutingConfig load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("ROUTING_CONFIG " + file + " cannot be read: " + e.getMessage());
    } catch (RoutingConfigException e) {
      throw new ConfigException(
          "ROUTING_CONFIG " + file + " is invalid:\n  " + String.join("\n  ", e.problems()));
    }
  }

  /**
   * Parses and validates a routing config's text.
   *
   * @throws RoutingConfigException listing every problem found
   */
  public static RoutingConfig parse(String json) {
    return RoutingConfigParser.parse(json);
  }
}
