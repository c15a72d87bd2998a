/**
 * Test support shared by every test: {@link dev.upgradesentinel.testing.FakeGkeServer}, a real
 * gRPC server speaking the GKE API, and {@link dev.upgradesentinel.testing.Fixtures}, which loads
 * the gcloud-shaped cluster JSON under {@code src/test/resources/clusters}.
 */
package dev.upgradesentinel.testing;
