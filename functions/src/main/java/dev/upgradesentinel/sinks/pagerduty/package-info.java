/**
 * The PagerDuty sink: {@link dev.upgradesentinel.sinks.pagerduty.PagerDutyEventRenderer} turns a
 * delivery into an Events API v2 trigger or resolve keyed by the finding id, and {@link
 * dev.upgradesentinel.sinks.pagerduty.PagerDutySink} sends it.
 */
package dev.upgradesentinel.sinks.pagerduty;
