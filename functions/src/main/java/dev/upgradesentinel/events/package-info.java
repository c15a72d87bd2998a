/**
 * Decoding of GKE cluster notifications: the Eventarc CloudEvent envelope around a Pub/Sub message
 * is unwrapped here into a {@link dev.upgradesentinel.events.GkeNotification} carrying the model's
 * {@link dev.upgradesentinel.model.GkeEvent}, so that nothing past this package sees transports.
 */
package dev.upgradesentinel.events;
