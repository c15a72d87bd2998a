/**
 * The {@code /gke-check} Slack slash command: verifying Slack's request signature, reading the
 * command, and turning it into a scan request answered later at Slack's response URL.
 */
package dev.upgradesentinel.command;
