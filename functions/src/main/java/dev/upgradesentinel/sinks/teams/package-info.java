/**
 * The Microsoft Teams sink: {@link dev.upgradesentinel.sinks.teams.AdaptiveCardRenderer} turns
 * guidance into an Adaptive Card, and {@link dev.upgradesentinel.sinks.teams.TeamsWorkflowSink}
 * posts it to a Teams Workflows webhook.
 */
package dev.upgradesentinel.sinks.teams;
