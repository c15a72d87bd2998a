package dev.upgradesentinel.delivery;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.delivery.DocumentStore.Doc;
import dev.upgradesentinel.delivery.DocumentStore.Guarded;
import dev.upgradesentinel.delivery.DocumentStore.StoreException;
import dev.upgradesentinel.model.Insight;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The insight ledger in Firestore, beside the notification log: per project and location the
 * insights last read, one per budget day with the reads taken, one with the pause. Each call waits
 * a few seconds at most, since insights must never hold up a finding.
 *
 * <p>A location with many clusters has more insights than one document holds (1 MiB), so the cache
 * is split: the scope's document holds the time of the read, the number of parts and the first
 * part; the other parts sit in documents of their own, each stamped with the same time. They are
 * written before the scope's document, and a reader that finds a part of another read (a write
 * under way) takes the cache for missing rather than mix two reads.
 */
final class FirestoreInsightLedger implements InsightLedger {
  /** A ledger call slower than this is given up: the finding goes out without insights. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

  /** How a conditional write of the lease fails when another reader wrote it first. */
  private static final Set<String> LEASE_TAKEN =
      Set.of("ALREADY_EXISTS", "FAILED_PRECONDITION", "NOT_FOUND");

  /** What a part's insights may take, leaving room for its name and other fields. */
  static final long PART_BUDGET = 900_000;

  /** The most parts one scope's cache is split into: some 14 MB of insights. */
  static final int MAX_PARTS = 16;

  private final DocumentStore store;
  private final String collection;

