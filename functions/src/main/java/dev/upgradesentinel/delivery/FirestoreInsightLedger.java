package dev.upgradesentinel.delivery;

import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteResult;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.Insight;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The insight ledger in Firestore, beside the notification log: one document per project and
 * location with the insights last read, one per budget day with the reads taken, one with the
 * pause. Each call waits a few seconds at most, since insights must never hold up a finding.
 */
final class FirestoreInsightLedger implements InsightLedger {
  /** A ledger call slower than this is given up: the finding goes out without insights. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

  private final Supplier<Firestore> db;
  private final String collection;

  /**
   * @param db the notification log's client, created on first use
   * @param collection the ledger's collection
   */
  FirestoreInsightLedger(Supplier<Firestore> db, String collection) {
    this.db = Objects.requireNonNull(db, "db == null");
    this.collection = Objects.requireNonNull(collection, "collection == null");
  }

  @Override
  public Optional<Cached> cached(String project, String location, Deadline deadline) {
    DocumentSnapshot doc =
        await("read cached insights", scopeDoc(project, location).get(), deadline);
    if (!doc.exists() || doc.getTimestamp("readAt") == null) {
      return Optional.empty();
    }
    List<Insight> insights = new ArrayList<>();
    Object stored = doc.get("insights");
    if (stored instanceof List<?> list) {
      for (Object item : list) {
        insights.add(insight((Map<?, ?>) item));
      }
    }
    return Optional.of(new Cached(insights, instant(doc.getTimestamp("readAt"))));
  }

  @Override
  public void store(String project, String location, Cached cached, Deadline deadline) {
    List<Map<String, Object>> insights = new ArrayList<>();
    for (Insight insight : cached.insights()) {
      insights.add(doc(insight));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("project", project);
    doc.put("location", location);
    doc.put("readAt", timestamp(cached.readAt()));
    doc.put("insights", insights);
    await("store insights", scopeDoc(project, location).set(doc), deadline);
  }

  /**
   * Counts the read with an atomic increment, then reads the count back: a count within the budget
   * means this read's own increment was within it. No transaction, so concurrent takers never wait
   * on a lock; racing takers may each see the others' increments and refuse a read that would have
   * fit, never grant one that does not.
   */
  @Override
  public boolean takeRead(String day, int budget, Deadline deadline) {
    if (budget <= 0) {
      return false;
    }
    DocumentReference doc = db.get().collection(collection).document("budget~" + day);
    await(
        "take a read from the insights budget",
        doc.set(Map.of("day", day, "reads", FieldValue.increment(1)), SetOptions.merge()),
        deadline);
    Long reads = await("read the insights budget", doc.get(), deadline).getLong("reads");
    return reads != null && reads <= budget;
  }

  /**
   * Creates the lease document, or takes over one that lapsed only if nobody changed it since it
   * was read: a conditional write either way, never a transaction.
   */
  @Override
  public boolean tryLease(
      String project, String location, Instant now, Instant until, Deadline deadline) {
    DocumentReference doc =
        db.get().collection(collection).document("lease~" + project + "~" + location);
    Map<String, Object> lease = Map.of("until", timestamp(until));
    DocumentSnapshot held = await("read the insights lease", doc.get(), deadline);
    if (!held.exists()) {
      return applied("take the insights lease", doc.create(lease), "ALREADY_EXISTS", deadline);
    }
    Timestamp heldUntil = held.getTimestamp("until");
    if (heldUntil != null && now.isBefore(instant(heldUntil))) {
      return false;
    }
    return applied(
        "take over the insights lease",
        doc.update(lease, Precondition.updatedAt(held.getUpdateTime())),
        "FAILED_PRECONDITION",
        deadline);
  }

  /** Whether a conditional write was applied; false when it lost the race ({@code lostRace}). */
  private static boolean applied(
      String what, ApiFuture<WriteResult> write, String lostRace, Deadline deadline) {
    try {
      await(what, write, deadline);
      return true;
    } catch (TransientFailureException e) {
      if (FirestoreStatus.code(e.getCause()).orElse("").equals(lostRace)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<Instant> pausedUntil(Deadline deadline) {
    DocumentSnapshot doc = await("read the insights pause", pauseDoc().get(), deadline);
    Timestamp until = doc.exists() ? doc.getTimestamp("until") : null;
    return Optional.ofNullable(until).map(FirestoreInsightLedger::instant);
  }

  @Override
  public void pauseUntil(Instant until, Deadline deadline) {
    await("pause insight reads", pauseDoc().set(Map.of("until", timestamp(until))), deadline);
  }

  private DocumentReference scopeDoc(String project, String location) {
    return db.get().collection(collection).document("scope~" + project + "~" + location);
  }

  private DocumentReference pauseDoc() {
    return db.get().collection(collection).document("pause");
  }

  private static Map<String, Object> doc(Insight insight) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", insight.name());
    doc.put("subtype", insight.subtype());
    doc.put("description", insight.description());
    doc.put("state", insight.state());
    doc.put("targetResources", new ArrayList<>(insight.targetResources()));
    doc.put("lastRefreshTime", insight.lastRefreshTime());
    // Pairs rather than a map: content paths hold dots, which Firestore reads as nested fields.
    List<Map<String, String>> content = new ArrayList<>();
    insight.content().forEach((key, value) -> content.add(Map.of("key", key, "value", value)));
    doc.put("content", content);
    return doc;
  }

  private static Insight insight(Map<?, ?> doc) {
    Map<String, String> content = new LinkedHashMap<>();
    if (doc.get("content") instanceof List<?> pairs) {
      for (Object pair : pairs) {
        Map<?, ?> entry = (Map<?, ?>) pair;
        content.put(String.valueOf(entry.get("key")), String.valueOf(entry.get("value")));
      }
    }
    List<String> targets = new ArrayList<>();
    if (doc.get("targetResources") instanceof List<?> list) {
      list.forEach(t -> targets.add(String.valueOf(t)));
    }
    return new Insight(
        string(doc, "name"),
        string(doc, "subtype"),
        string(doc, "description"),
        string(doc, "state"),
        targets,
        string(doc, "lastRefreshTime"),
        content);
  }

  private static String string(Map<?, ?> doc, String field) {
    Object value = doc.get(field);
    return value == null ? "" : value.toString();
  }

  private static <T> T await(String what, ApiFuture<T> future, Deadline deadline) {
    Duration wait = deadline.cap(CALL_TIMEOUT);
    try {
      return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new TransientFailureException("Firestore failed to " + what, e.getCause());
    } catch (TimeoutException e) {
      throw new TransientFailureException(
          "Firestore did not answer within ms=" + wait.toMillis() + " to " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException("interrupted while waiting for Firestore to " + what, e);
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }
}
