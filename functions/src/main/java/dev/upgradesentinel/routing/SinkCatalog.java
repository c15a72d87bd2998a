package dev.upgradesentinel.routing;

import dev.upgradesentinel.sinks.SinkKind;
import dev.upgradesentinel.sinks.chat.GoogleChatSink;
import dev.upgradesentinel.sinks.github.GitHubIssuesSink;
import dev.upgradesentinel.sinks.jira.JiraSink;
import dev.upgradesentinel.sinks.pagerduty.PagerDutySink;
import dev.upgradesentinel.sinks.slack.SlackWebApiSink;
import dev.upgradesentinel.sinks.slack.SlackWebhookSink;
import dev.upgradesentinel.sinks.teams.TeamsWorkflowSink;
import dev.upgradesentinel.sinks.webhook.WebhookSink;
import java.util.List;
import java.util.Optional;

/**
 * Every kind of sink the routing config can name. Each sink's folder declares its kind; adding a
 * sink means a new folder under {@code sinks} and one line here.
 */
final class SinkCatalog {
  static final List<SinkKind> KINDS =
      List.of(
          SlackWebhookSink.KIND,
          SlackWebApiSink.KIND,
          GoogleChatSink.KIND,
          TeamsWorkflowSink.KIND,
          PagerDutySink.KIND,
          WebhookSink.KIND,
          JiraSink.KIND,
          GitHubIssuesSink.KIND);

  private SinkCatalog() {}

  static Optional<SinkKind> byType(String type) {
    return KINDS.stream().filter(kind -> kind.type().equals(type)).findFirst();
  }

  static List<String> types() {
    return KINDS.stream().map(SinkKind::type).toList();
  }
}
