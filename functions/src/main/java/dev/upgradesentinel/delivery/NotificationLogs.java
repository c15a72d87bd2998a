package dev.upgradesentinel.delivery;

import com.google.cloud.firestore.FirestoreOptions;
import dev.upgradesentinel.config.DeliveryConfig;
import java.util.logging.Logger;

/** Chooses the notification log the configuration asks for. */
public final class NotificationLogs {
  private static final Logger log = Logger.getLogger(NotificationLogs.class.getName());

  private NotificationLogs() {}

  /**
   * Firestore with {@code NOTIFICATION_LOG=firestore}; otherwise this instance's memory, with a
   * warning, because that log is neither durable nor shared. Creating the Firestore log connects
   * nothing: the client library's client is built on first use.
   */
  public static NotificationLog from(DeliveryConfig config) {
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
            + config.firestoreEmulatorHost().orElse("-"));
    DocumentStore store =
        new ClientDocumentStore(
            () -> {
              FirestoreOptions.Builder options = FirestoreOptions.newBuilder();
              config.firestoreProjectId().ifPresent(options::setProjectId);
              config.firestoreEmulatorHost().ifPresent(options::setEmulatorHost);
              return options.build().getService();
            });
    return new FirestoreNotificationLog(store, config.collection());
  }
}
