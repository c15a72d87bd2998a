/**
 * Test support shared by every test: {@link dev.upgradesentinel.testing.FakeGkeServer}, a real gRPC
 * server speaking the GKE API; {@link dev.upgradesentinel.testing.Fixtures}, which loads the
 * gcloud-shaped cluster JSON under {@code src/test/resources/clusters}; the real Firestore emulator
 * ({@link dev.upgradesentinel.testing.FirestoreEmulator}) and a proxy that makes its calls fail
 * ({@link dev.upgradesentinel.testing.FirestoreFaultProxy}); the chat services as doubles that fail
 * on demand, losing answers too ({@link dev.upgradesentinel.testing.SinkFaults}); and a corpus of
 * hostile notifications.
 */
package dev.upgradesentinel.testing;
