package dev.upgradesentinel.pipeline;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.BlockerKind;
import dev.upgradesentinel.assess.BulletinPatch;
import dev.upgradesentinel.assess.EndOfSupport;
import dev.upgradesentinel.assess.Holds;
import dev.upgradesentinel.assess.RollbackWindow;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.delivery.ClusterRecord;
import dev.upgradesentinel.delivery.Finding;
import dev.upgradesentinel.delivery.Lifecycle;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.delivery.OnceSender;
import dev.upgradesentinel.delivery.RecentMessages;
import dev.upgradesentinel.events.Decoded;
import dev.upgradesentinel.events.GkeNotification;
import dev.upgradesentinel.events.NotificationDecoder;
import dev.upgradesentinel.gke.ClusterAccessException;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.gke.PoolUpgradeInfo;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.insights.InsightReader;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import dev.upgradesentinel.routing.Recipient;
import dev.upgradesentinel.routing.Router;
import dev.upgradesentinel.routing.Subject;
import dev.upgradesentinel.sinks.AssessmentJson;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Handles one GKE notification from start to end: decode, read the cluster, assess, decide with the
 * notification log which message is due, choose its sinks with the router, render it once per
 * language the chosen routes ask for, and deliver it to each chosen sink once.
 *
 * <p>Returns normally when the message is done with: delivered, already delivered, not due, or
 * never deliverable. Throws {@link TransientFailureException} when a later delivery of the same
 * message may succeed; the sinks that succeeded are recorded, so the redelivery skips them.
 */
public final class NotificationPipeline {
  private static final Logger log = Logger.getLogger(NotificationPipeline.class.getName());

  /**
   * The longest the deprecation insights of one notification may take, cache and budget included.
   */
  private static final Duration INSIGHTS_TIME = Duration.ofSeconds(15);

  /**
   * The longest GKE's own upgrade info may take: it is asked while the cluster is read, and a
   * finding goes out without it rather than late.
   */
  private static final Duration UPGRADE_INFO_TIME = Duration.ofSeconds(6);

