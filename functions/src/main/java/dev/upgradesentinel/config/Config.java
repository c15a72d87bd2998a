package dev.upgradesentinel.config;

import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.HttpsUrl;
import dev.upgradesentinel.base.Language;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The functions' configuration, read from environment variables.
 *
 * <p>Reading validates the syntax of every variable that is set; what a particular function
 * requires is checked by that function with {@link #require}. Secret values never appear in {@link
 * #toString()} or in error messages.
 */
public final class Config {

  private final Optional<String> gkeEmulatorHost;
  private final boolean gkeRestTransport;
  private final Optional<Path> gkeClustersFile;
  private final Optional<URI> slackWebhookUrl;
  private final Optional<String> slackBotToken;
  private final Optional<String> slackChannel;
  private final URI slackApiBaseUrl;
  private final Optional<String> slackSigningSecret;
  private final Language language;
  private final boolean notifyOnClear;
  private final boolean dryRun;
  private final Optional<Path> routingConfig;
  private final Map<String, String> env;

  private Config(Map<String, String> env) {
    gkeEmulatorHost = value(env, "GKE_EMULATOR_HOST").map(Config::hostPort);
    gkeRestTransport =
        switch (value(env, "GKE_API_TRANSPORT").orElse("grpc").toLowerCase(Locale.ROOT)) {
          case "grpc" -> false;
          case "rest" -> true;
          default -> throw new ConfigException("GKE_API_TRANSPORT must be grpc or rest");
        };
    gkeClustersFile =
        value(env, "GKE_CLUSTERS_FILE").map(v -> readableFile("GKE_CLUSTERS_FILE", v));
    slackWebhookUrl = value(env, "SLACK_WEBHOOK_URL").map(v -> url("SLACK_WEBHOOK_URL", v));
    slackBotToken = value(env, "SLACK_BOT_TOKEN");
    slackChannel = value(env, "SLACK_CHANNEL");
    slackApiBaseUrl =
        value(env, "SLACK_API_BASE_URL")
            .map(v -> url("SLACK_API_BASE_URL", v))
            .orElse(URI.create("https://slack.com/api"));
    slackSigningSecret = value(env, "SLACK_SIGNING_SECRET");
    language = value(env, "MESSAGE_LANGUAGE").map(Config::language).orElse(Language.EN);
    notifyOnClear = flag(env, "NOTIFY_ON_CLEAR");
    dryRun = flag(env, "DRY_RUN");
    routingConfig = value(env, "ROUTING_CONFIG").map(v -> readableFile("ROUTING_CONFIG", v));
    // Kept for the variables the routing config names (its secrets), which only it knows.
    this.env = Map.copyOf(env);
    scan = new ScanSettings(env);
    delivery = DeliveryConfig.fromEnv(env);
  }

  /**
   * Reads the configuration from an environment map, such as {@code System.getenv()}.
   *
   * @throws ConfigException naming the variable that is malformed
   */
  public static Config fromEnv(Map<String, String> env) {
    return new Config(Objects.requireNonNull(env, "env == null"));
  }

  public Optional<String> gkeEmulatorHost() {
    return gkeEmulatorHost;
  }

  /** {@code GKE_API_TRANSPORT=rest}: JSON over HTTP instead of gRPC, lighter at cold start. */
  public boolean gkeRestTransport() {
    return gkeRestTransport;
  }

  public Optional<Path> gkeClustersFile() {
    return gkeClustersFile;
  }

  public Optional<URI> slackWebhookUrl() {
    return slackWebhookUrl;
  }

  public Optional<String> slackBotToken() {
    return slackBotToken;
  }

  public Optional<String> slackChannel() {
    return slackChannel;
  }

  public URI slackApiBaseUrl() {
    return slackApiBaseUrl;
  }

  public Optional<String> slackSigningSecret() {
    return slackSigningSecret;
  }

  public Language language() {
    return language;
  }

  public boolean notifyOnClear() {
    return notifyOnClear;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /**
   * {@code ROUTING_CONFIG}: the routing config file; a relative path is read from the function's
   * working directory, which on Cloud Functions is the root of the deployed source.
   */
  public Optional<Path> routingConfig() {
    return routingConfig;
  }

  /**
   * A variable that the routing config names, such as a sink's secret; empty when unset or blank.
   * The value may be a secret: it must not be logged.
   */
  public Optional<String> variable(String name) {
    return value(env, name);
  }

  // ---- Scan settings (CheckFunction, ScanWorkerFunction): begin ----

  private final ScanSettings scan;

  /** The settings of on-demand checks, fleet scans and the scan topic. */
  public ScanSettings scan() {
    return scan;
  }

  // --- Delivery: the notification log, repeat interval and per-event deadline. ---
  // Kept in one record so the settings of trustworthy delivery travel together.
  private final DeliveryConfig delivery;

  /** The notification log, repeat interval and per-event deadline. */
  public DeliveryConfig delivery() {
    return delivery;
  }

  // --- End of delivery. ---

  /**
   * The settings of on-demand checks and fleet scans, kept in one type so that they read as one
   * block next to the notification settings.
   */
  public static final class ScanSettings {
    /** GKE allows 3,000 requests per minute per consumer project; 80% leaves room for the rest. */
    static final int DEFAULT_RATE_PER_MINUTE = 2_400;

    private final Optional<String> topic;
    private final Optional<String> pubsubEmulatorHost;
    private final int ratePerMinute;
    private final int concurrency;
    private final int fanoutThreshold;
    private final int batchSize;
    private final String responseUrlPrefix;

    private ScanSettings(Map<String, String> env) {
      topic = value(env, "SCAN_TOPIC").map(ScanSettings::topicName);
      pubsubEmulatorHost = value(env, "PUBSUB_EMULATOR_HOST").map(ScanSettings::emulatorHostPort);
      ratePerMinute = number(env, "SCAN_RATE_PER_MINUTE", DEFAULT_RATE_PER_MINUTE, 1, 100_000);
      concurrency = number(env, "SCAN_CONCURRENCY", 16, 1, 256);
      fanoutThreshold = number(env, "FANOUT_THRESHOLD", 25, 1, 1_000);
      batchSize = number(env, "SCAN_BATCH_SIZE", 50, 1, 1_000);
      responseUrlPrefix =
          value(env, "SLACK_RESPONSE_URL_PREFIX")
              .map(v -> url("SLACK_RESPONSE_URL_PREFIX", v).toString())
              .orElse("https://hooks.slack.com/");
    }

    /** {@code SCAN_TOPIC}: {@code projects/P/topics/T}, where fleet scans are fanned out. */
    public Optional<String> topic() {
      return topic;
    }

    /** {@code PUBSUB_EMULATOR_HOST}: {@code host:port} of a Pub/Sub emulator, for tests. */
    public Optional<String> pubsubEmulatorHost() {
      return pubsubEmulatorHost;
    }

    /** {@code SCAN_RATE_PER_MINUTE}: GKE API requests one instance sends per minute at most. */
    public int ratePerMinute() {
      return ratePerMinute;
    }

    /** {@code SCAN_CONCURRENCY}: GKE API requests one scan has in flight at most. */
    public int concurrency() {
      return concurrency;
    }

    /** {@code FANOUT_THRESHOLD}: most projects CheckFunction scans itself; more are fanned out. */
    public int fanoutThreshold() {
      return fanoutThreshold;
    }

    /** {@code SCAN_BATCH_SIZE}: projects per scan request on the scan topic. */
    public int batchSize() {
      return batchSize;
    }

    /**
     * {@code SLACK_RESPONSE_URL_PREFIX}: slash-command response URLs are posted to only when they
     * start with it, so a forged scan request cannot make the worker post elsewhere.
     */
    public String responseUrlPrefix() {
      return responseUrlPrefix;
    }

    private static String topicName(String value) {
      if (!value.matches(
          "projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/topics/[A-Za-z][\\w.~%+-]{2,254}")) {
        throw new ConfigException(
            "SCAN_TOPIC must be projects/PROJECT/topics/TOPIC, not '" + value + "'");
      }
      return value;
    }

    private static String emulatorHostPort(String value) {
      if (!value.matches(".+:[0-9]{1,5}")) {
        throw new ConfigException("PUBSUB_EMULATOR_HOST must be host:port, not '" + value + "'");
      }
      return value;
    }

    private static int number(
        Map<String, String> env, String name, int fallback, int min, int max) {
      return value(env, name)
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

    @Override
    public String toString() {
      return "scanTopic="
          + topic.orElse("-")
          + ", scanRatePerMinute="
          + ratePerMinute
          + ", scanConcurrency="
          + concurrency
          + ", fanoutThreshold="
          + fanoutThreshold
          + ", scanBatchSize="
          + batchSize;
    }
  }

  // ---- Scan settings: end ----

  /**
   * Fails unless a setting that a function needs is present.
   *
   * @throws ConfigException naming the variable and the function that needs it
   */
  public static <T> T require(Optional<T> value, String variable, String neededFor) {
    return value.orElseThrow(
        () -> new ConfigException(variable + " is not set; " + neededFor + " needs it"));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
  }

  private static boolean flag(Map<String, String> env, String name) {
    return value(env, name)
        .map(
            v ->
                switch (v.toLowerCase(Locale.ROOT)) {
                  case "true", "1", "yes" -> true;
                  case "false", "0", "no" -> false;
                  default ->
                      throw new ConfigException(name + " must be true or false, not '" + v + "'");
                })
        .orElse(false);
  }

  private static Language language(String code) {
    try {
      return Language.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("MESSAGE_LANGUAGE must be en or ko, not '" + code + "'");
    }
  }

  private static String hostPort(String value) {
    int colon = value.lastIndexOf(':');
    boolean valid = colon > 0 && value.substring(colon + 1).matches("[0-9]{1,5}");
    if (!valid) {
      throw new ConfigException("GKE_EMULATOR_HOST must be host:port, not '" + value + "'");
    }
    return value;
  }

  private static Path readableFile(String variable, String value) {
    Path path = Path.of(value);
    if (!Files.isReadable(path) || Files.isDirectory(path)) {
      throw new ConfigException(
          variable
              + " names no readable file: "
              + value
              + " (relative paths are read from "
              + Path.of("").toAbsolutePath()
              + ")");
    }
    return path;
  }

  /**
   * Parses a URL that may hold a secret; see {@link HttpsUrl#parse}.
   *
   * @throws ConfigException when the value is not an https URL
   */
  public static URI url(String variable, String value) {
    return HttpsUrl.parse(variable, value);
  }

  @Override
  public String toString() {
    return "Config{gkeEmulatorHost="
        + gkeEmulatorHost.orElse("-")
        + ", gkeClustersFile="
        + gkeClustersFile.map(Path::toString).orElse("-")
        + ", slackWebhookUrl="
        + (slackWebhookUrl.isPresent() ? "(set)" : "-")
        + ", slackBotToken="
        + (slackBotToken.isPresent() ? "(set)" : "-")
        + ", slackChannel="
        + slackChannel.orElse("-")
        + ", slackSigningSecret="
        + (slackSigningSecret.isPresent() ? "(set)" : "-")
        + ", language="
        + language.code()
        + ", notifyOnClear="
        + notifyOnClear
        + ", dryRun="
        + dryRun
        + ", routingConfig="
        + routingConfig.map(Path::toString).orElse("-")
        + ", "
        + delivery
        + "}";
  }
}
