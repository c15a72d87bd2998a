package dev.upgradesentinel.delivery;

import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.TransactionOptions;
import com.google.cloud.firestore.WriteResult;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The notification log in Firestore (Native mode), shared by every instance and every deployment
 * that names the same project and collection.
 *
 * <p>Layout: {@code COLLECTION/{project~location~cluster}} holds the cluster's record; its
 * subcollection {@code sends/{actionKey~sink}} holds one send record per message and sink, with
 * {@code state} {@code sending} (with its owner, {@code claimedAt}, a short lease its sender
 * renews, and {@code uncertainSince} once an attempt ended without knowing whether it sent), {@code
 * sent} or {@code refused}, and the sink's receipt. Records change in transactions and claims in
 * conditional writes (create if absent, update or delete only if unchanged since read), so two
 * instances handling duplicates at the same moment decide and claim once.
 *
 * <p>The Firestore client is created on first use and shared: creating it opens channels and loads
 * credentials, too slow for each event.
 */
public final class FirestoreNotificationLog implements NotificationLog, Warmable {
  private static final Logger log = Logger.getLogger(FirestoreNotificationLog.class.getName());
  private static final String SENDS = "sends";

  /**
   * Every call is bounded by this and by the event's deadline, so a stuck Firestore ends in a
   * redelivery instead of the platform's timeout.
   */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  /** A claim read again after a lost race; more losses in a row mean someone else holds it. */
  private static final int CLAIM_ATTEMPTS = 3;

  /** What a write conditioned on the record read answers when the record changed or went away. */
  private static final Set<String> TAKEN_OVER = Set.of("FAILED_PRECONDITION", "NOT_FOUND");

  /** Ten concurrent duplicates contend for one document; each needs a chance to commit. */
  private static final int TRANSACTION_ATTEMPTS = 20;

  private final Supplier<Firestore> firestore;
  private final String collection;
  private final InsightLedger insightLedger;
  private final Object lock = new Object();
  private volatile Firestore client;

  /**
   * @param firestore creates the client; called once, on first use
   * @param collection the top-level collection of the log
   */
  public FirestoreNotificationLog(Supplier<Firestore> firestore, String collection) {
    this.firestore = Objects.requireNonNull(firestore, "firestore == null");
    this.collection = Objects.requireNonNull(collection, "collection == null");
    this.insightLedger = new FirestoreInsightLedger(this::db, collection + "-insights");
  }

  /** The insight ledger, in the collection beside the log's ({@code COLLECTION-insights}). */
  @Override
  public InsightLedger insightLedger() {
    return insightLedger;
  }

  @Override
  public ClusterRecord update(
      ClusterRef cluster, UnaryOperator<ClusterRecord> change, Deadline deadline) {
    DocumentReference doc = clusterDoc(cluster);
    return await(
        "update the cluster record " + cluster,
        db().runTransaction(
                tx -> {
                  stopOnceDeadlinePassed(deadline);
                  DocumentSnapshot snapshot = tx.get(doc).get();
                  ClusterRecord current = snapshot.exists() ? fromDoc(cluster, snapshot) : null;
                  ClusterRecord next = change.apply(current);
                  if (next != null && next != current) {
                    tx.set(doc, toDoc(next));
                  }
                  return next;
                },
                TransactionOptions.createReadWriteOptionsBuilder()
                    .setNumberOfAttempts(TRANSACTION_ATTEMPTS)
                    .build()),
        deadline);
  }

