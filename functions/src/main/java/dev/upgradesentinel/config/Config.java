package dev.upgradesentinel.config;

import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.Language;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The functions' configuration, read from environment variables by one reader and kept as one
 * record per concern: the GKE API, Slack, scans, delivery; the language, the notify and dry-run
 * switches, and the routing config with the variables it names.
 *
 * <p>Reading validates the syntax of every variable that is set, with a message that names it; what
 * a particular function requires is checked by that function with {@link #require}. Secret values
 * never appear in {@link #toString()} or in error messages.
 */
public final class Config {

  /**
   * Where clusters are read from.
   *
   * @param emulatorHost {@code GKE_EMULATOR_HOST}: {@code host:port} of a GKE REST API speaking
   *     plaintext HTTP without credentials (tests, local runs)
   * @param clustersFile {@code GKE_CLUSTERS_FILE}: clusters from a file instead of the API
   * @param assetEmulatorHost {@code ASSET_EMULATOR_HOST}: {@code host:port} of a Cloud Asset API
   *     speaking plaintext without credentials, for fleet scans of a scope (tests, local runs)
   * @param upgradeInfoFile {@code GKE_UPGRADE_INFO_FILE}: GKE's upgrade info per cluster from a
   *     file, with {@code GKE_CLUSTERS_FILE}
   * @param operationsFile {@code GKE_OPERATIONS_FILE}: GKE's operations from a file, with {@code
   *     GKE_CLUSTERS_FILE}
   */
  public record GkeSettings(
      Optional<String> emulatorHost,
      Optional<Path> clustersFile,
      Optional<String> assetEmulatorHost,
      Optional<Path> upgradeInfoFile,
      Optional<Path> operationsFile) {
    public GkeSettings {
      Objects.requireNonNull(operationsFile, "operationsFile == null");
      Objects.requireNonNull(emulatorHost, "emulatorHost == null");
      Objects.requireNonNull(clustersFile, "clustersFile == null");
      Objects.requireNonNull(assetEmulatorHost, "assetEmulatorHost == null");
      Objects.requireNonNull(upgradeInfoFile, "upgradeInfoFile == null");
    }

    static GkeSettings from(Env env) {
      return new GkeSettings(
          env.hostPort("GKE_EMULATOR_HOST"),
          env.file("GKE_CLUSTERS_FILE"),
          env.hostPort("ASSET_EMULATOR_HOST"),
          env.file("GKE_UPGRADE_INFO_FILE"),
          env.file("GKE_OPERATIONS_FILE"));
    }
  }

  /**
   * Slack: the sinks the Slack variables configure when there is no routing config, and the slash
   * command's secret.
   *
   * @param webhookUrl {@code SLACK_WEBHOOK_URL}, a secret
   * @param botToken {@code SLACK_BOT_TOKEN}, a secret
   * @param channel {@code SLACK_CHANNEL}
   * @param apiBaseUrl {@code SLACK_API_BASE_URL}, default {@code https://slack.com/api}
   * @param signingSecret {@code SLACK_SIGNING_SECRET}, a secret
   */
  public record SlackSettings(
      Optional<URI> webhookUrl,
      Optional<String> botToken,
      Optional<String> channel,
      URI apiBaseUrl,
      Optional<String> signingSecret) {
    static final URI DEFAULT_API_BASE_URL = URI.create("https://slack.com/api");

    public SlackSettings {
      Objects.requireNonNull(webhookUrl, "webhookUrl == null");
      Objects.requireNonNull(botToken, "botToken == null");
      Objects.requireNonNull(channel, "channel == null");
      Objects.requireNonNull(apiBaseUrl, "apiBaseUrl == null");
      Objects.requireNonNull(signingSecret, "signingSecret == null");
    }

    static SlackSettings from(Env env) {
      return new SlackSettings(
          env.url("SLACK_WEBHOOK_URL"),
          env.value("SLACK_BOT_TOKEN"),
          env.value("SLACK_CHANNEL"),
          env.url("SLACK_API_BASE_URL").orElse(DEFAULT_API_BASE_URL),
          env.value("SLACK_SIGNING_SECRET"));
    }

    @Override
    public String toString() {
      return "slackWebhookUrl="
          + (webhookUrl.isPresent() ? "(set)" : "-")
          + ", slackBotToken="
          + (botToken.isPresent() ? "(set)" : "-")
          + ", slackChannel="
          + channel.orElse("-")
          + ", slackSigningSecret="
          + (signingSecret.isPresent() ? "(set)" : "-");
    }
  }

  /**
   * The settings of on-demand checks, fleet scans and the scan topic.
   *
   * @param topic {@code SCAN_TOPIC}: {@code projects/P/topics/T}, where fleet scans are fanned out
   * @param pubsubEmulatorHost {@code PUBSUB_EMULATOR_HOST}: {@code host:port} of a Pub/Sub
   *     emulator, for tests
   * @param ratePerMinute {@code SCAN_RATE_PER_MINUTE}: GKE API requests one instance sends per
   *     minute at most
   * @param concurrency {@code SCAN_CONCURRENCY}: GKE API requests one scan has in flight at most
   * @param fanoutThreshold {@code FANOUT_THRESHOLD}: most projects CheckFunction scans itself; more
   *     are fanned out
   * @param batchSize {@code SCAN_BATCH_SIZE}: projects per scan request on the scan topic
   * @param pagesPerBatch {@code SCAN_PAGES_PER_BATCH}: Cloud Asset Inventory pages of 1,000
   *     clusters one batch of a scope reads; the rest of the scope is handed on to later batches
   * @param responseUrlPrefix {@code SLACK_RESPONSE_URL_PREFIX}: slash-command response URLs are
   *     posted to only when they start with it, so a forged scan request cannot make the worker
   *     post elsewhere
   */
  public record ScanSettings(
      Optional<String> topic,
      Optional<String> pubsubEmulatorHost,
      int ratePerMinute,
      int concurrency,
      int fanoutThreshold,
      int batchSize,
      int pagesPerBatch,
      String responseUrlPrefix) {
    /** GKE allows 3,000 requests per minute per consumer project; 80% leaves room for the rest. */
    static final int DEFAULT_RATE_PER_MINUTE = 2_400;

    /**
     * 10,000 clusters a batch: the scan worker sweeps them within its deployed 512 MiB at a peak of
     * about 210 MiB, and a scan keeps about 3.2 MiB of heap per 1,000 clusters.
     */
    public static final int DEFAULT_PAGES_PER_BATCH = 10;

    public ScanSettings {
      Objects.requireNonNull(topic, "topic == null");
      Objects.requireNonNull(pubsubEmulatorHost, "pubsubEmulatorHost == null");
      Objects.requireNonNull(responseUrlPrefix, "responseUrlPrefix == null");
    }

    static ScanSettings from(Env env) {
      return new ScanSettings(
          env.value("SCAN_TOPIC", ScanSettings::topicName),
          env.hostPort("PUBSUB_EMULATOR_HOST"),
          env.number("SCAN_RATE_PER_MINUTE", DEFAULT_RATE_PER_MINUTE, 1, 100_000),
          env.number("SCAN_CONCURRENCY", 16, 1, 256),
          env.number("FANOUT_THRESHOLD", 25, 1, 1_000),
          env.number("SCAN_BATCH_SIZE", 50, 1, 1_000),
          env.number("SCAN_PAGES_PER_BATCH", DEFAULT_PAGES_PER_BATCH, 1, 50),
          env.url("SLACK_RESPONSE_URL_PREFIX")
              .map(URI::toString)
              .orElse("https://hooks.slack.com/"));
    }

    private static String topicName(String value) {
      if (!value.matches(
          "projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/topics/[A-Za-z][\\w.~%+-]{2,254}")) {
        throw new ConfigException(
            "SCAN_TOPIC must be projects/PROJECT/topics/TOPIC, not '" + value + "'");
      }
      return value;
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
          + batchSize
          + ", scanPagesPerBatch="
          + pagesPerBatch;
    }
  }

  /**
   * Deprecation insights: where they are read from, and how often.
   *
   * @param off {@code INSIGHTS=off}: read none; wins over every other setting
   * @param file {@code GKE_INSIGHTS_FILE}: insights from gcloud's JSON instead of Recommender
   * @param emulatorHost {@code RECOMMENDER_EMULATOR_HOST}: {@code host:port} of a plaintext
   *     Recommender without credentials (tests)
   * @param cacheTtl {@code INSIGHTS_CACHE_TTL}, default 12 hours: how long insights read are used
   * @param dailyBudget {@code INSIGHTS_DAILY_BUDGET}, default 80: Recommender reads a day for every
   *     instance together (the free tier allows 100 a day for a whole organization)
   */
  public record InsightSettings(
      boolean off,
      Optional<Path> file,
      Optional<String> emulatorHost,
      Duration cacheTtl,
      int dailyBudget) {
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(12);
    public static final int DEFAULT_DAILY_BUDGET = 80;

    public InsightSettings {
      Objects.requireNonNull(file, "file == null");
      Objects.requireNonNull(emulatorHost, "emulatorHost == null");
      Objects.requireNonNull(cacheTtl, "cacheTtl == null");
    }

    static InsightSettings from(Env env) {
      return new InsightSettings(
          env.value("INSIGHTS", InsightSettings::isOff).orElse(false),
          env.file("GKE_INSIGHTS_FILE"),
          env.hostPort("RECOMMENDER_EMULATOR_HOST"),
          env.duration("INSIGHTS_CACHE_TTL").orElse(DEFAULT_CACHE_TTL),
          env.number("INSIGHTS_DAILY_BUDGET", DEFAULT_DAILY_BUDGET, 0, 1_000_000));
    }

    private static boolean isOff(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "off" -> true;
        case "on" -> false;
        default -> throw new ConfigException("INSIGHTS must be on or off, not '" + value + "'");
      };
    }
  }

  /** {@code END_OF_SUPPORT_WARNING_DAYS} when it is not set. */
  public static final int DEFAULT_END_OF_SUPPORT_WARNING_DAYS = 30;

  private final GkeSettings gke;
  private final SlackSettings slack;
  private final ScanSettings scan;
  private final InsightSettings insights;
  private final DeliveryConfig delivery;
  private final Language language;
  private final boolean notifyOnClear;
  private final Duration endOfSupportWarning;
  private final boolean dryRun;
  private final boolean warmUp;
  private final Optional<Path> routingConfig;
  private final Function<String, Optional<String>> secrets;

  private Config(Env env) {
    gke = GkeSettings.from(env);
    slack = SlackSettings.from(env);
    scan = ScanSettings.from(env);
    insights = InsightSettings.from(env);
    delivery = DeliveryConfig.from(env);
    language = env.value("MESSAGE_LANGUAGE", Config::language).orElse(Language.EN);
    notifyOnClear = env.flag("NOTIFY_ON_CLEAR");
    endOfSupportWarning =
        Duration.ofDays(
            env.number("END_OF_SUPPORT_WARNING_DAYS", DEFAULT_END_OF_SUPPORT_WARNING_DAYS, 0, 366));
    dryRun = env.flag("DRY_RUN");
    warmUp = env.flag("WARM_UP", true);
    routingConfig = env.file("ROUTING_CONFIG");
    secrets = env.lookup();
  }

  /**
   * Reads the configuration from an environment map, such as {@code System.getenv()}.
   *
   * @throws ConfigException naming the variable that is malformed
   */
  public static Config fromEnv(Map<String, String> env) {
    return new Config(new Env(Objects.requireNonNull(env, "env == null")));
  }

  public GkeSettings gke() {
    return gke;
  }

  public SlackSettings slack() {
    return slack;
  }

  /** The settings of on-demand checks, fleet scans and the scan topic. */
  public ScanSettings scan() {
    return scan;
  }

  /** Where deprecation insights are read from, the cache's life and the daily budget. */
  public InsightSettings insights() {
    return insights;
  }

  /** The notification log, repeat interval and per-event deadline. */
  public DeliveryConfig delivery() {
    return delivery;
  }

  /** {@code MESSAGE_LANGUAGE}: {@code en} (default) or {@code ko}. */
  public Language language() {
    return language;
  }

  /**
   * {@code WARM_UP}, default true: an instance builds its API clients in the background as it
   * starts, while the first request is on its way.
   */
  public boolean warmUp() {
    return warmUp;
  }

  /**
   * {@code END_OF_SUPPORT_WARNING_DAYS}, default 30: how close to the end of support a cluster's
   * open blocker becomes a finding that GKE will upgrade it anyway that day.
   */
  public Duration endOfSupportWarning() {
    return endOfSupportWarning;
  }

  /** {@code NOTIFY_ON_CLEAR}: also post clusters that are clear. */
  public boolean notifyOnClear() {
    return notifyOnClear;
  }

  /** {@code DRY_RUN}: log what would be sent, send nothing. */
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
   * Reads the variables a routing config names, such as a sink's secret; empty when unset or blank.
   * Values may be secrets: they must not be logged.
   */
  public Function<String, Optional<String>> secrets() {
    return secrets;
  }

  /**
   * Fails unless a setting that a function needs is present.
   *
   * @throws ConfigException naming the variable and the function that needs it
   */
  public static <T> T require(Optional<T> value, String variable, String neededFor) {
    return value.orElseThrow(
        () -> new ConfigException(variable + " is not set; " + neededFor + " needs it"));
  }

  private static Language language(String code) {
    try {
      return Language.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("MESSAGE_LANGUAGE must be en or ko, not '" + code + "'");
    }
  }

  @Override
  public String toString() {
    return "Config{gkeEmulatorHost="
        + gke.emulatorHost().orElse("-")
        + ", gkeClustersFile="
        + gke.clustersFile().map(Path::toString).orElse("-")
        + ", "
        + slack
        + ", language="
        + language.code()
        + ", notifyOnClear="
        + notifyOnClear
        + ", endOfSupportWarning="
        + endOfSupportWarning
        + ", dryRun="
        + dryRun
        + ", routingConfig="
        + routingConfig.map(Path::toString).orElse("-")
        + ", "
        + scan
        + ", "
        + delivery
        + "}";
  }
}
