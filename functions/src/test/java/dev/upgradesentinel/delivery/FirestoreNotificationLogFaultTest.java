package dev.upgradesentinel.delivery;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.cloud.firestore.FirestoreOptions;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.testing.FaultyFirestoreServer;
import dev.upgradesentinel.testing.LogCapture;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The Firestore log against a Firestore that refuses or does not answer: every call ends by the
 * event's deadline, and a setup problem is logged at ERROR with its fix while the message is still
 * left to Pub/Sub to redeliver.
 */
class FirestoreNotificationLogFaultTest {
  private static final ClusterRef CLUSTER = new ClusterRef("shop-prod", "us-central1", "checkout");
  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");

  private static FirestoreNotificationLog logAt(FaultyFirestoreServer server) {
    return new FirestoreNotificationLog(
        new ClientDocumentStore(
            () ->
                FirestoreOptions.newBuilder()
                    .setProjectId("sentinel-ops")
                    .setDatabaseId("(default)")
                    .setEmulatorHost(server.target())
                    .build()
                    .getService()),
        "gke-upgrade-sentinel-log");
  }

  @Test
  void update_permissionDenied_logsErrorNamingTheRoleAndIsRetried() throws Exception {
    try (FaultyFirestoreServer server = FaultyFirestoreServer.answering(Status.PERMISSION_DENIED);
        LogCapture logs = new LogCapture()) {
      FirestoreNotificationLog log = logAt(server);

      TransientFailureException e =
          assertThrows(
              TransientFailureException.class,
              () ->
                  log.update(CLUSTER, current -> current, Deadline.after(Duration.ofSeconds(20))));

      assertThat(e).hasMessageThat().contains("PERMISSION_DENIED");
      assertThat(logs.severe()).hasSize(1);
      assertThat(logs.severe().get(0)).contains("roles/datastore.user on project=sentinel-ops");
      assertThat(logs.severe().get(0)).contains("update the cluster record");
      assertThat(server.methods()).isNotEmpty();
    }
  }

  @Test
  void claim_databaseNotFound_logsErrorNamingTheCreateCommandAndIsRetried() throws Exception {
    try (FaultyFirestoreServer server = FaultyFirestoreServer.answering(Status.NOT_FOUND);
        LogCapture logs = new LogCapture()) {
      FirestoreNotificationLog log = logAt(server);

      assertThrows(
          TransientFailureException.class,
          () ->
              log.claim(
                  CLUSTER,
                  "a1",
                  "slack",
                  "owner-1",
                  NOW,
                  NOW.plusSeconds(80),
                  Deadline.after(Duration.ofSeconds(20))));

      assertThat(logs.severe()).hasSize(1);
      assertThat(logs.severe().get(0))
          .contains(
              "gcloud firestore databases create --project=sentinel-ops --database=(default)"
                  + " --location=REGION");
    }
  }

  @Test
  void complete_unavailable_isRetriedWithoutAnErrorAboutTheSetup() throws Exception {
    try (FaultyFirestoreServer server = FaultyFirestoreServer.answering(Status.UNAVAILABLE);
        LogCapture logs = new LogCapture()) {
      FirestoreNotificationLog log = logAt(server);

      assertThrows(
          TransientFailureException.class,
          () ->
              log.complete(
                  CLUSTER,
                  "a1",
                  "slack",
                  Receipt.delivered("C1", "1.2"),
                  NOW,
                  Deadline.after(Duration.ofSeconds(5))));

      assertThat(logs.severe()).isEmpty();
    }
  }

  /** The call used to wait 15 s whatever the event had left; now it ends with the deadline. */
  @Test
  void everyCall_firestoreSilent_endsByTheDeadline() throws Exception {
    try (FaultyFirestoreServer server = FaultyFirestoreServer.silent()) {
      FirestoreNotificationLog log = logAt(server);
      Deadline deadline = Deadline.after(Duration.ofMillis(1_500));

      long start = System.nanoTime();
      TransientFailureException update =
          assertThrows(
              TransientFailureException.class, () -> log.update(CLUSTER, c -> c, deadline));
      TransientFailureException receipt =
          assertThrows(
              TransientFailureException.class, () -> log.receipt(CLUSTER, "a1", "slack", deadline));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(update).hasMessageThat().contains("did not answer within ms=");
      assertThat(receipt).hasMessageThat().contains("did not answer within ms=");
      // Both calls together within the event's deadline plus slack for a loaded machine, far
      // from the 15 s each used to take.
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(deadline.passed()).isTrue();
    }
  }
}
