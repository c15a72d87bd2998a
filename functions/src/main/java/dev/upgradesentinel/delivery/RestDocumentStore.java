package dev.upgradesentinel.delivery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.googleapis.GoogleApiException;
import dev.upgradesentinel.googleapis.GoogleRest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Firestore's REST API ({@code FIRESTORE_TRANSPORT=rest}, as deployed) over the JDK's HTTP client:
 * {@code documents:batchGet} to read, {@code documents:commit} to write with the preconditions the
 * log's claims rest on, and read-write transactions for the cluster record that begin with their
 * read ({@code newTransaction}) and end in a commit or a {@code rollback}. A cold instance then
 * loads none of the client library, which is most of what its first notification used to spend on
 * the log.
 */
final class RestDocumentStore implements DocumentStore, Warmable {

  /**
   * Calls retried on UNAVAILABLE within the time each call is given; a write applied twice fails.
   */
  private static final GoogleRest.Retry RETRY =
      new GoogleRest.Retry(
          Duration.ofSeconds(15),
          Duration.ofSeconds(15),
          Duration.ofMillis(100),
          1.3,
          Duration.ofSeconds(2),
          0);

  /**
   * The wait before a contended transaction runs again, doubled each time. A writer keeps its read
   * lock until it commits; retrying within milliseconds only collides again (ten writers on the
   * emulator, which ends a lock wait after 2 s: 14-27 s from 20 ms, 6.5-12 s from 250 ms).
   */
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

  private final GoogleRest api;
  private final String project;
  private final String database;
  private final String root; // projects/P/databases/D/documents

  RestDocumentStore(GoogleRest api, String project, String database) {
    this.api = Objects.requireNonNull(api, "api == null");
    this.project = Objects.requireNonNull(project, "project == null");
    this.database = Objects.requireNonNull(database, "database == null");
    this.root = "projects/" + project + "/databases/" + database + "/documents";
  }

  /**
   * @param emulatorHostOrNull {@code host:port} of the Firestore emulator, over plain HTTP without
   *     credentials; null for Firestore, with Application Default Credentials
   */
  static RestDocumentStore create(
      String project, String database, String emulatorHostOrNull, HttpClient http) {
    return new RestDocumentStore(
        GoogleRest.forApi("firestore.googleapis.com", emulatorHostOrNull, http, RETRY),
        project,
        database);
  }

  @Override
  public String project() {
    return project;
  }

  @Override
  public String database() {
    return database;
  }

  /** Loads the credentials and fetches their first token. */
  @Override
  public void warmUp() {
    api.warmUp();
  }

  @Override
  public Optional<Doc> get(String path, Duration timeout) {
    return read(List.of(path), null, null, timeout).docs().get(0);
  }

  @Override
  public List<Optional<Doc>> getAll(List<String> paths, Duration timeout) {
    return read(paths, null, null, timeout).docs();
  }

  @Override
  public void set(String path, Map<String, Object> fields, Duration timeout) {
    commit(List.of(write(path, fields)), null, timeout);
  }

  @Override
  public void create(String path, Map<String, Object> fields, Duration timeout) {
    JsonObject write = write(path, fields);
    write.add("currentDocument", exists(false));
    commit(List.of(write), null, timeout);
  }

  @Override
  public void update(String path, Map<String, Object> fields, String updateTime, Duration timeout) {
    JsonObject write = write(path, fields);
    write.add("updateMask", mask(fields));
    write.add("currentDocument", updatedAt(updateTime));
    commit(List.of(write), null, timeout);
  }

  @Override
  public void delete(String path, String updateTime, Duration timeout) {
    JsonObject write = new JsonObject();
    write.addProperty("delete", name(path));
    write.add("currentDocument", updatedAt(updateTime));
    commit(List.of(write), null, timeout);
  }

  /** The count comes back in the commit's answer: one call. */
  @Override
  public long increment(String path, Map<String, Object> fields, String counter, Duration timeout) {
    return counted(commit(List.of(incrementing(path, fields, counter)), null, timeout));
  }

  @Override
  public long increment(
      String path, Map<String, Object> fields, String counter, Guarded with, Duration timeout) {
    JsonObject guarded = write(with.path(), with.fields());
    if (with.updateTime() == null) {
      guarded.add("currentDocument", exists(false));
    } else {
      guarded.add("updateMask", mask(with.fields()));
      guarded.add("currentDocument", updatedAt(with.updateTime()));
    }
    return counted(commit(List.of(incrementing(path, fields, counter), guarded), null, timeout));
  }

  /** Sets the fields and adds one to the counter, creating the document if needed. */
  private JsonObject incrementing(String path, Map<String, Object> fields, String counter) {
    JsonObject write = write(path, fields);
    write.add("updateMask", mask(fields));
    JsonObject transform = new JsonObject();
    transform.addProperty("fieldPath", counter);
    transform.add("increment", value(1L));
    JsonArray transforms = new JsonArray();
    transforms.add(transform);
    write.add("updateTransforms", transforms);
    return write;
  }

