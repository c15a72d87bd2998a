package dev.upgradesentinel.guidance;

import static dev.upgradesentinel.guidance.Span.code;
import static dev.upgradesentinel.guidance.Span.link;
import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.EndOfSupport;
import dev.upgradesentinel.assess.NapPlan;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.RollbackWindow;
import dev.upgradesentinel.assess.ScheduledUpgrade;
import dev.upgradesentinel.assess.UpgradeFailure;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.Block.BulletList;
import dev.upgradesentinel.guidance.Block.CodeBlock;
import dev.upgradesentinel.guidance.Block.Field;
import dev.upgradesentinel.guidance.Block.Fields;
import dev.upgradesentinel.guidance.Block.Heading;
import dev.upgradesentinel.guidance.Block.Item;
import dev.upgradesentinel.guidance.Block.Paragraph;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.InsightsRead;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns an assessment into the guidance people act on, in one language: where the cluster is, the
 * verdict and why, then each blocker's guidance ({@link BlockerGuidance}): the commands that clear
 * it and what to check in workloads.
 *
 * <p>Values from events and clusters (names, versions, bulletin text and links) go into the message
 * as plain spans, never as markup, so sinks can escape them.
 */
public final class GuidanceRenderer {
  /** Commands the summary of a message with several blockers shows at most. */
  private static final int FIRST_COMMANDS = 3;

  private final Phrasing p;
  private final Clock clock;
  private final BlockerGuidance blockers;
  private final UpgradeStatusGuidance upgradeStatus;
  private final LifecycleGuidance lifecycle;

  /**
   * @param clock decides which dates of the deprecation lie in the past; dates are read in UTC
   */
  public GuidanceRenderer(Language language, Clock clock) {
    this.p = new Phrasing(language);
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.blockers = new BlockerGuidance(p);
    this.upgradeStatus = new UpgradeStatusGuidance(p);
    this.lifecycle = new LifecycleGuidance(p, upgradeStatus, blockers);
  }

  /** The language this renderer words its messages in. */
  public Language language() {
    return p.language();
  }

