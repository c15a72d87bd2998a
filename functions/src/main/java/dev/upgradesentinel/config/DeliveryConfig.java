package dev.upgradesentinel.config;

import dev.upgradesentinel.base.ConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
  static DeliveryConfig from(Env env) {
    return new DeliveryConfig(
        env.value("NOTIFICATION_LOG", DeliveryConfig::logKind).orElse(LogKind.MEMORY),
        env.value("NOTIFICATION_LOG_COLLECTION", DeliveryConfig::collection)
            .orElse(DEFAULT_COLLECTION),
        env.value("FIRESTORE_PROJECT_ID").or(() -> env.value("GOOGLE_CLOUD_PROJECT")),
        env.hostPort("FIRESTORE_EMULATOR_HOST"),
        env.duration("REPEAT_INTERVAL").orElse(DEFAULT_REPEAT_INTERVAL),
        env.duration("DELIVERY_DEADLINE").orElse(DEFAULT_DEADLINE));
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
