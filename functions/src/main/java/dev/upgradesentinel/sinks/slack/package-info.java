/**
 * The Slack sink: {@link dev.upgradesentinel.sinks.slack.SlackMessageRenderer} turns guidance into
 * Block Kit JSON within Slack's limits, escaping every value so nothing in it can mention people or
 * format text, and {@link dev.upgradesentinel.sinks.slack.SlackWebhookSink} posts it to an incoming
 * webhook, telling transient failures (429, 5xx, timeouts) from permanent ones.
 */
package dev.upgradesentinel.sinks.slack;
