package dev.upgradesentinel.delivery;

import com.google.cloud.firestore.FirestoreOptions;
import dev.upgradesentinel.config.DeliveryConfig;
import java.net.http.HttpClient;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** Chooses the notification log the configuration asks for. */
public final class NotificationLogs {
  private static final Logger log = Logger.getLogger(NotificationLogs.class.getName());

  private NotificationLogs() {}

  /**
   * Firestore with {@code NOTIFICATION_LOG=firestore}; otherwise this instance's memory, with a
   * warning, because that log is neither durable nor shared. Creating the Firestore log connects
   * nothing. With {@code FIRESTORE_TRANSPORT=rest} it speaks Firestore's REST API over the
   * instance's HTTP client; otherwise the client library's gRPC, built on first use.
   */
  public static NotificationLog from(DeliveryConfig config, Supplier<HttpClient> http) {
    if (config.log() == DeliveryConfig.LogKind.MEMORY) {
      log.warning(
          "NOTIFICATION_LOG=memory: the notification log is kept in this instance's memory and is"
              + " NOT DURABLE. A restart forgets what was posted and posts it again, and instances"
              + " do not share it, so duplicates may be posted. Set NOTIFICATION_LOG=firestore in"
              + " production.");
      return new InMemoryNotificationLog();
    }
    log.info(
        "Notification log in Firestore collection="
            + config.collection()
            + " project="
            + config.firestoreProjectId().orElse("(default)")
            + " emulator="
            + config.firestoreEmulatorHost().orElse("-")
            + " transport="
            + (config.firestoreRest() ? "rest" : "grpc"));
    DocumentStore store;
    if (config.firestoreRest()) {
      String project =
          config
              .firestoreProjectId()
              .orElseGet(com.google.cloud.ServiceOptions::getDefaultProjectId);
      if (project == null || project.isBlank()) {
        throw new IllegalStateException(
            "NOTIFICATION_LOG=firestore needs a project: set FIRESTORE_PROJECT_ID");
      }
      store =
          RestDocumentStore.create(
              project, "(default)", config.firestoreEmulatorHost().orElse(null), http.get());
    } else {
      store =
          new ClientDocumentStore(
              () -> {
                FirestoreOptions.Builder options = FirestoreOptions.newBuilder();
                config.firestoreProjectId().ifPresent(options::setProjectId);
                config.firestoreEmulatorHost().ifPresent(options::setEmulatorHost);
                return options.build().getService();
              });
    }
    return new FirestoreNotificationLog(store, config.collection());
  }
}
