/**
 * GitHub Issues: guidance as GitHub-flavoured Markdown that cannot mention anyone or inject HTML,
 * and one issue per finding through GitHub's REST API.
 */
package dev.upgradesentinel.sinks.github;