  @Override
  public Claim claim(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      Instant now,
      Instant leaseUntil,
      Deadline deadline) {
    DocumentReference doc = sendDoc(cluster, actionKey, sink);
    String what = "claim sink=" + sink + " action=" + actionKey + " " + cluster;
    Map<String, Object> claim = new HashMap<>();
    claim.put("state", "sending");
    claim.put("owner", owner);
    claim.put("claimedAt", timestamp(now));
    claim.put("leaseUntil", timestamp(leaseUntil));
    // Optimistic, without a transaction's locks: create the record if it is absent, or take over
    // an expired claim only if the record is still the one read. A lost race is read again.
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      if (attempted(what, doc.create(claim), Set.of("ALREADY_EXISTS"), deadline)) {
        return Claim.claimed(Optional.empty());
      }
      DocumentSnapshot snapshot = await(what, doc.get(), deadline);
      if (!snapshot.exists()) {
        continue;
      }
      if (!"sending".equals(snapshot.getString("state"))) {
        return Claim.done(receiptOf(snapshot));
      }
      if (owner.equals(snapshot.getString("owner"))) {
        // This claim's own create, applied though its answer was lost and the client retried.
        return Claim.claimed(optionalInstant(snapshot, "uncertainSince"));
      }
      if (now.isBefore(instant(snapshot, "leaseUntil"))) {
        return Claim.busy();
      }
      // An expired claim that was not released crashed: whether it sent is unknown.
      Instant uncertainSince =
          optionalInstant(snapshot, "uncertainSince").orElse(instant(snapshot, "claimedAt"));
      Map<String, Object> takeover = new HashMap<>(claim);
      takeover.put("uncertainSince", timestamp(uncertainSince));
      Precondition unchanged = Precondition.updatedAt(snapshot.getUpdateTime());
      if (attempted(what, doc.update(takeover, unchanged), TAKEN_OVER, deadline)) {
        return Claim.claimed(Optional.of(uncertainSince));
      }
    }
    return Claim.busy();
  }

  @Override
  public boolean renew(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      Instant leaseUntil,
      Deadline deadline) {
    DocumentReference doc = sendDoc(cluster, actionKey, sink);
    String what = "renew the claim sink=" + sink + " action=" + actionKey + " " + cluster;
    DocumentSnapshot snapshot = await(what, doc.get(), deadline);
    if (!ownedBy(snapshot, owner)) {
      return false;
    }
    return attempted(
        what,
        doc.update(
            Map.of("leaseUntil", timestamp(leaseUntil)),
            Precondition.updatedAt(snapshot.getUpdateTime())),
        TAKEN_OVER,
        deadline);
  }

  @Override
  public void complete(
      ClusterRef cluster,
      String actionKey,
      String sink,
      Receipt receipt,
      Instant now,
      Deadline deadline) {
    Map<String, Object> sent = new HashMap<>();
    sent.put("state", receipt.outcome() == Receipt.Outcome.DELIVERED ? "sent" : "refused");
    sent.put("channel", receipt.channel());
    sent.put("id", receipt.id());
    sent.put("sentAt", timestamp(now));
    await(
        "record the send sink=" + sink + " action=" + actionKey + " " + cluster,
        sendDoc(cluster, actionKey, sink).set(sent),
        deadline);
  }

  @Override
  public void release(
      ClusterRef cluster,
      String actionKey,
      String sink,
      String owner,
      boolean outcomeUnknown,
      Instant now,
      Deadline deadline) {
    DocumentReference doc = sendDoc(cluster, actionKey, sink);
    String what = "release the claim sink=" + sink + " action=" + actionKey + " " + cluster;
    DocumentSnapshot snapshot = await(what, doc.get(), deadline);
    if (!ownedBy(snapshot, owner)) {
      return;
    }
    // Changed only if nobody took the claim over since it was read.
    Precondition unchanged = Precondition.updatedAt(snapshot.getUpdateTime());
    Optional<Instant> uncertainSince =
        optionalInstant(snapshot, "uncertainSince")
            .or(
                () ->
                    outcomeUnknown
                        ? Optional.of(instant(snapshot, "claimedAt"))
                        : Optional.empty());
    if (uncertainSince.isEmpty()) {
      attempted(what, doc.delete(unchanged), TAKEN_OVER, deadline);
      return;
    }
    // Kept, expired, so that the next claim is granted at once and knows the message may be there.
    Map<String, Object> released = new HashMap<>();
    released.put("owner", "");
    released.put("leaseUntil", timestamp(now));
    released.put("uncertainSince", timestamp(uncertainSince.get()));
    attempted(what, doc.update(released, unchanged), TAKEN_OVER, deadline);
  }

  private static boolean ownedBy(DocumentSnapshot snapshot, String owner) {
    return snapshot.exists()
        && "sending".equals(snapshot.getString("state"))
        && owner.equals(snapshot.getString("owner"));
  }

  @Override
  public Optional<Receipt> receipt(
      ClusterRef cluster, String actionKey, String sink, Deadline deadline) {
    DocumentSnapshot snapshot =
        await(
            "read the receipt sink=" + sink + " action=" + actionKey + " " + cluster,
            sendDoc(cluster, actionKey, sink).get(),
            deadline);
    return snapshot.exists() && !"sending".equals(snapshot.getString("state"))
        ? Optional.of(receiptOf(snapshot))
        : Optional.empty();
  }

  /** Builds the Firestore client and its channel; the channel connects on the first call. */
  @Override
  public void warmUp() {
    db().collection(collection);
  }

  private Firestore db() {
    Firestore current = client;
    if (current == null) {
      synchronized (lock) {
        if (client == null) {
          client = firestore.get();
        }
        current = client;
      }
    }
    return current;
  }

  private DocumentReference clusterDoc(ClusterRef cluster) {
    return db().collection(collection).document(ClusterRecord.key(cluster));
  }

  private DocumentReference sendDoc(ClusterRef cluster, String actionKey, String sink) {
    return clusterDoc(cluster).collection(SENDS).document(actionKey + "~" + sink);
  }

  /**
   * Waits for a Firestore call, at most {@link #CALL_TIMEOUT} and never past the deadline.
   *
   * <p>A refusal that no retry can cure by itself — the service account lacks its role, the
   * database does not exist — is logged at ERROR with what to do, and still thrown as transient:
   * the message must not be acknowledged unposted, so Pub/Sub keeps redelivering it until the
   * dead-letter topic takes it, and posts once the setup is fixed.
   *
   * @throws TransientFailureException when Firestore fails or is too slow; Pub/Sub redelivers
   */
  private <T> T await(String what, ApiFuture<T> future, Deadline deadline) {
    return await(what, future, deadline, Set.of());
  }

  /**
   * @param lostRace the codes a conditional write answers when its condition did not hold; they end
   *     in {@link RaceLost}, not in a failure
   */
  private <T> T await(String what, ApiFuture<T> future, Deadline deadline, Set<String> lostRace) {
    Duration wait = deadline.cap(CALL_TIMEOUT);
    try {
      return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (lostRace.contains(FirestoreStatus.code(e.getCause()).orElse(""))) {
        throw new RaceLost();
      }
      Optional<String> setup = setupProblem(e.getCause());
      setup.ifPresent(problem -> log.severe("Firestore refused to " + what + ": " + problem));
      throw new TransientFailureException(
          "Firestore failed to " + what + setup.map(problem -> ": " + problem).orElse(""),
          e.getCause());
    } catch (TimeoutException e) {
      // The call is left to finish on its own, not cancelled: a transaction abandoned half-way
      // keeps its document locked until Firestore expires it, and every later attempt on that
      // document would wait for the lock. Finished, it commits or rolls back and frees the lock.
      throw new TransientFailureException(
          "Firestore did not answer within ms=" + wait.toMillis() + " to " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException("interrupted while waiting for Firestore to " + what, e);
    }
  }

  /**
   * Waits for a conditional write: whether it was applied, or false when Firestore refused it with
   * one of the {@code lostRace} codes (the condition did not hold). Every other failure is as in
   * {@link #await}.
   */
  private boolean attempted(
      String what, ApiFuture<WriteResult> write, Set<String> lostRace, Deadline deadline) {
    try {
      await(what, write, deadline, lostRace);
      return true;
    } catch (RaceLost e) {
      return false;
    }
  }

  /** A conditional write whose condition no longer held: someone else changed the record. */
  private static final class RaceLost extends RuntimeException {
    RaceLost() {
      super(null, null, false, false);
    }
  }

  /**
   * What is wrong with the setup when Firestore answers PERMISSION_DENIED or NOT_FOUND, naming the
   * role or the command that fixes it; empty for every other failure.
   */
  private Optional<String> setupProblem(Throwable failure) {
    String code = FirestoreStatus.code(failure).orElse("");
    String project = db().getOptions().getProjectId();
    String database = db().getOptions().getDatabaseId();
    return switch (code) {
      case "PERMISSION_DENIED" ->
          Optional.of(
              "PERMISSION_DENIED: the function's service account needs roles/datastore.user on"
                  + " project="
                  + project
                  + " (gcloud projects add-iam-policy-binding "
                  + project
                  + " --member=serviceAccount:SERVICE_ACCOUNT --role=roles/datastore.user), and the"
                  + " Firestore API must be enabled there");
      case "NOT_FOUND" ->
          Optional.of(
              "NOT_FOUND: the Firestore database="
                  + database
                  + " does not exist in project="
                  + project
                  + "; create it in Native mode with gcloud firestore databases create --project="
                  + project
                  + " --database="
                  + database
                  + " --location=REGION");
      default -> Optional.empty();
    };
  }

  /**
   * Ends a transaction's next attempt once the event's deadline has passed. The client retries a
   * contended transaction up to {@link #TRANSACTION_ATTEMPTS} times; attempts that nobody waits for
   * any more would only add to the contention, while a callback that throws makes the client roll
   * the transaction back and stop.
   */
  private static void stopOnceDeadlinePassed(Deadline deadline) {
    if (deadline.passed()) {
      throw new TransientFailureException("deadline passed, transaction not attempted again");
    }
  }

  private static Receipt receiptOf(DocumentSnapshot snapshot) {
    String channel = Objects.requireNonNullElse(snapshot.getString("channel"), "");
    String id = Objects.requireNonNullElse(snapshot.getString("id"), "");
    return "refused".equals(snapshot.getString("state"))
        ? Receipt.refused()
        : Receipt.delivered(channel, id);
  }

  private static Map<String, Object> toDoc(ClusterRecord record) {
    Map<String, Object> doc = new HashMap<>();
    doc.put("project", record.cluster().project());
    doc.put("location", record.cluster().location());
    doc.put("cluster", record.cluster().name());
    doc.put("sequence", record.sequence());
    doc.put("open", record.open());
    doc.put("finding", findingDoc(record.finding()));
    doc.put(
        "previous",
        record.previousFinding().map(FirestoreNotificationLog::findingDoc).orElse(null));
    doc.put("openedAt", timestamp(record.openedAt()));
    doc.put("notifiedAt", timestamp(record.notifiedAt()));
    doc.put("action", record.action().name());
    doc.put("actionKey", record.actionKey());
    doc.put("threadKey", record.threadKey());
    return doc;
  }

  private static Map<String, Object> findingDoc(Finding finding) {
    Map<String, Object> doc = new HashMap<>();
    doc.put("fingerprint", finding.fingerprint());
    doc.put("verdict", finding.verdict().name());
    doc.put("pools", new HashMap<>(finding.pools()));
    doc.put("napImageType", finding.napImageType());
    doc.put("blockers", new ArrayList<>(finding.blockers()));
    doc.put("endOfSupport", finding.endOfSupport());
    return doc;
  }

  private static ClusterRecord fromDoc(ClusterRef cluster, DocumentSnapshot doc) {
    return new ClusterRecord(
        Objects.requireNonNull(doc.getLong("sequence"), "sequence"),
        Boolean.TRUE.equals(doc.getBoolean("open")),
        finding(cluster, doc.get("finding")),
        doc.get("previous") == null ? null : finding(cluster, doc.get("previous")),
        instant(doc, "openedAt"),
        instant(doc, "notifiedAt"),
        Delivery.Kind.valueOf(doc.getString("action")),
        Objects.requireNonNullElse(doc.getString("actionKey"), ""),
        Objects.requireNonNullElse(doc.getString("threadKey"), ""));
  }

  @SuppressWarnings("unchecked") // Firestore returns maps as Map<String, Object>
  private static Finding finding(ClusterRef cluster, Object storedFinding) {
    Map<String, Object> doc = (Map<String, Object>) storedFinding;
    Map<String, String> pools = new HashMap<>();
    ((Map<String, Object>) doc.get("pools"))
        .forEach((name, type) -> pools.put(name, (String) type));
    // Records written before blockers existed have no list: their findings had none.
    Set<String> blockers = new HashSet<>();
    Object stored = doc.get("blockers");
    if (stored instanceof List<?> keys) {
      keys.forEach(key -> blockers.add((String) key));
    }
    return Finding.of(
        cluster,
        Verdict.valueOf((String) doc.get("verdict")),
        pools,
        (String) doc.get("napImageType"),
        blockers,
        doc.get("endOfSupport") instanceof String eos ? eos : "");
  }

  private static Instant instant(DocumentSnapshot doc, String field) {
    Timestamp timestamp = Objects.requireNonNull(doc.getTimestamp(field), field);
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static Optional<Instant> optionalInstant(DocumentSnapshot doc, String field) {
    return doc.getTimestamp(field) == null ? Optional.empty() : Optional.of(instant(doc, field));
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }
}
