package dev.upgradesentinel.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The document operations the notification log and the insight ledger make on Firestore, through
 * {@link ClientDocumentStore} (the client library). The log and the ledger are written against
 * these few operations, so their rules read apart from the library's calls.
 *
 * <p>A path is relative to the database's documents: {@code collection/document}, {@code
 * collection/document/subcollection/document}. Field values are {@link String}, {@link Long},
 * {@link Boolean}, {@link Instant} (a timestamp), {@code Map<String, Object>}, {@code
 * java.util.List<Object>} and {@code null}.
 *
 * <p>Each call takes the longest it may wait, and fails with a {@link StoreException} carrying the
 * canonical status of Firestore's answer ({@code DEADLINE_EXCEEDED} when there was none in time).
 */
interface DocumentStore {

  /** The project of the database, for the messages that name it. */
  String project();

  /** The database's id, {@code (default)} unless set. */
  String database();

  /** Reads a document; empty when it does not exist. */
  Optional<Doc> get(String path, Duration timeout);

  /**
   * Reads documents in one call, as of one moment.
   *
   * @return for each path, in the order given, the document or empty when it does not exist
   */
  List<Optional<Doc>> getAll(List<String> paths, Duration timeout);

  /** Writes a document whole, whether or not it exists. */
  void set(String path, Map<String, Object> fields, Duration timeout);

  /** Creates a document; {@code ALREADY_EXISTS} when it exists. */
  void create(String path, Map<String, Object> fields, Duration timeout);

  /**
   * Sets the given top-level fields of a document, only if it is unchanged since it was read:
   * {@code FAILED_PRECONDITION} (or {@code NOT_FOUND}) when it changed or went away.
   *
   * @param updateTime the {@link Doc#updateTime()} read
   */
  void update(String path, Map<String, Object> fields, String updateTime, Duration timeout);

  /** Deletes a document, only if it is unchanged since it was read, as {@link #update}. */
  void delete(String path, String updateTime, Duration timeout);

  /**
   * Sets the given fields and adds one to the integer field {@code counter}, in one atomic write,
   * creating the document if needed; other fields are kept.
   *
   * @return the counter after this write, or after later ones too when the store must read it back
   */
  long increment(String path, Map<String, Object> fields, String counter, Duration timeout);

  /**
   * As {@link #increment}, with a conditional write of another document in the same atomic commit:
   * neither is written when the condition fails, {@code ALREADY_EXISTS} for a create of a document
   * that exists, {@code FAILED_PRECONDITION} (or {@code NOT_FOUND}) for an update of one that
   * changed.
   */
  long increment(
      String path, Map<String, Object> fields, String counter, Guarded with, Duration timeout);

  /**
   * A write that applies only to the document as it was read.
   *
   * @param updateTime the {@link Doc#updateTime()} read, so that the given fields are updated only
   *     if it is unchanged; {@code null} when no document was read, so that it is created
   */
  record Guarded(String path, Map<String, Object> fields, String updateTime) {
    public Guarded {
      Objects.requireNonNull(path, "path == null");
      fields = Map.copyOf(Objects.requireNonNull(fields, "fields == null"));
    }
  }

  /**
   * Reads a document in a read-write transaction and writes what {@code change} returns, if
   * anything, atomically: when another writer got there first the transaction is run again, up to
   * {@code attempts} times. {@code change} may therefore run more than once; an exception from it
   * ends the transaction, rolled back, and is thrown as it is.
   */
  void transaction(
      String path,
      Function<Optional<Doc>, Optional<Map<String, Object>>> change,
      int attempts,
      Duration timeout);

  /** A document as read: its fields, and when it last changed (Firestore's own time). */
  record Doc(Map<String, Object> fields, String updateTime) {
    public Doc {
      Objects.requireNonNull(fields, "fields == null");
      Objects.requireNonNull(updateTime, "updateTime == null");
    }

    Object get(String field) {
      return fields.get(field);
    }

    /** The field as a string; null when absent or of another type. */
    String string(String field) {
      return fields.get(field) instanceof String value ? value : null;
    }

    /** The field as an integer; null when absent or of another type. */
    Long number(String field) {
      return fields.get(field) instanceof Long value ? value : null;
    }

    /** The field as a boolean; null when absent or of another type. */
    Boolean bool(String field) {
      return fields.get(field) instanceof Boolean value ? value : null;
    }

    /** The field as a timestamp; null when absent or of another type. */
    Instant instant(String field) {
      return fields.get(field) instanceof Instant value ? value : null;
    }
  }

  /** A call Firestore refused or did not answer, with the canonical status. */
  final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    StoreException(String code, String message, Throwable cause) {
      super(message, cause);
      this.code = Objects.requireNonNull(code, "code == null");
    }

    /** The canonical status, such as {@code ALREADY_EXISTS}. */
    String code() {
      return code;
    }
  }
}