  /**
   * @param store the notification log's store
   * @param collection the ledger's collection
   */
  FirestoreInsightLedger(DocumentStore store, String collection) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.collection = Objects.requireNonNull(collection, "collection == null");
  }

  @Override
  public Optional<Cached> cached(String project, String location, Deadline deadline) {
    return cached(
        project,
        location,
        run("read cached insights", deadline, t -> store.get(scopeDoc(project, location), t)),
        deadline);
  }

  /** The cache, the pause and the lease: three documents, one read. */
  @Override
  public Outlook outlook(String project, String location, Deadline deadline) {
    List<Optional<Doc>> read =
        run(
            "read the insights cache, pause and lease",
            deadline,
            t ->
                store.getAll(
                    List.of(scopeDoc(project, location), pauseDoc(), leaseDoc(project, location)),
                    t));
    Optional<Doc> lease = read.get(2);
    return new Outlook(
        project,
        location,
        cached(project, location, read.get(0), deadline),
        read.get(1).map(d -> d.instant("until")),
        lease.map(d -> d.instant("until")),
        lease.map(Doc::updateTime).orElse(null));
  }

  /** The cache the scope's document starts, with its other parts read in one more call. */
  private Optional<Cached> cached(
      String project, String location, Optional<Doc> read, Deadline deadline) {
    if (read.isEmpty() || read.get().instant("readAt") == null) {
      return Optional.empty();
    }
    Instant readAt = read.get().instant("readAt");
    List<Insight> insights = new ArrayList<>();
    addInsights(read.get(), insights);
    long parts = read.get().get("parts") instanceof Long count ? count : 1;
    if (parts > 1) {
      List<String> paths = new ArrayList<>();
      for (int part = 1; part < parts && part < MAX_PARTS; part++) {
        paths.add(partDoc(project, location, part));
      }
      List<Optional<Doc>> more =
          run("read the cached insights' other parts", deadline, t -> store.getAll(paths, t));
      for (Optional<Doc> part : more) {
        if (part.isEmpty() || !readAt.equals(part.get().instant("readAt"))) {
          return Optional.empty(); // another read's part: a write is under way
        }
        addInsights(part.get(), insights);
      }
    }
    return Optional.of(new Cached(insights, readAt));
  }

  private static void addInsights(Doc doc, List<Insight> insights) {
    if (doc.get("insights") instanceof List<?> list) {
      for (Object item : list) {
        insights.add(insight((Map<?, ?>) item));
      }
    }
  }

  /**
   * Writes the insights in as many parts as their size needs, the scope's document last.
   *
   * @throws TransientFailureException when Firestore failed, or the insights would need more than
   *     {@link #MAX_PARTS} documents
   */
  @Override
  public void store(String project, String location, Cached cached, Deadline deadline) {
    List<List<Object>> parts = new ArrayList<>();
    List<Object> part = new ArrayList<>();
    long size = 0;
    for (Insight insight : cached.insights()) {
      Map<String, Object> doc = doc(insight);
      long insightSize = FirestoreSize.value(doc);
      if (!part.isEmpty() && size + insightSize > PART_BUDGET) {
        parts.add(part);
        part = new ArrayList<>();
        size = 0;
      }
      part.add(doc);
      size += insightSize;
    }
    parts.add(part);
    if (parts.size() > MAX_PARTS) {
      throw new TransientFailureException(
          "insights too large to cache: project="
              + project
              + " location="
              + location
              + " insights="
              + cached.insights().size()
              + " parts="
              + parts.size());
    }
    for (int i = parts.size() - 1; i >= 1; i--) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("readAt", cached.readAt());
      doc.put("insights", parts.get(i));
      String path = partDoc(project, location, i);
      run(
          "store insights",
          deadline,
          t -> {
            store.set(path, doc, t);
            return null;
          });
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("project", project);
    doc.put("location", location);
    doc.put("readAt", cached.readAt());
    doc.put("parts", (long) parts.size());
    doc.put("insights", parts.get(0));
    run(
        "store insights",
        deadline,
        t -> {
          store.set(scopeDoc(project, location), doc, t);
          return null;
        });
  }

  /**
   * One commit: the lease, created or taken over only if unchanged since it was read, and an atomic
   * increment of the day's count of reads, which comes back with it (or is read back, over the
   * client library). A count within the budget means this read's own increment was within it. No
   * transaction, so concurrent readers never wait on a lock; read back, racing readers may each see
   * the others' increments and refuse a read that would have fit, never grant one that does not.
   */
  @Override
  public Start startRead(Outlook seen, Instant until, String day, int budget, Deadline deadline) {
    if (budget <= 0) {
      return Start.BUDGET_SPENT;
    }
    Guarded lease =
        new Guarded(
            leaseDoc(seen.project(), seen.location()), Map.of("until", until), seen.leaseVersion());
    long reads;
    try {
      reads =
          run(
              "take the insights lease and a read from the budget",
              deadline,
              t -> store.increment(budgetDoc(day), Map.of("day", day), "reads", lease, t));
    } catch (TransientFailureException e) {
      if (e.getCause() instanceof StoreException failure && LEASE_TAKEN.contains(failure.code())) {
        return Start.LEASE_TAKEN;
      }
      throw e;
    }
    return reads <= budget ? Start.STARTED : Start.BUDGET_SPENT;
  }

  @Override
  public void pauseUntil(Instant until, Deadline deadline) {
    run(
        "pause insight reads",
        deadline,
        t -> {
          store.set(pauseDoc(), Map.of("until", until), t);
          return null;
        });
  }

  private String scopeDoc(String project, String location) {
    return collection + "/scope~" + project + "~" + location;
  }

  private String partDoc(String project, String location, int part) {
    return scopeDoc(project, location) + "~part" + part;
  }

  private String leaseDoc(String project, String location) {
    return collection + "/lease~" + project + "~" + location;
  }

  private String budgetDoc(String day) {
    return collection + "/budget~" + day;
  }

  private String pauseDoc() {
    return collection + "/pause";
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

  private static <T> T run(String what, Deadline deadline, FirestoreNotificationLog.Call<T> call) {
    Duration wait = deadline.cap(CALL_TIMEOUT);
    try {
      return call.run(wait);
    } catch (StoreException e) {
      if (e.code().equals("DEADLINE_EXCEEDED")) {
        throw new TransientFailureException(
            "Firestore did not answer within ms=" + wait.toMillis() + " to " + what, e);
      }
      throw new TransientFailureException("Firestore failed to " + what, e);
    }
  }
}
