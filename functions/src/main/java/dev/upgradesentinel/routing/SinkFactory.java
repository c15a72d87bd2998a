package dev.upgradesentinel.routing;

import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.config.ConfigException;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.chat.GoogleChatSink;
import dev.upgradesentinel.sinks.github.GitHubIssuesSink;
import dev.upgradesentinel.sinks.jira.JiraSink;
import dev.upgradesentinel.sinks.pagerduty.PagerDutySink;
import dev.upgradesentinel.sinks.slack.SlackWebApiSink;
import dev.upgradesentinel.sinks.slack.SlackWebhookSink;
import dev.upgradesentinel.sinks.teams.TeamsWorkflowSink;
import dev.upgradesentinel.sinks.webhook.WebhookSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the sink a {@link SinkSpec} describes, reading its secrets from the environment variables
 * the spec names. Errors name the config path and the variable, never a value.
 */
final class SinkFactory {
  static final URI DEFAULT_SLACK_API = URI.create("https://slack.com/api");
  static final URI DEFAULT_GITHUB_API = URI.create("https://api.github.com");

  private final Function<String, Optional<String>> env;
  private final HttpClient http;
  private final boolean dryRun;

  /**
   * @param env reads an environment variable; empty when unset or blank
   * @param http the client every sink shares
   * @param dryRun whether sinks only log
   */
  SinkFactory(Function<String, Optional<String>> env, HttpClient http, boolean dryRun) {
    this.env = Objects.requireNonNull(env, "env == null");
    this.http = Objects.requireNonNull(http, "http == null");
    this.dryRun = dryRun;
  }

  /**
   * Builds one sink.
   *
   * @throws ConfigException when a variable the spec names is unset, or a URL in one is not https
   */
  Sink create(SinkSpec spec) {
    String name = spec.name();
    return switch (spec.type()) {
      case SLACK_WEBHOOK -> new SlackWebhookSink(name, url(spec, "urlEnv"), http, dryRun);
      case SLACK_API ->
          new SlackWebApiSink(
              name,
              baseUrl(spec, DEFAULT_SLACK_API),
              secret(spec, "tokenEnv"),
              text(spec, "channel"),
              http,
              dryRun);
      case GOOGLE_CHAT -> new GoogleChatSink(name, url(spec, "urlEnv"), http, dryRun);
      case TEAMS -> new TeamsWorkflowSink(name, url(spec, "urlEnv"), http, dryRun);
      case PAGERDUTY ->
          new PagerDutySink(
              name,
              baseUrl(spec, PagerDutySink.DEFAULT_BASE_URL),
              secret(spec, "routingKeyEnv"),
              http,
              dryRun);
      case WEBHOOK ->
          new WebhookSink(name, url(spec, "urlEnv"), secret(spec, "secretEnv"), http, dryRun);
      case JIRA ->
          new JiraSink(
              name,
              baseUrl(spec, null),
              secret(spec, "emailEnv"),
              secret(spec, "tokenEnv"),
              text(spec, "project"),
              spec.value("issueType").orElse("Task"),
              spec.value("doneTransition").orElse("Done"),
              http,
              dryRun);
      case GITHUB ->
          new GitHubIssuesSink(
              name,
              baseUrl(spec, DEFAULT_GITHUB_API),
              secret(spec, "tokenEnv"),
              text(spec, "owner"),
              text(spec, "repo"),
              spec.labels(),
              http,
              dryRun);
    };
  }

  private String secret(SinkSpec spec, String field) {
    String variable = text(spec, field);
    return env.apply(variable)
        .orElseThrow(
            () ->
                new ConfigException(
                    variable
                        + " is not set; the routing config's "
                        + spec.path(field)
                        + " names it for sink '"
                        + spec.name()
                        + "'"));
  }

  /** A URL held in a variable: may be a secret, so errors name only the variable. */
  private URI url(SinkSpec spec, String field) {
    String variable = text(spec, field);
    return Config.url(variable + " (" + spec.path(field) + ")", secret(spec, field));
  }

  private static URI baseUrl(SinkSpec spec, URI fallback) {
    // The parser checked that the value is an https URL.
    return spec.value("baseUrl").map(URI::create).orElse(fallback);
  }

  private static String text(SinkSpec spec, String field) {
    return spec.value(field)
        .orElseThrow(() -> new IllegalStateException(spec.path(field) + " was validated"));
  }
}