  /** The counter's value after the commit whose first write incremented it. */
  private static long counted(JsonObject answer) {
    try {
      JsonObject result = answer.getAsJsonArray("writeResults").get(0).getAsJsonObject();
      JsonObject count = result.getAsJsonArray("transformResults").get(0).getAsJsonObject();
      return Long.parseLong(count.get("integerValue").getAsString());
    } catch (RuntimeException e) {
      throw new StoreException("INTERNAL", "Firestore's commit answered no count", e);
    }
  }

  @Override
  public void transaction(
      String path,
      Function<Optional<Doc>, Optional<Map<String, Object>>> change,
      int attempts,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String previous = null;
    long backoff = FIRST_BACKOFF.toNanos();
    for (int attempt = 1; ; attempt++) {
      String transaction = null;
      try {
        // The read starts the transaction: one call fewer than beginTransaction, then a read.
        Read read = read(List.of(path), null, readWrite(previous), left(deadline));
        transaction = read.transaction();
        Optional<Map<String, Object>> next = change.apply(read.docs().get(0));
        commit(
            next.map(fields -> List.of(write(path, fields))).orElse(List.of()),
            transaction,
            left(deadline));
        return;
      } catch (StoreException e) {
        rollback(transaction, deadline);
        // A read or a commit that lost to another writer runs again, after a wait at random.
        long wait = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
        if (!e.code().equals("ABORTED")
            || attempt >= attempts
            || System.nanoTime() + wait >= deadline) {
          throw e;
        }
        sleep(wait);
      } catch (RuntimeException e) {
        rollback(transaction, deadline);
        throw e;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF.toNanos());
      previous = transaction != null ? transaction : previous;
    }
  }

  /** Documents read, in the order asked, with the transaction the read began, if it began one. */
  private record Read(List<Optional<Doc>> docs, String transaction) {}

  /** Read-write transaction options; retrying the one that was aborted, if any. */
  private static JsonObject readWrite(String retryingOrNull) {
    JsonObject readWrite = new JsonObject();
    if (retryingOrNull != null) {
      readWrite.addProperty("retryTransaction", retryingOrNull);
    }
    JsonObject options = new JsonObject();
    options.add("readWrite", readWrite);
    return options;
  }

  /**
   * Ends a transaction that will not commit, so it holds no lock; a failure here changes nothing.
   */
  private void rollback(String transactionOrNull, long deadline) {
    if (transactionOrNull == null) {
      return;
    }
    JsonObject body = new JsonObject();
    body.addProperty("transaction", transactionOrNull);
    try {
      call(":rollback", body, left(deadline));
    } catch (StoreException e) {
      // Firestore expires the transaction by itself.
    }
  }

  /**
   * Reads documents in one call: alone, in a transaction, or beginning one ({@code
   * newTransaction}), whose id then comes first in the answer. Firestore answers in an order of its
   * own, each part naming its document.
   */
  private Read read(
      List<String> paths,
      String transactionOrNull,
      JsonObject newTransactionOrNull,
      Duration timeout) {
    JsonObject body = new JsonObject();
    JsonArray documents = new JsonArray();
    Map<String, Integer> asked = new HashMap<>();
    for (String path : paths) {
      documents.add(name(path));
      asked.putIfAbsent(name(path), asked.size());
    }
    body.add("documents", documents);
    if (transactionOrNull != null) {
      body.addProperty("transaction", transactionOrNull);
    }
    if (newTransactionOrNull != null) {
      body.add("newTransaction", newTransactionOrNull);
    }
    JsonArray answers;
    try {
      answers = api.postForArray("/v1/" + root + ":batchGet", body, timeout);
    } catch (GoogleApiException e) {
      throw failure(e);
    }
    String transaction = transactionOrNull;
    List<Optional<Doc>> byName = new ArrayList<>(Collections.nCopies(asked.size(), null));
    for (JsonElement answer : answers) {
      if (!(answer instanceof JsonObject part)) {
        continue;
      }
      JsonElement began = part.get("transaction");
      if (began != null && began.isJsonPrimitive()) {
        transaction = began.getAsString();
      }
      if (part.get("found") instanceof JsonObject found) {
        answered(byName, asked, found.get("name"), Optional.of(doc(found)));
      } else if (part.get("missing") != null) {
        answered(byName, asked, part.get("missing"), Optional.empty());
      }
    }
    if (byName.contains(null) || (newTransactionOrNull != null && transaction == null)) {
      throw new StoreException(
          "INTERNAL",
          "Firestore's read did not answer every document, or began no transaction",
          null);
    }
    List<Optional<Doc>> docs = new ArrayList<>();
    for (String path : paths) {
      docs.add(byName.get(asked.get(name(path))));
    }
    return new Read(List.copyOf(docs), transaction);
  }

  private static void answered(
      List<Optional<Doc>> byName, Map<String, Integer> asked, JsonElement name, Optional<Doc> doc) {
    Integer index = name != null && name.isJsonPrimitive() ? asked.get(name.getAsString()) : null;
    if (index != null) {
      byName.set(index, doc);
    }
  }

