package dev.upgradesentinel.routing;

import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkSettings;
import dev.upgradesentinel.sinks.slack.SlackWebApiSink;
import dev.upgradesentinel.sinks.slack.SlackWebhookSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** Builds the sinks the configuration asks for. */
public final class Sinks {
  private static final Logger log = Logger.getLogger(Sinks.class.getName());
  private static final URI DRY_RUN_WEBHOOK = URI.create("https://hooks.slack.com/services/dry-run");

  private Sinks() {}

  /**
   * The configured sinks: the Slack incoming webhook when {@code SLACK_WEBHOOK_URL} is set, Slack's
   * Web API when {@code SLACK_BOT_TOKEN} and {@code SLACK_CHANNEL} are, or both. With {@code
   * DRY_RUN=true} and no Slack setting, a dry-run Slack sink that only logs, so the product can be
   * tried without Slack.
   *
   * @param neededFor the function asking, named in the error when no sink is configured
   * @param http the instance's HTTP client
   * @throws ConfigException when no sink is configured and this is not a dry run, or only one of
   *     SLACK_BOT_TOKEN and SLACK_CHANNEL is set
   */
  public static List<Sink> from(Config config, String neededFor, HttpClient http) {
    if (config.slack().botToken().isPresent() != config.slack().channel().isPresent()) {
      String missing = config.slack().botToken().isPresent() ? "SLACK_CHANNEL" : "SLACK_BOT_TOKEN";
      throw new ConfigException(
          missing
              + " is not set; "
              + neededFor
              + " needs SLACK_BOT_TOKEN and SLACK_CHANNEL together");
    }
    boolean webApi = config.slack().botToken().isPresent();
    if (config.slack().webhookUrl().isEmpty() && !webApi && !config.dryRun()) {
      throw new ConfigException(
          "SLACK_WEBHOOK_URL is not set; "
              + neededFor
              + " needs it, or SLACK_BOT_TOKEN and SLACK_CHANNEL (or DRY_RUN=true to only log)");
    }
    if (config.dryRun()) {
      log.info("DRY_RUN=true: messages are logged, nothing is sent");
    }
    // The Slack variables are the implicit default route: the same kinds as in a routing config,
    // with fields that name the variables.
    SinkContext context = SinkContext.of(http, config.dryRun());
    List<Sink> sinks = new ArrayList<>();
    if (config.slack().webhookUrl().isPresent() || !webApi) {
      URI webhook = config.slack().webhookUrl().orElse(DRY_RUN_WEBHOOK);
      sinks.add(
          SlackWebhookSink.KIND.build(
              new SinkSettings(
                  SlackWebhookSink.KIND.type(),
                  Map.of("urlEnv", "SLACK_WEBHOOK_URL"),
                  List.of(),
                  variable -> Optional.of(webhook.toString())),
              context));
    }
    if (webApi) {
      sinks.add(
          SlackWebApiSink.KIND.build(
              new SinkSettings(
                  SlackWebApiSink.KIND.type(),
                  Map.of(
                      "tokenEnv", "SLACK_BOT_TOKEN",
                      "channel", config.slack().channel().get(),
                      "baseUrl", config.slack().apiBaseUrl().toString()),
                  List.of(),
                  variable -> config.slack().botToken()),
              context));
    }
    return List.copyOf(sinks);
  }
}
