package dev.upgradesentinel.delivery;

import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.TransactionOptions;
import com.google.cloud.firestore.WriteBatch;
import com.google.common.base.Suppliers;
import dev.upgradesentinel.base.Warmable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Firestore through its client library, over gRPC. The client is created on first use and shared:
 * creating it opens channels and loads credentials, too slow for each event.
 */
final class ClientDocumentStore implements DocumentStore, Warmable {
  private final Supplier<Firestore> client;

  /**
   * @param factory creates the client; called once, on first use
   */
  ClientDocumentStore(Supplier<Firestore> factory) {
    this.client = Suppliers.memoize(Objects.requireNonNull(factory, "factory == null")::get);
  }

  @Override
  public String project() {
    return db().getOptions().getProjectId();
  }

  @Override
  public String database() {
    return db().getOptions().getDatabaseId();
  }

  /** Builds the client and its channel; the channel connects on the first call. */
  @Override
  public void warmUp() {
    db();
  }

  @Override
  public Optional<Doc> get(String path, Duration timeout) {
    return doc(await(db().document(path).get(), timeout));
  }

  @Override
  public List<Optional<Doc>> getAll(List<String> paths, Duration timeout) {
    DocumentReference[] refs = paths.stream().map(db()::document).toArray(DocumentReference[]::new);
    List<Optional<Doc>> docs = new ArrayList<>();
    for (DocumentSnapshot snapshot : await(db().getAll(refs), timeout)) {
      docs.add(doc(snapshot));
    }
    return List.copyOf(docs);
  }

  @Override
  public void set(String path, Map<String, Object> fields, Duration timeout) {
    await(db().document(path).set(stored(fields)), timeout);
  }

  @Override
  public void create(String path, Map<String, Object> fields, Duration timeout) {
    await(db().document(path).create(stored(fields)), timeout);
  }

  @Override
  public void update(String path, Map<String, Object> fields, String updateTime, Duration timeout) {
    await(
        db().document(path)
            .update(stored(fields), Precondition.updatedAt(Timestamp.parseTimestamp(updateTime))),
        timeout);
  }

  @Override
  public void delete(String path, String updateTime, Duration timeout) {
    await(
        db().document(path).delete(Precondition.updatedAt(Timestamp.parseTimestamp(updateTime))),
        timeout);
  }

  /** The client library answers no transform results, so the count is read back. */
  @Override
  public long increment(String path, Map<String, Object> fields, String counter, Duration timeout) {
    await(db().document(path).set(incremented(fields, counter), SetOptions.merge()), timeout);
    return count(path, counter, timeout);
  }

  /**
   * In one batch, and the count read back, as {@link #increment(String, Map, String, Duration)}.
   */
  @Override
  public long increment(
      String path, Map<String, Object> fields, String counter, Guarded with, Duration timeout) {
    WriteBatch batch = db().batch();
    batch.set(db().document(path), incremented(fields, counter), SetOptions.merge());
    DocumentReference guarded = db().document(with.path());
    if (with.updateTime() == null) {
      batch.create(guarded, stored(with.fields()));
    } else {
      batch.update(
          guarded,
          stored(with.fields()),
          Precondition.updatedAt(Timestamp.parseTimestamp(with.updateTime())));
    }
    await(batch.commit(), timeout);
    return count(path, counter, timeout);
  }

  /** The fields to merge, with one added to the counter. */
  private static Map<String, Object> incremented(Map<String, Object> fields, String counter) {
    Map<String, Object> merged = stored(fields);
    merged.put(counter, FieldValue.increment(1));
    return merged;
  }

  /** The counter read back: the client library answers no transform results. */
  private long count(String path, String counter, Duration timeout) {
    Long count = await(db().document(path).get(), timeout).getLong(counter);
    return count == null ? 0 : count;
  }

  @Override
  public void transaction(
      String path,
      Function<Optional<Doc>, Optional<Map<String, Object>>> change,
      int attempts,
      Duration timeout) {
    DocumentReference doc = db().document(path);
    await(
        db().runTransaction(
                tx -> {
                  Optional<Map<String, Object>> next = change.apply(doc(tx.get(doc).get()));
                  next.ifPresent(fields -> tx.set(doc, stored(fields)));
                  return null;
                },
                TransactionOptions.createReadWriteOptionsBuilder()
                    .setNumberOfAttempts(attempts)
                    .build()),
        timeout);
  }

  private Firestore db() {
    return client.get();
  }

  private static Optional<Doc> doc(DocumentSnapshot snapshot) {
    if (!snapshot.exists()) {
      return Optional.empty();
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    Objects.requireNonNull(snapshot.getData())
        .forEach((field, value) -> fields.put(field, read(value)));
    return Optional.of(
        new Doc(fields, Objects.requireNonNull(snapshot.getUpdateTime()).toString()));
  }

  /** Firestore's values as the store's: timestamps as instants, all the way down. */
  private static Object read(Object value) {
    if (value instanceof Timestamp timestamp) {
      return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> read = new LinkedHashMap<>();
      map.forEach((key, item) -> read.put((String) key, read(item)));
      return read;
    }
    if (value instanceof List<?> list) {
      List<Object> read = new ArrayList<>();
      list.forEach(item -> read.add(read(item)));
      return read;
    }
    return value;
  }

  /** The store's values as Firestore's: instants as timestamps, all the way down. */
  private static Map<String, Object> stored(Map<String, Object> fields) {
    Map<String, Object> stored = new HashMap<>();
    fields.forEach((field, value) -> stored.put(field, store(value)));
    return stored;
  }

  private static Object store(Object value) {
    if (value instanceof Instant instant) {
      return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> stored = new HashMap<>();
      map.forEach((key, item) -> stored.put((String) key, store(item)));
      return stored;
    }
    if (value instanceof List<?> list) {
      List<Object> stored = new ArrayList<>();
      list.forEach(item -> stored.add(store(item)));
      return stored;
    }
    return value;
  }

  /**
   * Waits for a call. An exception the transaction's own function threw is thrown as it is; a call
   * that is not answered in time is left to finish on its own, not cancelled: a transaction
   * abandoned half-way keeps its document locked until Firestore expires it.
   */
  private static <T> T await(ApiFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Optional<String> code = FirestoreStatus.code(e.getCause());
      if (code.isEmpty() && e.getCause() instanceof RuntimeException own) {
        throw own;
      }
      throw new StoreException(code.orElse("UNKNOWN"), String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException("DEADLINE_EXCEEDED", "no answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("CANCELLED", "interrupted", e);
    }
  }
}
