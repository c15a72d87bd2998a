package dev.upgradesentinel.delivery;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.FirestoreException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/** The canonical status code of a failed Firestore call, whichever transport carried it. */
final class FirestoreStatus {
  private FirestoreStatus() {}

  /**
   * The status code of the failure or of one of its causes, by name ({@code ALREADY_EXISTS}).
   *
   * <p>Over REST, the HTTP status alone is ambiguous: 409 is both ABORTED and ALREADY_EXISTS, and
   * the client library maps it to ABORTED. The error's body names the code, so it is read first.
   */
  static Optional<String> code(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof HttpResponseException http) {
        Optional<String> named = fromBody(http.getContent());
        if (named.isPresent()) {
          return named;
        }
      }
    }
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

  /** {@code error.status} of a Google API error body, such as {@code ALREADY_EXISTS}. */
  private static Optional<String> fromBody(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonElement json = JsonParser.parseString(body);
      if (json.isJsonObject()
          && json.getAsJsonObject().get("error") instanceof JsonObject error
          && error.get("status") != null
          && error.get("status").isJsonPrimitive()) {
        String status = error.get("status").getAsString();
        return status.matches("[A-Z_]{2,40}") ? Optional.of(status) : Optional.empty();
      }
    } catch (RuntimeException notJson) {
      // An HTML error page from a proxy, say: the HTTP mapping stands.
    }
    return Optional.empty();
  }
}
