/**
 * The Google Chat sink: {@link dev.upgradesentinel.sinks.chat.GoogleChatRenderer} turns guidance
 * into a {@code cardsV2} card with every value HTML-escaped, and {@link
 * dev.upgradesentinel.sinks.chat.GoogleChatSink} posts it to a space's incoming webhook, one thread
 * per finding.
 */
package dev.upgradesentinel.sinks.chat;
