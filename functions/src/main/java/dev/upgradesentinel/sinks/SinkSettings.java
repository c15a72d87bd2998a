package dev.upgradesentinel.sinks;

import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.HttpsUrl;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One sink's validated fields, with the environment its secrets are read from. Errors name the
 * config path and the variable, never a value.
 */
public final class SinkSettings {
  private final String name;
  private final Map<String, String> values;
  private final List<String> labels;
  private final Function<String, Optional<String>> env;

  /**
   * @param name the sink's name; it keys the notification log
   * @param values the sink's string fields by name
   * @param labels the {@code labels} list, empty when the kind has none
   * @param env reads an environment variable; empty when unset or blank
   */
  public SinkSettings(
      String name,
      Map<String, String> values,
      List<String> labels,
      Function<String, Optional<String>> env) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.values = Map.copyOf(Objects.requireNonNull(values, "values == null"));
    this.labels = List.copyOf(Objects.requireNonNull(labels, "labels == null"));
    this.env = Objects.requireNonNull(env, "env == null");
  }

  public String name() {
    return name;
  }

  public List<String> labels() {
    return labels;
  }

  /** A field the kind requires; the config was validated, so it is there. */
  public String text(String field) {
    return Optional.ofNullable(values.get(field))
        .orElseThrow(() -> new IllegalStateException(path(field) + " was validated"));
  }

  /** An optional field, or {@code fallback}. */
  public String textOr(String field, String fallback) {
    return values.getOrDefault(field, fallback);
  }

  /** The optional {@code baseUrl} field (checked to be https when parsed), or {@code fallback}. */
  public URI baseUrl(URI fallback) {
    return Optional.ofNullable(values.get("baseUrl")).map(URI::create).orElse(fallback);
  }

  /**
   * The secret held by the variable a field names.
   *
   * @throws ConfigException naming the variable and the field when it is not set
   */
  public String secret(String field) {
    String variable = text(field);
    return env.apply(variable)
        .orElseThrow(
            () ->
                new ConfigException(
                    variable
                        + " is not set; the routing config's "
                        + path(field)
                        + " names it for sink '"
                        + name
                        + "'"));
  }

  /**
   * A URL held in the variable a field names: it may be a secret, so errors name only the variable.
   *
   * @throws ConfigException when the variable is not set or does not hold an https URL
   */
  public URI url(String field) {
    return HttpsUrl.parse(text(field) + " (" + path(field) + ")", secret(field));
  }

  /** Where a field is in the config, for errors: {@code sinks.jira-ops.tokenEnv}. */
  public String path(String field) {
    return "sinks." + name + "." + field;
  }
}
