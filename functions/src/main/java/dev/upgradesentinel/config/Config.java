package dev.upgradesentinel.config;

import dev.upgradesentinel.guidance.Language;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The functions' configuration, read from environment variables.
 *
 * <p>Reading validates the syntax of every variable that is set; what a particular function
 * requires is checked by that function with {@link #require}. Secret values never appear in
 * {@link #toString()} or in error messages.
 */
public final class Config {
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final Optional<String> gkeEmulatorHost;
  private final Optional<Path> gkeClustersFile;
  private final Optional<URI> slackWebhookUrl;
  private final Optional<String> slackBotToken;
  private final Optional<String> slackChannel;
  private final URI slackApiBaseUrl;
  private final Optional<String> slackSigningSecret;
  private final Language language;
  private final boolean notifyOnClear;
  private final boolean dryRun;

  private Config(Map<String, String> env) {
    gkeEmulatorHost = value(env, "GKE_EMULATOR_HOST").map(Config::hostPort);
    gkeClustersFile = value(env, "GKE_CLUSTERS_FILE").map(Config::readableFile);
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

  private static Path readableFile(String value) {
    Path path = Path.of(value);
    if (!Files.isReadable(path) || Files.isDirectory(path)) {
      throw new ConfigException("GKE_CLUSTERS_FILE names no readable file: " + value);
    }
    return path;
  }

  /**
   * Parses a URL that may hold a secret, so the error never repeats it. Plain http is allowed only
   * for local test servers.
   */
  private static URI url(String variable, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(variable + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean local = uri.getHost() != null && LOCAL_HOSTS.contains(uri.getHost());
    if (!(scheme.equals("https") || (scheme.equals("http") && local)) || uri.getHost() == null) {
      throw new ConfigException(variable + " must be an https URL");
    }
    return uri;
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
        + "}";
  }
}
