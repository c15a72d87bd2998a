package dev.upgradesentinel.sinks;

import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.config.ConfigException;
import dev.upgradesentinel.sinks.slack.SlackWebhookSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/** Builds the sinks the configuration asks for. */
public final class Sinks {
  private static final Logger log = Logger.getLogger(Sinks.class.getName());

  private Sinks() {}

  /**
   * The configured sinks. With {@code DRY_RUN=true} and no webhook, a dry-run Slack sink that only
   * logs, so the product can be tried without Slack.
   *
   * @param neededFor the function asking, named in the error when no sink is configured
   * @throws ConfigException when no sink is configured and this is not a dry run
   */
  public static List<Sink> from(Config config, String neededFor) {
    if (config.slackWebhookUrl().isEmpty() && !config.dryRun()) {
      throw new ConfigException(
          "SLACK_WEBHOOK_URL is not set; " + neededFor + " needs it (or DRY_RUN=true to only log)");
    }
    if (config.dryRun()) {
      log.info("DRY_RUN=true: messages are logged, nothing is sent");
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI webhook = config.slackWebhookUrl().orElse(URI.create("https://hooks.slack.com/services/dry-run"));
    return List.of(new SlackWebhookSink(webhook, http, config.dryRun()));
  }
}
