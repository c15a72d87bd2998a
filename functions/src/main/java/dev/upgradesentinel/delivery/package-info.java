/**
 * The notification log that makes delivery exactly-once per finding and sink. A {@link
 * dev.upgradesentinel.delivery.Finding} is keyed by its fingerprint; {@link
 * dev.upgradesentinel.delivery.Lifecycle} decides whether a finding is new, repeated, changed or
 * resolved; {@link dev.upgradesentinel.delivery.NotificationLog} keeps the decision and per-sink
 * claims, in Firestore or, for demos, in memory.
 */
package dev.upgradesentinel.delivery;
