/**
 * Test support shared by every test: {@link dev.upgradesentinel.testing.FakeGkeServer}, a real gRPC
 * server speaking the GKE API; {@link dev.upgradesentinel.testing.Fixtures}, which loads the
 * gcloud-shaped cluster JSON under {@code src/test/resources/clusters}; the real Firestore emulator
 * ({@link dev.upgradesentinel.testing.FirestoreEmulator}); a Slack double that fails on demand
 * ({@link dev.upgradesentinel.testing.SlackFaults}); and a corpus of hostile notifications.
 */
package dev.upgradesentinel.testing;
