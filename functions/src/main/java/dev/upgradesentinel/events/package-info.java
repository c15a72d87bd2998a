/**
 * Decoding of GKE cluster notifications: the Eventarc CloudEvent envelope around a Pub/Sub message
 * is unwrapped here, so that nothing past this package sees transports.
 */
package dev.upgradesentinel.events;
