/**
 * What the ticket sinks (Jira, GitHub Issues) share: a finding's ticket life (open, comment,
 * close), dry runs, refusals, and JSON requests sent with the one retry policy of {@code
 * sinks.http}.
 */
package dev.upgradesentinel.sinks.ticket;
