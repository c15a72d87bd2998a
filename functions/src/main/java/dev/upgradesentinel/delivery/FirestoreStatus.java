package dev.upgradesentinel.delivery;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.FirestoreException;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/** The canonical status code of a failed call of the Firestore client library. */
final class FirestoreStatus {
  private FirestoreStatus() {}

  /** The status code of the failure or of one of its causes, by name ({@code ALREADY_EXISTS}). */
  static Optional<String> code(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return Optional.of(api.getStatusCode().getCode().name());
      }
      if (t instanceof FirestoreException firestore && firestore.getStatus() != null) {
        return Optional.of(firestore.getStatus().getCode().name());
      }
      if (t instanceof StatusRuntimeException grpc) {
        return Optional.of(grpc.getStatus().getCode().name());
      }
    }
    return Optional.empty();
  }
}
