package dev.upgradesentinel.pipeline;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.RollbackWindow;
import dev.upgradesentinel.assess.ScheduledUpgrade;
import dev.upgradesentinel.assess.UpgradeFailure;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.delivery.ClusterRecord;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.routing.Subject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Says what GKE tells of an upgrade's life, once per sink however often GKE sends it: the heads-up
 * of a scheduled upgrade, the cause of a failed one from its operation, a start, success or
 * cancelation in the open finding's thread, the COS milestone notice and the rollback-safe window.
 */
final class LifecycleNotices {
  private static final Logger log = Logger.getLogger(LifecycleNotices.class.getName());

  private final ClusterSource clusters;
  private final Notices notices;
  private final Clock clock;
  private final Duration operationTime;

  /**
   * @param operationTime the longest a failed upgrade's operation may take to read
   */
  LifecycleNotices(ClusterSource clusters, Notices notices, Clock clock, Duration operationTime) {
    this.clusters = Objects.requireNonNull(clusters, "clusters == null");
    this.notices = Objects.requireNonNull(notices, "notices == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.operationTime = Objects.requireNonNull(operationTime, "operationTime == null");
  }

  /**
   * Says what an {@code UPGRADE_LIFECYCLE} or {@code COS_MILESTONE_VERSION_UPDATE} event tells.
   *
   * @param finding the cluster's record after its finding was handled, or {@code null}
   */
  void handle(
      GkeEvent.UpgradeInfo info,
      Assessment assessed,
      ClusterInfo cluster,
      ClusterRecord finding,
      String context,
      Deadline deadline) {
    if (GkeEvent.UpgradeInfo.COS_MILESTONE_VERSION_UPDATE.equals(info.eventType())) {
      String key = "cos-milestone-" + Notices.hash(info.description());
      log.info("COS milestone notice: " + context + " action=" + key);
      notices.send(
          assessed,
          new Notices.Notice(
              Verdict.CLEAR,
              Subject.COS_MILESTONE,
              key,
              renderer -> renderer.renderMilestone(assessed, info),
              "COS milestone notice"),
          context,
          deadline);
      return;
    }
    Optional<GkeEvent.UpgradeState> step = info.lifecycle();
    if (step.isEmpty()) {
      return;
    }
    // An upgrade is its operation, whichever event names it; without one, what it upgrades to what.
    String operation = info.operationId();
    String upgrade =
        Notices.hash(
            operation.isEmpty()
                ? info.resourceType() + "\n" + info.resource() + "\n" + info.targetVersion()
                : operation);
    switch (step.get()) {
      case SCHEDULED -> scheduled(info, assessed, context, deadline);
      case FAILED -> {
        UpgradeFailure failure = failure(info, cluster, context, deadline);
        String key = "failed-" + upgrade;
        log.info(
            "Upgrade failed: "
                + context
                + " cause="
                + failure.cause()
                + " operationRead="
                + failure.operation().isPresent()
                + " action="
                + key);
        notices.send(
            assessed,
            new Notices.Notice(
                Verdict.BLOCKED,
                Subject.UPGRADE_FAILED,
                key,
                renderer -> renderer.renderFailure(assessed, failure),
                "failed upgrade"),
            finding,
            false,
            context,
            deadline);
      }
      case STARTED, SUCCEEDED, CANCELED -> {
        if (finding == null || !finding.open()) {
          log.info("Upgrade " + step.get() + " with no open finding to say it in: " + context);
          return;
        }
        String key = step.get().name().toLowerCase(Locale.ROOT) + "-" + upgrade;
        notices.send(
            assessed,
            new Notices.Notice(
                finding.finding().verdict(),
                Subject.UPGRADE_PROGRESS,
                key,
                renderer -> renderer.renderProgress(assessed, info, step.get()),
                "upgrade " + step.get()),
            finding,
            true,
            context,
            deadline);
      }
    }
  }

  /** The heads-up, once per resource, target and start. */
  private void scheduled(
      GkeEvent.UpgradeInfo info, Assessment assessed, String context, Deadline deadline) {
    ScheduledUpgrade scheduled = ScheduledUpgrade.of(info, assessed, clock.instant());
    String key =
        "scheduled-"
            + Notices.hash(
                info.resourceType()
                    + "\n"
                    + info.resource()
                    + "\n"
                    + info.targetVersion()
                    + "\n"
                    + info.startTime());
    log.info(
        "Upgrade scheduled: "
            + context
            + " stoppers="
            + scheduled.stoppers().size()
            + " stallers="
            + scheduled.stallers().size()
            + " action="
            + key);
    notices.send(
        assessed,
        new Notices.Notice(
            Verdict.AT_RISK,
            Subject.UPGRADE_SCHEDULED,
            key,
            renderer -> renderer.renderScheduled(assessed, scheduled),
            "scheduled upgrade"),
        context,
        deadline);
  }

  /**
   * Why the upgrade failed, from its operation; read within a third of what is left, at most the
   * operation time. When it cannot be read the failure is still said, with why not.
   */
  private UpgradeFailure failure(
      GkeEvent.UpgradeInfo info, ClusterInfo cluster, String context, Deadline deadline) {
    if (info.operation().isBlank()) {
      return UpgradeFailure.of(info, cluster, Optional.empty(), "the event names no operation");
    }
    Duration within = deadline.cap(operationTime.multipliedBy(3)).dividedBy(3);
    try {
      return UpgradeFailure.of(
          info,
          cluster,
          Optional.of(clusters.operation(cluster.ref(), info.operation(), within)),
          "");
    } catch (ClusterNotFoundException e) {
      return UpgradeFailure.of(
          info, cluster, Optional.empty(), "GKE has no such operation in the cluster's location");
    } catch (RuntimeException e) {
      log.warning("The failed upgrade's operation was not read: " + context + " error=" + e);
      return UpgradeFailure.of(info, cluster, Optional.empty(), String.valueOf(e.getMessage()));
    }
  }

  /**
   * Posts, once per window, that the control plane is in rollback-safe mode until a time: what it
   * means and the commands to complete or go back.
   */
  void rollbackWindow(
      Assessment assessed, RollbackWindow window, String context, Deadline deadline) {
    String key =
        "rollback-window-"
            + Notices.hash(
                window.until().map(Instant::toString).orElse(window.version() + window.emulated()));
    log.info("Rollback-safe window: " + context + " until=" + window.until() + " action=" + key);
    notices.send(
        assessed,
        new Notices.Notice(
            Verdict.AT_RISK,
            Subject.ROLLBACK_WINDOW,
            key,
            renderer -> renderer.renderRollbackWindow(assessed, window),
            "rollback window"),
        context,
        deadline);
  }
}