  public Message render(Assessment a) {
    LocalDate today = today();
    List<Blocker> found = a.blockers();
    Optional<BlockerGuidance.Alone> alone =
        found.size() == 1 ? blockers.alone(found.get(0), today) : Optional.empty();
    // Several blockers, or one that has no message of its own, are listed in a summary first.
    boolean summarised = !found.isEmpty() && alone.isEmpty();
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a));
    if (summarised) {
      blocks.addAll(blockerSummary(a));
    } else {
      blocks.add(Paragraph.of(text(reason(a))));
    }
    insightsNote(a).ifPresent(blocks::add);
    endOfSupportNote(a).ifPresent(blocks::add);
    upgradeStatus.unreadNote(a).ifPresent(blocks::add);
    // With a summary, what comes so far stands on its own.
    int summaryBlocks = blocks.size();
    a.triggerEvent().ifPresent(event -> blocks.addAll(eventBlocks(event)));
    blocks.addAll(upgradeStatus.bulletin(a, clock.instant()));
    if (alone.isPresent()) {
      blocks.addAll(alone.get().guidance());
    } else {
      for (Blocker blocker : found) {
        blocks.addAll(blockers.blocks(blocker, a, today));
      }
    }
    blocks.addAll(upgradeStatus.blocks(a, today));
    String title =
        alone.map(BlockerGuidance.Alone::title).orElseGet(() -> title(a))
            + p.t(": cluster ", ": 클러스터 ")
            + a.ref().name();
    return summarised
        ? new Message(
            title, a.verdict(), blocks, summaryBlocks, p.t("Full guidance: ", "전체 안내: ") + title)
        : new Message(title, a.verdict(), blocks);
  }

  /** Today in UTC, against which the guidance words its dates. */
  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /**
   * One line per blocker, the worst first, then the first commands: the whole reason on one screen,
   * before the guidance of each.
   */
  private List<Block> blockerSummary(Assessment a) {
    List<Item> items = new ArrayList<>();
    Set<String> commands = new LinkedHashSet<>();
    for (Blocker blocker : byVerdict(a.blockers())) {
      String line = verdictWord(blocker.verdict()) + ": " + blockers.summary(blocker);
      items.add(new Item(List.of(text(line)), line));
      blockers.firstCommand(blocker).ifPresent(commands::add);
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(
        new Heading(
            p.t(
                "What holds the upgrade (" + items.size() + ")",
                "업그레이드를 막는 요인 (" + items.size() + "개)")));
    blocks.add(new BulletList(items, p.t("%d more:", "%d개 더:")));
    if (!commands.isEmpty()) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "First commands (each is explained below):",
                      "먼저 실행할 명령어 (아래에서 각각 설명합니다):"))));
      blocks.add(
          new CodeBlock(String.join("\n", commands.stream().limit(FIRST_COMMANDS).toList())));
    }
    return blocks;
  }

  private static List<Blocker> byVerdict(List<Blocker> all) {
    List<Blocker> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(b -> b.verdict() == Verdict.BLOCKED ? 0 : 1));
    return sorted;
  }

  /**
   * The day GKE upgrades the cluster anyway, said against today, when it is known and something
   * holds the upgrade.
   */
  private Optional<Block> endOfSupportNote(Assessment a) {
    if (!a.verdict().needsAction() || a.endOfSupportDate().isEmpty()) {
      return Optional.empty();
    }
    EndOfSupport eos = a.endOfSupportDate().get();
    long days = ChronoUnit.DAYS.between(today(), eos.date());
    String kind = eos.extended() ? p.t("extended", "연장") : p.t("standard", "표준");
    String date = p.date(eos.date());
    String when;
    if (days > 0) {
      when =
          p.t(
              "GKE ends "
                  + kind
                  + " support for "
                  + eos.minor()
                  + " on "
                  + date
                  + ", in "
                  + days
                  + (days == 1 ? " day" : " days")
                  + ". On that day it upgrades",
              "GKE의 "
                  + eos.minor()
                  + " "
                  + kind
                  + " 지원이 "
                  + date
                  + "에 종료됩니다("
                  + days
                  + "일 후). 그날 GKE는");
    } else if (days == 0) {
      when =
          p.t(
              "GKE ends "
                  + kind
                  + " support for "
                  + eos.minor()
                  + " today, "
                  + date
                  + ". It upgrades",
              "GKE의 " + eos.minor() + " " + kind + " 지원이 오늘(" + date + ") 종료됩니다. GKE는");
    } else {
      when =
          p.t(
              "GKE's "
                  + kind
                  + " support for "
                  + eos.minor()
                  + " ended on "
                  + date
                  + ", "
                  + -days
                  + (days == -1 ? " day" : " days")
                  + " ago. It upgrades",
              "GKE의 "
                  + eos.minor()
                  + " "
                  + kind
                  + " 지원이 "
                  + date
                  + "에 종료되었습니다("
                  + -days
                  + "일 전). GKE는");
    }
    return Optional.of(
        Paragraph.of(
            text(
                p.t("End of support: ", "지원 종료: ")
                    + when
                    + p.t(
                        " this cluster to the next minor anyway, past every pause, and what still"
                            + " depends on a removed feature breaks.",
                        " 모든 일시중지와 관계없이 이 클러스터를 다음 부 버전으로 업그레이드하며, 삭제된 기능에 아직 의존하는"
                            + " 부분은 중단됩니다."))));
  }

  /** Says that insights could not be read and why; nothing when they were, or were turned off. */
  private Optional<Block> insightsNote(Assessment a) {
    InsightsRead insights = a.insights();
    if (insights.status() != InsightsRead.Status.UNAVAILABLE) {
      return Optional.empty();
    }
    return Optional.of(
        Paragraph.of(
            text(p.t("GKE's deprecation insights were not read (", "GKE 지원 중단 통계를 읽지 못했습니다(")),
            UntrustedText.text(insights.reason()),
            text(
                p.t(
                    "), so upgrades GKE paused for deprecated features in use are not shown; the"
                        + " other checks ran.",
                    "). 따라서 사용 중인 지원 중단 기능으로 인해 GKE가 일시중지한 업그레이드는 표시되지 않습니다. 다른 검사는"
                        + " 실행되었습니다."))));
  }

  /**
   * The notice of a security bulletin whose patch needs someone to act on a cluster without a
   * finding: held by a {@code NO_UPGRADES} exclusion, not in GKE's patch target yet, or not made
   * for its minor. Posted once per cluster and bulletin.
   */
  public Message renderBulletinNotice(Assessment a) {
    GkeEvent.SecurityBulletin bulletin = (GkeEvent.SecurityBulletin) a.trigger();
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a));
    blocks.addAll(eventBlocks(bulletin));
    blocks.addAll(upgradeStatus.bulletin(a, clock.instant()));
    blocks.addAll(upgradeStatus.blocks(a, today()));
    String title =
        p.t("Security bulletin ", "보안 게시판 ")
            + UntrustedText.defanged(bulletin.bulletinId())
            + p.t(": the patch needs you: cluster ", ": 패치에 조치 필요: 클러스터 ")
            + a.ref().name();
    return new Message(title, Verdict.AT_RISK, blocks);
  }

  /**
   * The notice of one node drain that PodDisruptionBudgets hold, or that GKE forced: the cluster,
   * the node, the pods, and how to find and fix the budget. Only this drain: the cluster's other
   * blockers have messages of their own.
   */
  public Message renderDisruption(Assessment a, Blocker.PodDisruption drain) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a));
    blocks.addAll(blockers.blocks(drain, a, today()));
    return new Message(
        blockers.summary(drain) + p.t(": cluster ", ": 클러스터 ") + a.ref().name(),
        Verdict.BLOCKED,
        blocks);
  }

  /**
   * The heads-up for an upgrade GKE scheduled: what, when, whether it will start, what would stall
   * it, and how to do it now or put it off; then what GKE says about the cluster's upgrades.
   */
  public Message renderScheduled(Assessment a, ScheduledUpgrade scheduled) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a, false));
    blocks.addAll(lifecycle.scheduled(scheduled, a, today()));
    blocks.addAll(upgradeStatus.blocks(a, today()));
    return new Message(
        lifecycle.scheduledTitle(scheduled, a.ref().name(), today()),
        scheduled.stallers().isEmpty() ? Verdict.CLEAR : Verdict.AT_RISK,
        blocks);
  }

  /** An upgrade that failed: GKE's error, the cause explained, and the commands. */
  public Message renderFailure(Assessment a, UpgradeFailure failure) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a, false));
    blocks.addAll(lifecycle.failure(failure, today()));
    return new Message(lifecycle.failureTitle(failure, a.ref().name()), Verdict.BLOCKED, blocks);
  }

  /**
   * A line for an open finding's thread: an upgrade started, succeeded or was canceled; after a
   * success, what still holds the cluster.
   */
  public Message renderProgress(
      Assessment a, GkeEvent.UpgradeInfo event, GkeEvent.UpgradeState state) {
    String line = lifecycle.progress(event, state, event.pool());
    List<Block> blocks = new ArrayList<>();
    blocks.add(Paragraph.of(text(line)));
    if (state == GkeEvent.UpgradeState.SUCCEEDED && a.verdict().needsAction()) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "The finding stays open: " + verdictWord(a.verdict()) + ".",
                      "발견 사항은 계속 열려 있습니다: " + verdictWord(a.verdict()) + "."))));
      List<Item> open = new ArrayList<>();
      for (Blocker blocker : byVerdict(a.blockers())) {
        open.add(Item.of(text(verdictWord(blocker.verdict()) + ": " + blockers.summary(blocker))));
      }
      blocks.add(new BulletList(open, p.t("%d more:", "%d개 더:")));
    }
    return new Message(line, a.verdict(), blocks);
  }

  /** The informational notice that the COS milestone of the node images changes. */
  public Message renderMilestone(Assessment a, GkeEvent.UpgradeInfo event) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a, false));
    blocks.addAll(lifecycle.milestone(event, a));
    return new Message(lifecycle.milestoneTitle(a.ref().name()), Verdict.CLEAR, blocks);
  }

  /** The notice that the control plane can be rolled back until the window ends. */
  public Message renderRollbackWindow(Assessment a, RollbackWindow window) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a, false));
    blocks.addAll(lifecycle.rollback(window, today()));
    return new Message(
        lifecycle.rollbackTitle(window, a.ref().name(), today()), Verdict.AT_RISK, blocks);
  }

  /**
   * A reminder that a finding is still open after the repeat interval: the full guidance, opened by
   * a note saying since when.
   *
   * @param firstReported when the finding was first posted
   */
  public Message renderReminder(Assessment a, Instant firstReported) {
    String date = p.date(LocalDate.ofInstant(firstReported, ZoneOffset.UTC));
    Paragraph note =
        Paragraph.of(
            text(
                p.t(
                    "Reminder: this was first reported on " + date + " and is still open.",
                    "다시 알림: " + date + "에 처음 보고된 문제가 아직 해결되지 않았습니다.")));
    Message full = render(a);
    return withNote(p.t("Reminder: ", "다시 알림: ") + full.title(), List.of(note), full);
  }

  /**
   * An update on an open finding that changed: what changed since the last message (the verdict,
   * pools migrated or newly on Docker-based images, the auto-provisioning default), then the full
   * guidance as it stands.
   *
   * @param before the verdict of the last message
   * @param poolsBefore the Docker-based node pools of the last message, name to image type
   * @param napBefore node auto-provisioning's Docker-based default then, or empty
   */
  public Message renderUpdate(
      Assessment a, Verdict before, Map<String, String> poolsBefore, String napBefore) {
    return renderUpdate(a, before, poolsBefore, napBefore, Set.of(), "");
  }

  /**
   * An update that also says which of the other blockers are new and which cleared.
   *
   * @param blockersBefore the keys of the other blockers of the last message
   * @param endOfSupportBefore the end of support the last message knew, as its key, or empty
   */
  public Message renderUpdate(
      Assessment a,
      Verdict before,
      Map<String, String> poolsBefore,
      String napBefore,
      Set<String> blockersBefore,
      String endOfSupportBefore) {
    List<Item> changes = new ArrayList<>();
    if (before != a.verdict()) {
      changes.add(
          Item.of(
              text(
                  p.t("Verdict: ", "판정: ")
                      + verdictWord(before)
                      + " → "
                      + verdictWord(a.verdict()))));
    }
    Map<String, String> now = poolsOf(a);
    poolsBefore.forEach(
        (name, type) -> {
          if (!type.equals(now.get(name))) {
            changes.add(
                Item.of(
                    text(p.t("Migrated or removed: node pool ", "마이그레이션 또는 삭제됨: 노드 풀 ")),
                    code(name),
                    text(" (" + type + ")")));
          }
        });
    now.forEach(
        (name, type) -> {
          if (!type.equals(poolsBefore.get(name))) {
            changes.add(
                Item.of(
                    text(
                        p.t(
                            "Now on a Docker-based image: node pool ",
                            "새로 Docker 기반 노드 이미지 사용: 노드 풀 ")),
                    code(name),
                    text(" (" + type + ")")));
          }
        });
    String napNow =
        a.blocker(Blocker.DockerImages.class)
            .flatMap(Blocker.DockerImages::autoprovisioningPlan)
            .map(NapPlan::imageType)
            .orElse("");
    if (!napNow.equalsIgnoreCase(napBefore)) {
      String none = p.t("not Docker-based", "Docker 기반 아님");
      changes.add(
          Item.of(
              text(
                  p.t("Node auto-provisioning default: ", "노드 자동 프로비저닝 기본 이미지 유형: ")
                      + (napBefore.isEmpty() ? none : napBefore)
                      + " → "
                      + (napNow.isEmpty() ? none : napNow))));
    }
    Set<String> keysNow = new HashSet<>();
    for (Blocker blocker : a.blockers()) {
      if (blocker instanceof Blocker.DockerImages) {
        continue; // its change is said above, pool by pool, as the finding keeps it
      }
      keysNow.add(blocker.key());
      if (!blockersBefore.contains(blocker.key())) {
        changes.add(Item.of(text(p.t("New: ", "새 요인: ") + blockers.summary(blocker))));
      }
    }
    boolean holdsRead = a.upgradeStatus().read();
    if (holdsRead && a.verdict().needsAction()) {
      for (Hold hold : a.upgradeStatus().holds()) {
        Optional<String> key = hold.key();
        key.ifPresent(keysNow::add);
        if (key.isPresent() && !blockersBefore.contains(key.get())) {
          changes.add(
              Item.of(
                  text(p.t("New hold: ", "새 보류: ")),
                  UntrustedText.text(blockers.describeKey(key.get()))));
        }
      }
    }
    for (String key : new TreeSet<>(blockersBefore)) {
      if (key.startsWith(Hold.KEY_PREFIX)) {
        if (holdsRead && !keysNow.contains(key)) {
          changes.add(
              Item.of(
                  text(p.t("Hold lifted: ", "보류 해제: ")),
                  UntrustedText.text(blockers.describeKey(key))));
        }
        continue;
      }
      if (!keysNow.contains(key)) {
        changes.add(Item.of(text(p.t("Cleared: ", "해소됨: ") + blockers.describeKey(key))));
      }
    }
    a.endOfSupportDate()
        .filter(eos -> !eos.key().equals(endOfSupportBefore))
        .ifPresent(
            eos ->
                changes.add(
                    Item.of(
                        text(
                            p.t("End of support announced: ", "지원 종료일 발표: ")
                                + eos.minor()
                                + ", "
                                + p.date(eos.date())))));
    List<Block> note = new ArrayList<>();
    note.add(new Heading(p.t("What changed since the last message", "지난 메시지 이후 변경 사항")));
    if (!changes.isEmpty()) {
      note.add(new BulletList(changes, ""));
    }
    Message full = render(a);
    return withNote(p.t("Update: ", "업데이트: ") + full.title(), note, full);
  }

  /**
   * The notice that a cluster with an open finding no longer uses Docker-based images: nothing
   * stands in the way of its 1.24 upgrade any more.
   *
   * @param poolsBefore the Docker-based node pools of the last message, name to image type
   */
  public Message renderResolution(Assessment a, Map<String, String> poolsBefore) {
    return renderResolution(a, poolsBefore, Set.of());
  }

  /**
   * The notice that nothing holds the cluster's upgrade any more, naming the blockers that cleared.
   *
   * @param blockersBefore the keys of the other blockers of the last message
   */
  public Message renderResolution(
      Assessment a, Map<String, String> poolsBefore, Set<String> blockersBefore) {
    Message resolution = resolutionOf(a, poolsBefore, blockersBefore);
    Optional<GkeEvent.UpgradeInfo> upgrade = upgradeThatCleared(a);
    if (upgrade.isEmpty()) {
      return resolution;
    }
    List<Block> blocks = new ArrayList<>(resolution.blocks());
    blocks.add(
        1,
        Paragraph.of(
            text(
                lifecycle.progress(
                    upgrade.get(), GkeEvent.UpgradeState.SUCCEEDED, upgrade.get().pool()))));
    return new Message(
        resolution.title() + lifecycle.afterUpgrade(upgrade.get()), resolution.verdict(), blocks);
  }

  /** The upgrade a resolution came with, when a succeeded upgrade triggered it. */
  private static Optional<GkeEvent.UpgradeInfo> upgradeThatCleared(Assessment a) {
    if (a.trigger() instanceof GkeEvent.UpgradeInfo info
        && info.lifecycle().filter(s -> s == GkeEvent.UpgradeState.SUCCEEDED).isPresent()) {
      return Optional.of(info);
    }
    return Optional.empty();
  }

  private Message resolutionOf(
      Assessment a, Map<String, String> poolsBefore, Set<String> blockersBefore) {
    if (blockersBefore.isEmpty()) {
      return dockerResolution(a, poolsBefore);
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "Nothing found holds the upgrade of this cluster any more.",
                    "이제 이 클러스터의 업그레이드를 막는 요인이 없습니다."))));
    List<Item> cleared = new ArrayList<>();
    if (!poolsBefore.isEmpty()) {
      cleared.add(Item.of(text(p.t("Docker-based node images", "Docker 기반 노드 이미지"))));
    }
    for (String key : new TreeSet<>(blockersBefore)) {
      cleared.add(Item.of(text(blockers.describeKey(key))));
    }
    blocks.add(new Heading(p.t("Cleared", "해소된 요인")));
    blocks.add(new BulletList(cleared, ""));
    String title =
        p.t(
            "Resolved: nothing holds the upgrade of cluster " + a.ref().name() + " any more",
            "해결됨: 클러스터 " + a.ref().name() + "의 업그레이드를 막는 요인이 없습니다");
    return new Message(title, a.verdict(), blocks);
  }

  private Message dockerResolution(Assessment a, Map<String, String> poolsBefore) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(clusterFields(a));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "No node pool uses a Docker-based node image any more and node"
                        + " auto-provisioning's default image type is not Docker-based: Docker"
                        + " node images no longer stand in the way of upgrading to 1.24.",
                    "더 이상 Docker 기반 노드 이미지를 사용하는 노드 풀이 없고 노드 자동 프로비저닝의 기본"
                        + " 노드 이미지 유형도 Docker 기반이 아닙니다. 이제 Docker 노드 이미지로 인해 1.24"
                        + " 업그레이드가 차단되지 않습니다."))));
    if (!poolsBefore.isEmpty()) {
      List<Item> migrated = new ArrayList<>();
      poolsBefore.forEach(
          (name, type) -> migrated.add(Item.of(code(name), text(" (" + type + ")"))));
      blocks.add(new Heading(p.t("Migrated node pools", "마이그레이션된 노드 풀")));
      blocks.add(new BulletList(migrated, ""));
    }
    String title =
        p.t(
            "Resolved: cluster " + a.ref().name() + " no longer uses Docker-based images",
            "해결됨: 클러스터 " + a.ref().name() + "에서 더 이상 Docker 기반 노드 이미지를 사용하지 않습니다");
    return new Message(title, a.verdict(), blocks);
  }

  private static Map<String, String> poolsOf(Assessment a) {
    Map<String, String> pools = new TreeMap<>();
    a.blocker(Blocker.DockerImages.class)
        .ifPresent(
            docker -> {
              for (PoolPlan pool : docker.pools()) {
                pools.put(pool.name(), pool.imageType().toUpperCase(Locale.ROOT));
              }
            });
    return pools;
  }

  private static Message withNote(String title, List<Block> note, Message full) {
    List<Block> blocks = new ArrayList<>(note);
    blocks.addAll(full.blocks());
    return new Message(title, full.verdict(), blocks);
  }

  /**
   * Why the cluster got its verdict, for the HTTP API and the message: one sentence per blocker.
   */
  public String reason(Assessment a) {
    if (a.blockers().isEmpty()) {
      return a.verdict() == Verdict.NOT_APPLICABLE
          ? p.t(
              "Autopilot clusters always use containerd node images, so this cluster is not"
                  + " affected.",
              "Autopilot 클러스터는 항상 containerd 노드 이미지를 사용하므로 영향을 받지 않습니다.")
          : p.t(
              "No node pool uses a Docker-based node image and node auto-provisioning's default"
                  + " image type is not Docker-based.",
              "Docker 기반 노드 이미지를 사용하는 노드 풀이 없고 노드 자동 프로비저닝의 기본 노드 이미지 유형도" + " Docker 기반이 아닙니다.");
    }
    List<String> parts = new ArrayList<>();
    for (Blocker blocker : a.blockers()) {
      parts.add(blockers.sentence(blocker, a));
    }
    return String.join(" ", parts);
  }

  /** One line that names a blocker, as the message's summary lists it. */
  public String summary(Blocker blocker) {
    return blockers.summary(blocker);
  }

  /** What the title says before the cluster's name, unless the only blocker words it. */
  private String title(Assessment a) {
    List<Blocker> found = a.blockers();
    if (found.isEmpty()) {
      return a.verdict() == Verdict.NOT_APPLICABLE
          ? p.t(
              "Autopilot cluster, not affected by Docker node images",
              "Autopilot 클러스터, Docker 노드 이미지 영향 없음")
          : p.t("No Docker node images", "Docker 기반 노드 이미지 없음");
    }
    boolean blocked = a.verdict() == Verdict.BLOCKED;
    String held = blocked ? "GKE upgrade blocked" : "GKE upgrade at risk";
    String heldKo = blocked ? "GKE 업그레이드 차단됨" : "GKE 업그레이드 차단 위험";
    if (found.size() == 1) {
      String name = blockers.shortName(found.get(0));
      return p.t(held + " by " + name, name + " 때문에 " + heldKo);
    }
    return p.t(held + " for " + found.size() + " reasons", heldKo + " (요인 " + found.size() + "개)");
  }

  /** The verdict as the API names it, so a message can be searched for it; Korean adds a gloss. */
  private String verdictWord(Verdict verdict) {
    String korean =
        switch (verdict) {
          case BLOCKED -> "차단됨";
          case AT_RISK -> "위험";
          case CLEAR -> "문제 없음";
          case NOT_APPLICABLE -> "해당 없음";
        };
    return p.t(verdict.name(), verdict.name() + " (" + korean + ")");
  }

  private Fields clusterFields(Assessment a) {
    return clusterFields(a, true);
  }

  /**
   * Where the cluster is; with its verdict unless the message is about one upgrade, whose own
   * outcome the verdict of the cluster would only blur.
   */
  private Fields clusterFields(Assessment a, boolean verdict) {
    ClusterRef ref = a.ref();
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(p.t("Project", "프로젝트"), text(ref.project())));
    fields.add(new Field(p.t("Location", "위치"), text(ref.location())));
    fields.add(new Field(p.t("Cluster", "클러스터"), text(ref.name())));
    if (!a.cluster().controlPlaneVersion().isEmpty()) {
      fields.add(
          new Field(
              p.t("Control plane version", "제어 영역 버전"), text(a.cluster().controlPlaneVersion())));
    }
    if (verdict) {
      fields.add(new Field(p.t("Verdict", "판정"), text(verdictWord(a.verdict()))));
    }
    fields.add(
        new Field(
            p.t("Console", "콘솔"),
            link(a.consoleUrl(), p.t("Open in the Google Cloud console", "Google Cloud 콘솔에서 열기"))));
    return new Fields(fields);
  }

  /** The notification that triggered the check, with the versions it names. */
  private List<Block> eventBlocks(GkeEvent event) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(p.t("Notification", "알림"), text(event.typeName())));
    String description = "";
    if (event instanceof GkeEvent.UpgradeAvailable e) {
      addField(fields, p.t("Available version", "사용 가능한 버전"), e.version());
      addField(fields, p.t("Resource", "리소스"), (e.resourceType() + " " + e.resource()).strip());
      addField(fields, p.t("Release channel", "출시 채널"), e.releaseChannel());
    } else if (event instanceof GkeEvent.Upgrade e) {
      addField(fields, p.t("Current version", "현재 버전"), e.currentVersion());
      addField(fields, p.t("Target version", "대상 버전"), e.targetVersion());
      addField(fields, p.t("Resource", "리소스"), (e.resourceType() + " " + e.resource()).strip());
    } else if (event instanceof GkeEvent.UpgradeInfo e) {
      addField(fields, p.t("Event type", "이벤트 유형"), e.eventType());
      addField(fields, p.t("State", "상태"), e.state());
      addField(fields, p.t("Current version", "현재 버전"), e.currentVersion());
      addField(fields, p.t("Target version", "대상 버전"), e.targetVersion());
      addField(fields, p.t("Resource", "리소스"), (e.resourceType() + " " + e.resource()).strip());
      description = e.description();
    } else if (event instanceof GkeEvent.SecurityBulletin e) {
      addField(fields, p.t("Security bulletin", "보안 게시판"), e.bulletinId());
      addField(fields, p.t("Severity", "심각도"), e.severity());
      addField(fields, "CVE", String.join(", ", e.cveIds()));
      addField(fields, p.t("Patched in", "패치된 버전"), String.join(", ", e.patchedVersions()));
      addField(fields, p.t("Suggested upgrade target", "권장 업그레이드 대상"), e.suggestedUpgradeTarget());
      if (!e.bulletinUri().isEmpty()) {
        fields.add(new Field(p.t("Bulletin", "게시판 링크"), bulletinLink(e.bulletinUri())));
      }
      description = e.briefDescription();
    }
    return description.isBlank()
        ? List.of(new Fields(fields))
        : List.of(new Fields(fields), Paragraph.of(UntrustedText.text(description)));
  }

  /**
   * The bulletin's URL as a link when it points at Google's own pages; otherwise as inert text that
   * says why it is not linked.
   */
  private Span bulletinLink(String uri) {
    if (UntrustedText.isLinkable(uri)) {
      return link(uri, uri);
    }
    return UntrustedText.text(
        uri + p.t(" (not linked: not a Google page)", " (Google 페이지가 아니므로 링크하지 않음)"));
  }

  /** Adds a field whose value comes from the event, so it is untrusted text. */
  private static void addField(List<Field> fields, String label, String value) {
    if (!value.isEmpty()) {
      fields.add(new Field(label, UntrustedText.text(value)));
    }
  }
}
