/**
 * The verdict for a cluster and the migration plan: pure logic over the records of the {@code gke}
 * and {@code events} packages, free of protobuf, transports and clocks.
 */
package dev.upgradesentinel.assess;