  private JsonObject commit(List<JsonObject> writes, String transactionOrNull, Duration timeout) {
    JsonObject body = new JsonObject();
    JsonArray array = new JsonArray();
    writes.forEach(array::add);
    body.add("writes", array);
    if (transactionOrNull != null) {
      body.addProperty("transaction", transactionOrNull);
    }
    return call(":commit", body, timeout);
  }

  private JsonObject call(String method, JsonObject body, Duration timeout) {
    try {
      return api.post("/v1/" + root + method, body, timeout);
    } catch (GoogleApiException e) {
      throw failure(e);
    }
  }

  private static StoreException failure(GoogleApiException e) {
    return new StoreException(e.status(), e.getMessage(), e);
  }

  private String name(String path) {
    return root + "/" + path;
  }

  private JsonObject write(String path, Map<String, Object> fields) {
    JsonObject document = new JsonObject();
    document.addProperty("name", name(path));
    document.add("fields", fields(fields));
    JsonObject write = new JsonObject();
    write.add("update", document);
    return write;
  }

  private static JsonObject mask(Map<String, Object> fields) {
    JsonArray paths = new JsonArray();
    fields.keySet().forEach(paths::add);
    JsonObject mask = new JsonObject();
    mask.add("fieldPaths", paths);
    return mask;
  }

  private static JsonObject exists(boolean exists) {
    JsonObject precondition = new JsonObject();
    precondition.addProperty("exists", exists);
    return precondition;
  }

  private static JsonObject updatedAt(String updateTime) {
    JsonObject precondition = new JsonObject();
    precondition.addProperty("updateTime", updateTime);
    return precondition;
  }

  private static Doc doc(JsonObject document) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (document.get("fields") instanceof JsonObject stored) {
      stored.entrySet().forEach(e -> fields.put(e.getKey(), decode(e.getValue())));
    }
    JsonElement updateTime = document.get("updateTime");
    return new Doc(fields, updateTime == null ? "" : updateTime.getAsString());
  }

  private static JsonObject fields(Map<String, Object> fields) {
    JsonObject encoded = new JsonObject();
    fields.forEach((field, value) -> encoded.add(field, value(value)));
    return encoded;
  }

  /** A value in Firestore's JSON form: {@code {"stringValue": "..."}} and the like. */
  static JsonObject value(Object value) {
    JsonObject encoded = new JsonObject();
    if (value == null) {
      encoded.add("nullValue", JsonNull.INSTANCE);
    } else if (value instanceof String text) {
      encoded.addProperty("stringValue", text);
    } else if (value instanceof Boolean bool) {
      encoded.addProperty("booleanValue", bool);
    } else if (value instanceof Long || value instanceof Integer) {
      // int64 travels as a decimal string in the JSON form.
      encoded.addProperty("integerValue", value.toString());
    } else if (value instanceof Instant instant) {
      encoded.addProperty("timestampValue", instant.toString());
    } else if (value instanceof Map<?, ?> map) {
      JsonObject fields = new JsonObject();
      map.forEach((key, item) -> fields.add((String) key, value(item)));
      JsonObject mapValue = new JsonObject();
      mapValue.add("fields", fields);
      encoded.add("mapValue", mapValue);
    } else if (value instanceof List<?> list) {
      JsonArray values = new JsonArray();
      list.forEach(item -> values.add(value(item)));
      JsonObject arrayValue = new JsonObject();
      arrayValue.add("values", values);
      encoded.add("arrayValue", arrayValue);
    } else {
      throw new IllegalArgumentException("no Firestore value for " + value.getClass());
    }
    return encoded;
  }

  /** A value read back; types the log never writes are kept as their JSON text. */
  static Object decode(JsonElement element) {
    if (!(element instanceof JsonObject value) || value.size() != 1) {
      return null;
    }
    Map.Entry<String, JsonElement> entry = value.entrySet().iterator().next();
    JsonElement inner = entry.getValue();
    return switch (entry.getKey()) {
      case "stringValue" -> inner.getAsString();
      case "booleanValue" -> inner.getAsBoolean();
      case "integerValue" -> Long.parseLong(inner.getAsString());
      case "doubleValue" -> inner.getAsDouble();
      case "timestampValue" -> Instant.parse(inner.getAsString());
      case "mapValue" -> {
        Map<String, Object> map = new LinkedHashMap<>();
        if (inner instanceof JsonObject mapValue
            && mapValue.get("fields") instanceof JsonObject fields) {
          fields.entrySet().forEach(e -> map.put(e.getKey(), decode(e.getValue())));
        }
        yield map;
      }
      case "arrayValue" -> {
        List<Object> list = new ArrayList<>();
        if (inner instanceof JsonObject arrayValue
            && arrayValue.get("values") instanceof JsonArray values) {
          values.forEach(item -> list.add(decode(item)));
        }
        yield list;
      }
      case "nullValue" -> null;
      default -> inner.toString();
    };
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1));
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(Duration.ofNanos(nanos).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("CANCELLED", "interrupted while waiting to retry", e);
    }
  }
}
