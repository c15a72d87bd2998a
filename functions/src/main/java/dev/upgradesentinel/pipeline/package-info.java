/**
 * One GKE notification from end to end: read the cluster, assess it, decide with the notification
 * log which message is due, route it, render it per language and deliver it to each sink once.
 */
package dev.upgradesentinel.pipeline;
