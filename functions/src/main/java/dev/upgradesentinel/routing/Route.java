package dev.upgradesentinel.routing;

import dev.upgradesentinel.base.Language;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of the routing config: the messages it matches, the sinks they go to, and in which
 * language.
 *
 * @param path where the route is in the config, such as {@code routes[2]}, for log lines
 * @param match what the route matches
 * @param sinks the names of the sinks, as defined under {@code sinks}; empty drops the messages the
 *     route matches
 * @param language the message language; empty for {@code MESSAGE_LANGUAGE}
 * @param continueMatching whether later routes are tried after this one matched
 */
record Route(
    String path,
    Match match,
    List<String> sinks,
    Optional<Language> language,
    boolean continueMatching) {
  Route {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(match, "match == null");
    sinks = List.copyOf(Objects.requireNonNull(sinks, "sinks == null"));
    Objects.requireNonNull(language, "language == null");
  }
}
