/**
 * The records the rules read: a cluster ({@link dev.upgradesentinel.model.ClusterInfo}) with its
 * node pools, the reference that names it, and the GKE event a notification carries ({@link
 * dev.upgradesentinel.model.GkeEvent}). Readers in {@code gke} and {@code events} build them from
 * protos, files and envelopes; the model depends on none of those.
 */
package dev.upgradesentinel.model;
