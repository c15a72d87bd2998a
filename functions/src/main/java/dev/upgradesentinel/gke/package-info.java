/**
 * Reads GKE clusters, from the GKE API or from a file of clusters, and turns them into our own
 * records ({@link dev.upgradesentinel.model.ClusterInfo}, {@link
 * dev.upgradesentinel.model.NodePoolInfo}).
 *
 * <p>This is the only package that sees {@code com.google.container.v1} protos and the GKE client;
 * everything downstream works with the records. API failures are sorted here into the three kinds
 * the rest of the code acts on: not found, access refused (permanent) and transient.
 */
package dev.upgradesentinel.gke;
