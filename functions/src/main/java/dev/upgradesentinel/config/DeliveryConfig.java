package dev.upgradesentinel.config;

import dev.upgradesentinel.base.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of trustworthy delivery: where the notification log lives, how often an open finding
 * is repeated, and how long one event may take.
 *
 * @param log where the notification log is kept ({@code NOTIFICATION_LOG})
 * @param collection the Firestore collection of the log ({@code NOTIFICATION_LOG_COLLECTION})
 * @param firestoreProjectId the project of the Firestore database ({@code FIRESTORE_PROJECT_ID},
 *     else {@code GOOGLE_CLOUD_PROJECT}); empty lets the client library find it
 * @param firestoreEmulatorHost {@code host:port} of a Firestore emulator ({@code
 *     FIRESTORE_EMULATOR_HOST})
 * @param repeatInterval how long a still-open finding waits before it is repeated ({@code
 *     REPEAT_INTERVAL})
 * @param deadline how long the handling of one event may take ({@code DELIVERY_DEADLINE})
 */
public record DeliveryConfig(
    LogKind log,
    String collection,
    Optional<String> firestoreProjectId,
    Optional<String> firestoreEmulatorHost,
    Duration repeatInterval,
    Duration deadline) {

  /** Where the notification log is kept. */
  public enum LogKind {
    /** In the instance's memory: lost on restart, not shared between instances. */
    MEMORY,
    /** In Firestore (Native mode): durable and shared by every instance and deployment. */
    FIRESTORE
  }

  public static final String DEFAULT_COLLECTION = "gke-upgrade-sentinel-log";
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofDays(7);

  /** Below the default function timeout of 60 s, so the function ends on its own terms. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(50);

  private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})(s|m|h|d)");
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  public DeliveryConfig {
    Objects.requireNonNull(log, "log == null");
    Objects.requireNonNull(collection, "collection == null");
    Objects.requireNonNull(firestoreProjectId, "firestoreProjectId == null");
    Objects.requireNonNull(firestoreEmulatorHost, "firestoreEmulatorHost == null");
    Objects.requireNonNull(repeatInterval, "repeatInterval == null");
    Objects.requireNonNull(deadline, "deadline == null");
  }

  /**
   * Reads the delivery settings from the environment.
   *
   * @throws ConfigException naming the variable that is malformed
   */
  static DeliveryConfig fromEnv(Map<String, String> env) {
    return new DeliveryConfig(
        value(env, "NOTIFICATION_LOG").map(DeliveryConfig::logKind).orElse(LogKind.MEMORY),
        value(env, "NOTIFICATION_LOG_COLLECTION")
            .map(DeliveryConfig::collection)
            .orElse(DEFAULT_COLLECTION),
        value(env, "FIRESTORE_PROJECT_ID").or(() -> value(env, "GOOGLE_CLOUD_PROJECT")),
        value(env, "FIRESTORE_EMULATOR_HOST").map(DeliveryConfig::emulatorHost),
        value(env, "REPEAT_INTERVAL")
            .map(v -> duration("REPEAT_INTERVAL", v))
            .orElse(DEFAULT_REPEAT_INTERVAL),
        value(env, "DELIVERY_DEADLINE")
            .map(v -> duration("DELIVERY_DEADLINE", v))
            .orElse(DEFAULT_DEADLINE));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
  }

  private static LogKind logKind(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "memory" -> LogKind.MEMORY;
      case "firestore" -> LogKind.FIRESTORE;
      default ->
          throw new ConfigException(
              "NOTIFICATION_LOG must be firestore or memory, not '" + value + "'");
    };
  }

  private static String collection(String value) {
    if (!COLLECTION.matcher(value).matches()) {
      throw new ConfigException(
          "NOTIFICATION_LOG_COLLECTION must be 1 to 100 letters, digits, '-' or '_'");
    }
    return value;
  }

  private static String emulatorHost(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || !value.substring(colon + 1).matches("[0-9]{1,5}")) {
      throw new ConfigException("FIRESTORE_EMULATOR_HOST must be host:port, not '" + value + "'");
    }
    return value;
  }

  /** A positive duration, short ({@code 45s}, {@code 30m}, {@code 12h}, {@code 7d}) or ISO-8601. */
  private static Duration duration(String variable, String value) {
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
            variable
                + " must be a duration such as 45s, 30m, 12h, 7d or PT12H, not '"
                + value
                + "'");
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new ConfigException(variable + " must be positive, not '" + value + "'");
    }
    return duration;
  }

  @Override
  public String toString() {
    return "notificationLog="
        + log.name().toLowerCase(Locale.ROOT)
        + ", notificationLogCollection="
        + collection
        + ", firestoreProjectId="
        + firestoreProjectId.orElse("-")
        + ", firestoreEmulatorHost="
        + firestoreEmulatorHost.orElse("-")
        + ", repeatInterval="
        + repeatInterval
        + ", deliveryDeadline="
        + deadline;
  }
}
