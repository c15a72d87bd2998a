package dev.upgradesentinel.delivery;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.delivery.DocumentStore.Doc;
import dev.upgradesentinel.delivery.DocumentStore.StoreException;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
 * <p>Firestore is reached through a {@link DocumentStore}, over the client library.
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

  private final DocumentStore store;
  private final String collection;
  private final InsightLedger insightLedger;

  /**
   * @param store where the documents are
   * @param collection the top-level collection of the log
   */
  FirestoreNotificationLog(DocumentStore store, String collection) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.collection = Objects.requireNonNull(collection, "collection == null");
    this.insightLedger = new FirestoreInsightLedger(store, collection + "-insights");
  }

  /** The insight ledger, in the collection beside the log's ({@code COLLECTION-insights}). */
  @Override
  public InsightLedger insightLedger() {
    return insightLedger;
  }

  @Override
  public ClusterRecord update(
      ClusterRef cluster, UnaryOperator<ClusterRecord> change, Deadline deadline) {
    AtomicReference<ClusterRecord> result = new AtomicReference<>();
    run(
        "update the cluster record " + cluster,
        deadline,
        Set.of(),
        timeout -> {
          store.transaction(
              clusterDoc(cluster),
              snapshot -> {
                stopOnceDeadlinePassed(deadline);
                ClusterRecord current = snapshot.map(doc -> fromDoc(cluster, doc)).orElse(null);
                ClusterRecord next = change.apply(current);
                result.set(next);
                return next != null && next != current
                    ? Optional.of(toDoc(next))
                    : Optional.empty();
              },
              TRANSACTION_ATTEMPTS,
              timeout);
          return null;
        });
    return result.get();
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
    String doc = sendDoc(cluster, actionKey, sink);
    String what = "claim sink=" + sink + " action=" + actionKey + " " + cluster;
    Map<String, Object> claim = new HashMap<>();
    claim.put("state", "sending");
    claim.put("owner", owner);
    claim.put("claimedAt", now);
    claim.put("leaseUntil", leaseUntil);
    // Optimistic, without a transaction's locks: create the record if it is absent, or take over
    // an expired claim only if the record is still the one read. A lost race is read again.
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      if (attempted(what, deadline, Set.of("ALREADY_EXISTS"), t -> store.create(doc, claim, t))) {
        return Claim.claimed(Optional.empty());
      }
      Optional<Doc> read = run(what, deadline, Set.of(), t -> store.get(doc, t));
      if (read.isEmpty()) {
        continue;
      }
      Doc snapshot = read.get();
      if (!"sending".equals(snapshot.string("state"))) {
        return Claim.done(receiptOf(snapshot));
      }
      if (owner.equals(snapshot.string("owner"))) {
        // This claim's own create, applied though its answer was lost and the client retried.
        return Claim.claimed(Optional.ofNullable(snapshot.instant("uncertainSince")));
      }
      if (now.isBefore(instant(snapshot, "leaseUntil"))) {
        return Claim.busy();
      }
      // An expired claim that was not released crashed: whether it sent is unknown.
      Instant uncertainSince =
          Optional.ofNullable(snapshot.instant("uncertainSince"))
              .orElse(instant(snapshot, "claimedAt"));
      Map<String, Object> takeover = new HashMap<>(claim);
      takeover.put("uncertainSince", uncertainSince);
      if (attempted(
          what, deadline, TAKEN_OVER, t -> store.update(doc, takeover, snapshot.updateTime(), t))) {
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
    String doc = sendDoc(cluster, actionKey, sink);
    String what = "renew the claim sink=" + sink + " action=" + actionKey + " " + cluster;
    Optional<Doc> snapshot = run(what, deadline, Set.of(), t -> store.get(doc, t));
    if (!ownedBy(snapshot, owner)) {
      return false;
    }
    return attempted(
        what,
        deadline,
        TAKEN_OVER,
        t -> store.update(doc, Map.of("leaseUntil", leaseUntil), snapshot.get().updateTime(), t));
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
    sent.put("sentAt", now);
    String doc = sendDoc(cluster, actionKey, sink);
    run(
        "record the send sink=" + sink + " action=" + actionKey + " " + cluster,
        deadline,
        Set.of(),
        t -> {
          store.set(doc, sent, t);
          return null;
        });
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
    String doc = sendDoc(cluster, actionKey, sink);
    String what = "release the claim sink=" + sink + " action=" + actionKey + " " + cluster;
    Optional<Doc> read = run(what, deadline, Set.of(), t -> store.get(doc, t));
    if (!ownedBy(read, owner)) {
      return;
    }
    Doc snapshot = read.get();
    // Changed only if nobody took the claim over since it was read.
    Optional<Instant> uncertainSince =
        Optional.ofNullable(snapshot.instant("uncertainSince"))
            .or(
                () ->
                    outcomeUnknown
                        ? Optional.of(instant(snapshot, "claimedAt"))
                        : Optional.empty());
    if (uncertainSince.isEmpty()) {
      attempted(what, deadline, TAKEN_OVER, t -> store.delete(doc, snapshot.updateTime(), t));
      return;
    }
    // Kept, expired, so that the next claim is granted at once and knows the message may be there.
    Map<String, Object> released = new HashMap<>();
    released.put("owner", "");
    released.put("leaseUntil", now);
    released.put("uncertainSince", uncertainSince.get());
    attempted(
        what, deadline, TAKEN_OVER, t -> store.update(doc, released, snapshot.updateTime(), t));
  }

  private static boolean ownedBy(Optional<Doc> snapshot, String owner) {
    return snapshot.isPresent()
        && "sending".equals(snapshot.get().string("state"))
        && owner.equals(snapshot.get().string("owner"));
  }

  @Override
  public Optional<Receipt> receipt(
      ClusterRef cluster, String actionKey, String sink, Deadline deadline) {
    String doc = sendDoc(cluster, actionKey, sink);
    Optional<Doc> snapshot =
        run(
            "read the receipt sink=" + sink + " action=" + actionKey + " " + cluster,
            deadline,
            Set.of(),
            t -> store.get(doc, t));
    return snapshot.isPresent() && !"sending".equals(snapshot.get().string("state"))
        ? Optional.of(receiptOf(snapshot.get()))
        : Optional.empty();
  }

  /** Builds the store's client, or loads its credentials, while the instance starts. */
  @Override
  public void warmUp() {
    if (store instanceof Warmable warmable) {
      warmable.warmUp();
    }
  }

  private String clusterDoc(ClusterRef cluster) {
    return collection + "/" + ClusterRecord.key(cluster);
  }

  private String sendDoc(ClusterRef cluster, String actionKey, String sink) {
    return clusterDoc(cluster) + "/" + SENDS + "/" + actionKey + "~" + sink;
  }

  /** One call to the store, given the time it may take. */
  @FunctionalInterface
  interface Call<T> {
    T run(Duration timeout);
  }

  /**
   * Makes a call, within {@link #CALL_TIMEOUT} and never past the deadline.
   *
   * <p>A refusal that no retry can cure by itself — the service account lacks its role, the
   * database does not exist — is logged at ERROR with what to do, and still thrown as transient:
   * the message must not be acknowledged unposted, so Pub/Sub keeps redelivering it until the
   * dead-letter topic takes it, and posts once the setup is fixed.
   *
   * @param lostRace the codes a conditional write answers when its condition did not hold; they end
   *     in {@link RaceLost}, not in a failure
   * @throws TransientFailureException when Firestore fails or is too slow; Pub/Sub redelivers
   */
  private <T> T run(String what, Deadline deadline, Set<String> lostRace, Call<T> call) {
    Duration wait = deadline.cap(CALL_TIMEOUT);
    try {
      return call.run(wait);
    } catch (StoreException e) {
      if (lostRace.contains(e.code())) {
        throw new RaceLost();
      }
      if (e.code().equals("DEADLINE_EXCEEDED")) {
        throw new TransientFailureException(
            "Firestore did not answer within ms=" + wait.toMillis() + " to " + what, e);
      }
      Optional<String> setup = setupProblem(e.code());
      setup.ifPresent(problem -> log.severe("Firestore refused to " + what + ": " + problem));
      throw new TransientFailureException(
          "Firestore failed to " + what + setup.map(problem -> ": " + problem).orElse(""),
          e.getCause() != null ? e.getCause() : e);
    }
  }

  /**
   * Makes a conditional write: whether it was applied, or false when Firestore refused it with one
   * of the {@code lostRace} codes (the condition did not hold). Every other failure is as in {@link
   * #run}.
   */
  private boolean attempted(
      String what, Deadline deadline, Set<String> lostRace, Consumer<Duration> write) {
    try {
      run(
          what,
          deadline,
          lostRace,
          t -> {
            write.accept(t);
            return null;
          });
      return true;
    } catch (RaceLost e) {
      return false;
    }
  }

  /** A conditional write whose condition no longer held: someone else changed the record. */
  private static final class RaceLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RaceLost() {
      super(null, null, false, false);
    }
  }

  /**
   * What is wrong with the setup when Firestore answers PERMISSION_DENIED or NOT_FOUND, naming the
   * role or the command that fixes it; empty for every other failure.
   */
  private Optional<String> setupProblem(String code) {
    if (!code.equals("PERMISSION_DENIED") && !code.equals("NOT_FOUND")) {
      return Optional.empty();
    }
    String project = store.project();
    String database = store.database();
    return code.equals("PERMISSION_DENIED")
        ? Optional.of(
            "PERMISSION_DENIED: the function's service account needs roles/datastore.user on"
                + " project="
                + project
                + " (gcloud projects add-iam-policy-binding "
                + project
                + " --member=serviceAccount:SERVICE_ACCOUNT --role=roles/datastore.user), and the"
                + " Firestore API must be enabled there")
        : Optional.of(
            "NOT_FOUND: the Firestore database="
                + database
                + " does not exist in project="
                + project
                + "; create it in Native mode with gcloud firestore databases create --project="
                + project
                + " --database="
                + database
                + " --location=REGION");
  }

  /**
   * Ends a transaction's next attempt once the event's deadline has passed. A contended transaction
   * is run again up to {@link #TRANSACTION_ATTEMPTS} times; attempts that nobody waits for any more
   * would only add to the contention, while a function that throws ends the transaction, rolled
   * back.
   */
  private static void stopOnceDeadlinePassed(Deadline deadline) {
    if (deadline.passed()) {
      throw new TransientFailureException("deadline passed, transaction not attempted again");
    }
  }

  private static Receipt receiptOf(Doc snapshot) {
    String channel = Objects.requireNonNullElse(snapshot.string("channel"), "");
    String id = Objects.requireNonNullElse(snapshot.string("id"), "");
    return "refused".equals(snapshot.string("state"))
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
    doc.put("openedAt", record.openedAt());
    doc.put("notifiedAt", record.notifiedAt());
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

  private static ClusterRecord fromDoc(ClusterRef cluster, Doc doc) {
    return new ClusterRecord(
        Objects.requireNonNull(doc.number("sequence"), "sequence"),
        Boolean.TRUE.equals(doc.bool("open")),
        finding(cluster, doc.get("finding")),
        doc.get("previous") == null ? null : finding(cluster, doc.get("previous")),
        instant(doc, "openedAt"),
        instant(doc, "notifiedAt"),
        Delivery.Kind.valueOf(doc.string("action")),
        Objects.requireNonNullElse(doc.string("actionKey"), ""),
        Objects.requireNonNullElse(doc.string("threadKey"), ""));
  }

  @SuppressWarnings("unchecked") // the store reads maps as Map<String, Object>
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

  private static Instant instant(Doc doc, String field) {
    return Objects.requireNonNull(doc.instant(field), field);
  }
}
