package dev.upgradesentinel.config;

import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.HttpsUrl;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of the environment: every setting is read through it, so every variable is
 * trimmed, a blank one counts as unset, and a malformed one fails with a message that names the
 * variable (and never repeats a value that may be a secret, such as a URL).
 */
final class Env {
  private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})(s|m|h|d)");

  private final Map<String, String> variables;

  Env(Map<String, String> variables) {
    this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables == null"));
  }

  /** The variable, trimmed; empty when unset or blank. */
  Optional<String> value(String name) {
    String raw = variables.get(name);
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
  }

  /** The variable parsed by {@code parse}, which throws {@link ConfigException} naming it. */
  <T> Optional<T> value(String name, Function<String, T> parse) {
    return value(name).map(parse);
  }

  /** {@code true}, {@code 1} or {@code yes}; {@code false}, {@code 0}, {@code no} or unset. */
  boolean flag(String name) {
    return flag(name, false);
  }

  /** A true-or-false variable, {@code fallback} when it is not set. */
  boolean flag(String name, boolean fallback) {
    return value(name)
        .map(
            v ->
                switch (v.toLowerCase(Locale.ROOT)) {
                  case "true", "1", "yes" -> true;
                  case "false", "0", "no" -> false;
                  default ->
                      throw new ConfigException(name + " must be true or false, not '" + v + "'");
                })
        .orElse(fallback);
  }

  /** A whole number from {@code min} to {@code max}, or {@code fallback} when unset. */
  int number(String name, int fallback, int min, int max) {
    return value(name)
        .map(
            v -> {
              int parsed;
              try {
                parsed = Integer.parseInt(v);
              } catch (NumberFormatException e) {
                parsed = min - 1;
              }
              if (parsed < min || parsed > max) {
                throw new ConfigException(
                    name
                        + " must be a whole number from "
                        + min
                        + " to "
                        + max
                        + ", not '"
                        + v
                        + "'");
              }
              return parsed;
            })
        .orElse(fallback);
  }

  /** An https URL (plain http only to a local test server); the error never repeats it. */
  Optional<URI> url(String name) {
    return value(name).map(v -> HttpsUrl.parse(name, v));
  }

  /** {@code host:port}, as emulator hosts are given. */
  Optional<String> hostPort(String name) {
    return value(name)
        .map(
            v -> {
              int colon = v.lastIndexOf(':');
              if (colon <= 0 || !v.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new ConfigException(name + " must be host:port, not '" + v + "'");
              }
              return v;
            });
  }

  /** A readable file; a relative path is read from the working directory. */
  Optional<Path> file(String name) {
    return value(name)
        .map(
            v -> {
              Path path = Path.of(v);
              if (!Files.isReadable(path) || Files.isDirectory(path)) {
                throw new ConfigException(
                    name
                        + " names no readable file: "
                        + v
                        + " (relative paths are read from "
                        + Path.of("").toAbsolutePath()
                        + ")");
              }
              return path;
            });
  }

  /**
   * A positive duration, short ({@code 45s}, {@code 30m}, {@code 12h}, {@code 7d}) or ISO-8601
   * ({@code PT12H}).
   */
  Optional<Duration> duration(String name) {
    return value(name).map(v -> parseDuration(name, v));
  }

  /** Looks variables up by name, for settings that name other variables (routing secrets). */
  Function<String, Optional<String>> lookup() {
    return this::value;
  }

  private static Duration parseDuration(String name, String value) {
    Duration duration;
    Matcher simple = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      duration =
          switch (simple.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
    } else {
      try {
        duration = Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            name + " must be a duration such as 45s, 30m, 12h, 7d or PT12H, not '" + value + "'");
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new ConfigException(name + " must be positive, not '" + value + "'");
    }
    return duration;
  }
}
