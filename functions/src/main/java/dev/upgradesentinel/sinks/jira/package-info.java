/**
 * Jira Cloud: guidance as Atlassian Document Format, and one Jira issue per finding through the
 * REST API v3.
 */
package dev.upgradesentinel.sinks.jira;
