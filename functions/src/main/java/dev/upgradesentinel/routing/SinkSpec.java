package dev.upgradesentinel.routing;

import dev.upgradesentinel.sinks.SinkKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sink as the routing config defines it, validated but not yet built: secrets are still the
 * names of the environment variables that hold them.
 *
 * @param name the sink's name; it keys the notification log, so renaming a sink re-posts open
 *     findings to it
 * @param kind what kind of sink it is, as its folder declares it
 * @param values the sink's string settings by field name
 * @param labels the {@code labels} list (GitHub), empty otherwise
 */
record SinkSpec(String name, SinkKind kind, Map<String, String> values, List<String> labels) {
  SinkSpec {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(kind, "kind == null");
    values = Map.copyOf(Objects.requireNonNull(values, "values == null"));
    labels = List.copyOf(Objects.requireNonNull(labels, "labels == null"));
  }
}