  /**
   * Reads insights and GKE's upgrade info while the cluster is read; daemon threads, so an instance
   * can stop at once.
   */
  private static final ExecutorService BACKGROUND =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "background-read");
            thread.setDaemon(true);
            return thread;
          });

  private final NotificationDecoder decoder = new NotificationDecoder();
  private final Assessor assessor;
  private final RecentMessages recent = new RecentMessages(10_000);
  private final ClusterSource clusters;
  private final Function<Language, GuidanceRenderer> renderers;
  private final Router router;
  private final NotificationLog notificationLog;
  private final DeliveryPolicy policy;
  private final OnceSender sender;
  private final Notices notices;
  private final LifecycleNotices lifecycle;
  private final InsightReader insights;

  /**
   * @param renderers the renderer for each language a route may ask for
   * @param router chooses the sinks, and their language, for each finding
   * @param insights reads the deprecation insights of each notification's cluster
   */
  public NotificationPipeline(
      ClusterSource clusters,
      Function<Language, GuidanceRenderer> renderers,
      Router router,
      NotificationLog notificationLog,
      DeliveryPolicy policy,
      InsightReader insights) {
    this.insights = Objects.requireNonNull(insights, "insights == null");
    this.clusters = Objects.requireNonNull(clusters, "clusters == null");
    this.renderers = Objects.requireNonNull(renderers, "renderers == null");
    this.router = Objects.requireNonNull(router, "router == null");
    this.notificationLog = Objects.requireNonNull(notificationLog, "notificationLog == null");
    this.policy = Objects.requireNonNull(policy, "policy == null");
    this.sender = new OnceSender(notificationLog, policy.clock());
    this.notices = new Notices(router, renderers, notificationLog, sender);
    this.lifecycle = new LifecycleNotices(clusters, notices, policy.clock(), UPGRADE_INFO_TIME);
    this.assessor = new Assessor(policy.endOfSupportWarning());
  }

  /**
   * Handles the data of one CloudEvent.
   *
   * @param cloudEventType the CloudEvent's type
   * @param data the CloudEvent's data, or {@code null}
   * @throws TransientFailureException when the GKE API, the notification log or a sink failed in a
   *     way a retry may fix, or the deadline passed; the function lets it escape and Pub/Sub
   *     redelivers
   */
  public void handle(String cloudEventType, byte[] data) {
    Deadline deadline = Deadline.after(policy.deadline());
    Decoded decoded = decoder.decode(cloudEventType, data);
    if (decoded instanceof Decoded.Rejected rejected) {
      log.warning(
          "Dropping message that cannot be understood: messageId="
              + rejected.messageId()
              + " reason="
              + rejected.reason());
      return;
    }
    if (decoded instanceof Decoded.Ignored ignored) {
      log.info(
          "Ignoring message: messageId=" + ignored.messageId() + " reason=" + ignored.reason());
      return;
    }
    GkeNotification notification = ((Decoded.Accepted) decoded).notification();
    if (recent.isDone(notification.messageId())) {
      log.info("Already handled: messageId=" + notification.messageId());
      return;
    }
    handle(notification, deadline);
    recent.markDone(notification.messageId());
  }

  private void handle(GkeNotification notification, Deadline deadline) {
    String context =
        "messageId="
            + notification.messageId()
            + " "
            + notification.cluster()
            + " event="
            + notification.event().typeName();
    boolean drain =
        notification.event() instanceof GkeEvent.UpgradeInfo info
            && info.disruptionEvent().isPresent();
    // Insights get a third of the time, at most INSIGHTS_TIME: the finding must go out anyway. They
    // need only the cluster's name, so the cache is looked up while the cluster is read; a metered
    // Recommender read waits until the cluster is found. A drain reads none.
    Deadline insightsDeadline =
        Deadline.after(deadline.cap(INSIGHTS_TIME.multipliedBy(3)).dividedBy(3));
    CompletableFuture<Boolean> clusterFound = new CompletableFuture<>();
    CompletableFuture<InsightsRead> early =
        drain
            ? null
            : CompletableFuture.supplyAsync(
                () -> insights.read(notification.cluster(), insightsDeadline, clusterFound),
                BACKGROUND);
    // GKE's own answer needs only the cluster's name too, so it is asked while the cluster is read.
    // A third of the time at most: the read itself gets nine tenths of it, so it gives up with
    // GKE's own error before the wait for it ends.
    Deadline upgradeInfoDeadline =
        Deadline.after(deadline.cap(UPGRADE_INFO_TIME.multipliedBy(3)).dividedBy(3));
    Duration upgradeInfoTime = upgradeInfoDeadline.remaining().multipliedBy(9).dividedBy(10);
    CompletableFuture<UpgradeInfo> upgradeInfo =
        drain
            ? null
            : CompletableFuture.supplyAsync(
                () -> clusters.upgradeInfo(notification.cluster(), upgradeInfoTime), BACKGROUND);
    ClusterInfo cluster;
    try {
      cluster = clusters.get(notification.cluster());
    } catch (ClusterNotFoundException e) {
      clusterFound.complete(false);
      log.warning("Cluster of the notification no longer exists: " + context);
      return;
    } catch (ClusterAccessException e) {
      clusterFound.complete(false);
      log.severe(
          "Cannot read the cluster, a retry will not help: "
              + context
              + " error="
              + e.getMessage());
      return;
    } catch (RuntimeException e) {
      clusterFound.complete(false);
      throw e;
    }
    clusterFound.complete(true);
    if (drain) {
      handleDisruption(cluster, (GkeEvent.UpgradeInfo) notification.event(), context, deadline);
      return;
    }
    // The insights of the cluster just read, whether the notification names its project by
    // number and the cluster's selfLink by id or not: one read, one cache entry. The rules match
    // an insight's target by either.
    InsightsRead insightsRead = join(early);
    Instant read = policy.clock().instant();
    UpgradeStatus status =
        withPools(
            upgradeStatus(upgradeInfo, upgradeInfoDeadline, cluster, read),
            cluster,
            upgradeInfoDeadline);
    Assessment assessed =
        assessor.withUpgradeStatus(
            assessor.assess(cluster, notification.event(), insightsRead),
            status,
            LocalDate.ofInstant(read, ZoneOffset.UTC));
    Optional<Blocker.DockerImages> docker = assessed.blocker(Blocker.DockerImages.class);
    log.info(
        "Assessed: "
            + context
            + " verdict="
            + assessed.verdict()
            + " blockers="
            + assessed.blockers().stream().map(b -> b.kind().name()).toList()
            + " insights="
            + insightsRead.status()
            + " upgradeStatus="
            + (status.read() ? "read" : "unread")
            + " holds="
            + status.holds().stream().map(Hold::kind).toList()
            + " cause="
            + AssessmentJson.dockerCause(assessed)
            + " dockerPools="
            + docker.map(d -> d.pools().size()).orElse(0)
            + " napDocker="
            + docker.flatMap(Blocker.DockerImages::autoprovisioningPlan).isPresent());
    // A cluster with a finding has the bulletin in the finding's message; one without gets a notice
    // when its patch needs someone.
    if (notification.event() instanceof GkeEvent.SecurityBulletin bulletin
        && !assessed.verdict().needsAction()) {
      Optional<BulletinPatch> patch = BulletinPatch.of(bulletin, cluster, status, read);
      if (patch.isPresent() && patch.get().state().needsAction()) {
        handleBulletin(assessed, bulletin, patch.get(), context, deadline);
      }
    }
    ClusterRecord record = handleFinding(assessed, cluster, status, context, deadline);
    if (notification.event() instanceof GkeEvent.UpgradeInfo info) {
      lifecycle.handle(info, assessed, cluster, record, context, deadline);
    }
    RollbackWindow.of(cluster, notification.event(), status, read)
        .ifPresent(window -> lifecycle.rollbackWindow(assessed, window, context, deadline));
  }

  /**
   * Decides with the notification log which message of the cluster's finding is due, and sends it.
   *
   * @return the cluster's record as it now stands, or {@code null} for a cluster never reported
   */
  private ClusterRecord handleFinding(
      Assessment assessed,
      ClusterInfo cluster,
      UpgradeStatus status,
      String context,
      Deadline deadline) {
    deadline.check("consulting the notification log " + context);
    Finding seen = Finding.of(assessed);
    Instant now = policy.clock().instant();
    ClusterRecord record =
        notificationLog.update(
            seen.cluster(),
            current -> {
              Finding earlier = current == null ? null : current.finding();
              if (!status.read()
                  && current != null
                  && current.open()
                  && collisionGone(earlier, seen)) {
                // What GKE said made the open finding; a failed read of it decides nothing.
                return current;
              }
              return Lifecycle.next(
                  current,
                  seen.carryingEndOfSupport(earlier, cluster).carryingHolds(earlier, status.read()),
                  now,
                  policy.repeatInterval(),
                  policy.notifyOnClear());
            },
            deadline);
    if (record == null) {
      log.info("Nothing to send: " + context + " verdict=" + assessed.verdict());
      return null;
    }
    // An end of support known from an earlier END_OF_SUPPORT notification is kept in the record.
    Assessment assessment =
        assessed.endOfSupportDate().isPresent()
            ? assessed
            : EndOfSupport.parse(record.finding().endOfSupport())
                .map(assessed::withEndOfSupport)
                .orElse(assessed);
    // Routed before any claim, so the claims name exactly the sinks this finding goes to.
    List<Recipient> recipients =
        router.recipients(
            assessment.cluster(), routingVerdict(record, assessment), Subject.FINDING);
    if (recipients.isEmpty()) {
      log.info("No sink is routed this finding: " + context + " verdict=" + assessment.verdict());
      return record;
    }
    Map<Language, Message> messages = new EnumMap<>(Language.class);
    for (Recipient recipient : recipients) {
      messages.computeIfAbsent(
          recipient.language(), language -> render(renderers.apply(language), record, assessment));
    }
    deliver(
        record,
        recipients,
        messages,
        assessment,
        context + " fingerprint=" + record.finding().fingerprint(),
        deadline);
    return record;
  }

  /** The status with GKE's answers for the pools on another minor or with their own exclusion. */
  private UpgradeStatus withPools(UpgradeStatus status, ClusterInfo cluster, Deadline within) {
    if (!status.read() || PoolUpgradeInfo.apart(cluster).isEmpty()) {
      return status;
    }
    return status.withPools(
        PoolUpgradeInfo.read(clusters, cluster, within.cap(UPGRADE_INFO_TIME), BACKGROUND));
  }

  /** Whether the earlier finding had the end-of-support collision and this one does not. */
  private static boolean collisionGone(Finding earlier, Finding seen) {
    String prefix = BlockerKind.END_OF_SUPPORT_UPGRADE.name() + "/";
    return earlier.blockers().stream().anyMatch(k -> k.startsWith(prefix))
        && seen.blockers().stream().noneMatch(k -> k.startsWith(prefix));
  }

  /**
   * GKE's answer asked in the background, with the holds the cluster's policy puts behind it; why
   * not, when it failed or did not come in time. Never throws: the finding goes out without it.
   */
  private static UpgradeStatus upgradeStatus(
      CompletableFuture<UpgradeInfo> asked, Deadline within, ClusterInfo cluster, Instant now) {
    try {
      UpgradeInfo info = asked.get(within.remaining().toNanos(), TimeUnit.NANOSECONDS);
      return UpgradeStatus.read(info, Holds.of(info, cluster.maintenancePolicy(), now));
    } catch (TimeoutException e) {
      return UpgradeStatus.unread(
          "GKE did not answer within " + UPGRADE_INFO_TIME.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UpgradeStatus.unread("interrupted while GKE was asked");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      log.warning("GKE's upgrade info was not read: " + cluster.ref() + " error=" + cause);
      return UpgradeStatus.unread(
          cause instanceof ClusterNotFoundException
              ? "GKE has no upgrade info for this cluster"
              : String.valueOf(cause.getMessage()));
    }
  }

  /** The insights read in the background; what it threw, it throws here. */
  private static InsightsRead join(CompletableFuture<InsightsRead> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Posts a drain that PodDisruptionBudgets hold (or that GKE forced) once per sink, as a notice:
   * keyed by the drain (type, node and pods), so GKE repeating it posts nothing more, and apart
   * from the cluster's finding, whose state a single drain does not change. Insights are not read
   * for it.
   */
  private void handleDisruption(
      ClusterInfo cluster, GkeEvent.UpgradeInfo info, String context, Deadline deadline) {
    Assessment assessment =
        assessor.assess(cluster, info, InsightsRead.off("not read for a drain notice"));
    Blocker.PodDisruption drain = assessment.blocker(Blocker.PodDisruption.class).orElseThrow();
    String actionKey = drainKey(drain);
    log.info(
        "Drain reported: "
            + context
            + " disruptionType="
            + drain.disruption().type()
            + " pods="
            + drain.disruption().pods().size()
            + " action="
            + actionKey);
    notices.send(
        assessment,
        new Notices.Notice(
            Verdict.BLOCKED,
            Subject.DRAIN,
            actionKey,
            renderer -> renderer.renderDisruption(assessment, drain),
            "drain"),
        context,
        deadline);
  }

  /**
   * Posts a security bulletin whose patch needs someone on a cluster without a finding once per
   * sink, as a notice keyed by the bulletin, its patched version and where the patch stands: GKE
   * repeating the bulletin posts nothing more.
   */
  private void handleBulletin(
      Assessment assessment,
      GkeEvent.SecurityBulletin bulletin,
      BulletinPatch patch,
      String context,
      Deadline deadline) {
    String actionKey =
        "bulletin-"
            + Notices.hash(
                bulletin.bulletinId() + "\n" + patch.fix().orElse("") + "\n" + patch.state());
    log.info(
        "Security bulletin patch needs action: "
            + context
            + " state="
            + patch.state()
            + " action="
            + actionKey);
    notices.send(
        assessment,
        new Notices.Notice(
            Verdict.AT_RISK,
            Subject.SECURITY_BULLETIN,
            actionKey,
            renderer -> renderer.renderBulletinNotice(assessment),
            "bulletin"),
        context,
        deadline);
  }

  /** The send key of one drain: its type and a hash of its node and pods. */
  static String drainKey(Blocker.PodDisruption drain) {
    String kind = drain.disruption().held() ? "held" : "forced";
    return "drain-" + kind + "-" + Notices.hash(drain.key());
  }

  /**
   * The verdict a message is routed by. A resolution's assessment is CLEAR, but it must reach the
   * sinks that got the finding (to close the ticket, resolve the page), so it goes by the verdict
   * the finding had.
   */
  private static Verdict routingVerdict(ClusterRecord record, Assessment assessment) {
    if (record.action() == Delivery.Kind.RESOLUTION) {
      return record.previousFinding().map(Finding::verdict).orElse(assessment.verdict());
    }
    return assessment.verdict();
  }

  private static Message render(
      GuidanceRenderer renderer, ClusterRecord record, Assessment assessment) {
    Optional<Finding> previous = record.previousFinding();
    return switch (record.action()) {
      case NEW, NOTICE -> renderer.render(assessment);
      case REMINDER -> renderer.renderReminder(assessment, record.openedAt());
      case DETAIL, FOLLOW_UP ->
          throw new IllegalStateException("a record's action is never " + record.action());
      case UPDATE ->
          renderer.renderUpdate(
              assessment,
              previous.map(Finding::verdict).orElse(assessment.verdict()),
              previous.<Map<String, String>>map(Finding::pools).orElse(Map.of()),
              previous.map(Finding::napImageType).orElse(""),
              previous.<Set<String>>map(Finding::blockers).orElse(Set.of()),
              previous.map(Finding::endOfSupport).orElse(""));
      case RESOLUTION ->
          renderer.renderResolution(
              assessment,
              previous.<Map<String, String>>map(Finding::pools).orElse(Map.of()),
              previous.<Set<String>>map(Finding::blockers).orElse(Set.of()));
    };
  }

  /**
   * Sends the message to every recipient once, each in its route's language. A new finding whose
   * message has a summary goes to a sink that threads as the summary, followed by its full guidance
   * as a reply: a second send with its own key, so each part is posted exactly once.
   */
  private void deliver(
      ClusterRecord record,
      List<Recipient> recipients,
      Map<Language, Message> messages,
      Assessment assessment,
      String context,
      Deadline deadline) {
    boolean split = record.action() == Delivery.Kind.NEW;
    List<OnceSender.Outgoing> outgoing = new ArrayList<>();
    List<Recipient> threaded = new ArrayList<>();
    for (Recipient recipient : recipients) {
      Sink sink = recipient.sink();
      Message full = messages.get(recipient.language());
      boolean summaryFirst = split && sink.threads() && full.hasDetail();
      Message message = summaryFirst ? full.summaryPart() : full;
      if (summaryFirst) {
        threaded.add(recipient);
      }
      outgoing.add(
          new OnceSender.Outgoing(
              sink,
              " language=" + recipient.language().code(),
              earlier ->
                  sink.deliver(
                      delivery(sink, record, message, assessment, deadline).after(earlier))));
    }
    sender.send(
        record.cluster(),
        record.actionKey(),
        deadline,
        outgoing,
        "action=" + record.actionKey() + " kind=" + record.action() + " " + context);
    if (threaded.isEmpty()) {
      return;
    }
    List<OnceSender.Outgoing> details = new ArrayList<>();
    for (Recipient recipient : threaded) {
      Sink sink = recipient.sink();
      Optional<Receipt> summary =
          notificationLog
              .receipt(record.cluster(), record.actionKey(), sink.name(), deadline)
              .filter(Receipt::isAddressable);
      if (summary.isEmpty()) {
        continue;
      }
      Message detail = messages.get(recipient.language()).detailPart();
      details.add(
          new OnceSender.Outgoing(
              sink,
              " language=" + recipient.language().code(),
              earlier ->
                  sink.deliver(
                      new Delivery(
                          Delivery.Kind.DETAIL,
                          detail,
                          summary,
                          deadline,
                          record.findingId(),
                          Optional.of(assessment),
                          record.findingId() + "/" + record.actionKey() + "-detail",
                          earlier))));
    }
    if (details.isEmpty()) {
      return;
    }
    String key = record.actionKey() + "-detail";
    sender.send(
        record.cluster(), key, deadline, details, "action=" + key + " kind=DETAIL " + context);
  }

  /** The delivery for one sink, with the receipt of the finding's first message to thread on. */
  private Delivery delivery(
      Sink sink, ClusterRecord record, Message message, Assessment assessment, Deadline deadline) {
    Optional<Receipt> original =
        record.threadKey().isEmpty() || record.threadKey().equals(record.actionKey())
            ? Optional.empty()
            : notificationLog.receipt(record.cluster(), record.threadKey(), sink.name(), deadline);
    return new Delivery(
        record.action(),
        message,
        original,
        deadline,
        record.findingId(),
        Optional.of(assessment),
        record.findingId() + "/" + record.actionKey());
  }
}
