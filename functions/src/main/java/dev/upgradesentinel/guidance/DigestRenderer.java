package dev.upgradesentinel.guidance;

import static dev.upgradesentinel.guidance.Span.bold;
import static dev.upgradesentinel.guidance.Span.code;
import static dev.upgradesentinel.guidance.Span.link;
import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.GkeVersion;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.Block.BulletList;
import dev.upgradesentinel.guidance.Block.CodeBlock;
import dev.upgradesentinel.guidance.Block.Heading;
import dev.upgradesentinel.guidance.Block.Item;
import dev.upgradesentinel.guidance.Block.Paragraph;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Summarises a fleet scan in one message: counts, every blocked and at-risk cluster, and the
 * commands for the most urgent ones, so a fleet scan posts once instead of once per cluster (Slack
 * takes about one message per second per channel).
 *
 * <p>The message stays readable, and within Slack's 50 blocks, however large the fleet: the first
 * {@value #DETAILED} clusters that need action get their commands in code blocks, the next {@value
 * #LISTED} one line each, and the rest are counted per project, with a pointer to the HTTP check,
 * whose JSON report has every command.
 */
public final class DigestRenderer {
  static final int DETAILED = 10;
  static final int LISTED = 40;
  static final int COUNTED_PROJECTS = 30;
  static final int LISTED_ERRORS = 20;

  /** Code blocks are cut by sinks at about 3,000 characters; longer command lists are split. */
  static final int MAX_CODE_BLOCK = 2_800;

  /** The {@code batches} of a batch whose scan goes on in batches not yet counted. */
  public static final int MORE_BATCHES_FOLLOW = 0;

  private final Phrasing p;
  private final BlockerGuidance blockers;
  private final Clock clock;

  /** How far ahead an end of support is "soon" in a digest. */
  static final int SOON_DAYS = 30;

  public DigestRenderer(Language language) {
    this(language, Clock.systemUTC());
  }

  /**
   * @param clock today, against which the ends of support coming soon are found and said
   */
  public DigestRenderer(Language language, Clock clock) {
    this.p = new Phrasing(language);
    this.blockers = new BlockerGuidance(p);
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Renders the digest of one scan, or of one batch of it.
   *
   * @param batches how many batches the scan has, or {@link #MORE_BATCHES_FOLLOW} when later
   *     batches are still to be read, as with a scope read page by page
   * @param assessments every cluster scanned, most urgent first
   * @param errors the projects that could not be read, with the reason, by project
   */
  public Message render(
      String scanId,
      int batch,
      int batches,
      int projects,
      List<Assessment> assessments,
      SortedMap<String, String> errors) {
    Objects.requireNonNull(scanId, "scanId == null");
    List<Assessment> urgent = assessments.stream().filter(a -> a.verdict().needsAction()).toList();
    List<Block> blocks = new ArrayList<>();
    blocks.add(Paragraph.of(text(summary(projects, assessments, errors.size()))));
    if (urgent.isEmpty()) {
      blocks.add(Paragraph.of(text(p.t("No cluster needs action.", "조치가 필요한 클러스터가 없습니다."))));
    }
    for (Assessment a : urgent.subList(0, Math.min(DETAILED, urgent.size()))) {
      blocks.add(
          Paragraph.of(
              bold(name(a)),
              text(" — " + verdictWord(a.verdict()) + ": " + inBrief(a) + "  "),
              link(a.consoleUrl(), p.t("console", "콘솔"))));
      blocks.addAll(commandBlocks(a));
    }
    if (urgent.size() > DETAILED) {
      List<Assessment> listed =
          urgent.subList(DETAILED, Math.min(DETAILED + LISTED, urgent.size()));
      blocks.add(
          new Heading(
              p.t("More clusters that need action (", "조치가 필요한 다른 클러스터 (")
                  + (urgent.size() - DETAILED)
                  + p.t(")", "개)")));
      List<Item> items = new ArrayList<>();
      for (Assessment a : listed) {
        items.add(
            new Item(
                List.of(code(name(a)), text(" " + verdictWord(a.verdict()) + ": " + inBrief(a))),
                name(a)));
      }
      blocks.add(
          new BulletList(items, p.t("%d more clusters that need action:", "조치가 필요한 클러스터 %d개 더:")));
    }
    if (urgent.size() > DETAILED + LISTED) {
      blocks.add(Paragraph.of(text(perProject(urgent.subList(DETAILED + LISTED, urgent.size())))));
    }
    blocks.addAll(upgradedAnywaySoon(assessments));
    blocks.addAll(comingFromGke(assessments));
    if (!errors.isEmpty()) {
      blocks.add(
          new Heading(
              p.t("Projects that could not be read (", "읽을 수 없는 프로젝트 (")
                  + errors.size()
                  + p.t(")", "개)")));
      List<Item> items = new ArrayList<>();
      errors.entrySet().stream()
          .limit(LISTED_ERRORS)
          .forEach(
              e ->
                  items.add(
                      new Item(List.of(code(e.getKey()), text(": " + e.getValue())), e.getKey())));
      blocks.add(new BulletList(items, p.t("%d more projects:", "프로젝트 %d개 더:")));
      if (errors.size() > LISTED_ERRORS) {
        blocks.add(
            Paragraph.of(
                text(
                    p.t(
                        "… and " + (errors.size() - LISTED_ERRORS) + " more projects.",
                        "… 그 외 프로젝트 " + (errors.size() - LISTED_ERRORS) + "개."))));
      }
    }
    if (urgent.size() > DETAILED) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "Every cluster's commands are in the JSON report of the HTTP check"
                          + " (CheckFunction) for these projects.",
                      "모든 클러스터의 명령어는 이 프로젝트들에 대한 HTTP 점검(CheckFunction)의 JSON 보고서에" + " 있습니다."))));
    }
    return new Message(title(scanId, batch, batches, assessments), worst(assessments), blocks);
  }

  /**
   * What GKE has announced for the coming {@link #SOON_DAYS} days: the starts of node pools'
   * automatic upgrades, and the ends of rollback-safe windows, when a control plane can no longer
   * go back to its earlier minor. The nearest first.
   */
  private List<Block> comingFromGke(List<Assessment> assessments) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant until = now.plus(Duration.ofDays(SOON_DAYS));
    record Coming(Instant at, String cluster, String what) {}
    List<Coming> coming = new ArrayList<>();
    for (Assessment a : assessments) {
      for (NodePoolInfo pool : a.cluster().nodePools()) {
        pool.autoUpgradeStart()
            .filter(t -> t.isAfter(now) && t.isBefore(until))
            .ifPresent(
                t ->
                    coming.add(
                        new Coming(
                            t,
                            name(a),
                            p.t(
                                "GKE starts upgrading node pool " + pool.name(),
                                "노드 풀 " + pool.name() + " GKE 업그레이드 시작"))));
      }
      a.upgradeStatus()
          .info()
          .flatMap(UpgradeInfo::rollbackSafeUntil)
          .filter(t -> t.isAfter(now) && t.isBefore(until))
          .ifPresent(
              t ->
                  coming.add(
                      new Coming(
                          t,
                          name(a),
                          p.t(
                              "the control plane can no longer be rolled back: complete the"
                                  + " upgrade or go back before then",
                              "이후 컨트롤 플레인을 되돌릴 수 없음: 그 전에 업그레이드를 완료하거나 되돌리세요"))));
    }
    if (coming.isEmpty()) {
      return List.of();
    }
    coming.sort(Comparator.comparing(Coming::at).thenComparing(Coming::cluster));
    List<Item> items = new ArrayList<>();
    for (Coming c : coming.subList(0, Math.min(LISTED, coming.size()))) {
      LocalDate day = LocalDate.ofInstant(c.at(), ZoneOffset.UTC);
      items.add(
          new Item(
              List.of(
                  code(c.cluster()),
                  text(
                      " \u2014 " + p.date(day) + " (" + p.relative(day, today) + "): " + c.what())),
              c.cluster()));
    }
    return List.of(
        new Heading(p.t("Coming from GKE (", "GKE가 알린 예정 (") + coming.size() + p.t(")", "개)")),
        new BulletList(items, p.t("%d more:", "%d개 더:")));
  }

  /**
   * The clusters whose end of support, as GKE's answer gives it, is {@link #SOON_DAYS} away or
   * nearer: GKE upgrades them that day, whatever holds them. The nearest first.
   */
  private List<Block> upgradedAnywaySoon(List<Assessment> assessments) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    record Soon(Assessment a, LocalDate day, boolean extended) {}
    List<Soon> soon = new ArrayList<>();
    for (Assessment a : assessments) {
      if (a.upgradeStatus().info().isEmpty()) {
        continue;
      }
      UpgradeInfo info = a.upgradeStatus().info().get();
      boolean extended =
          "EXTENDED".equalsIgnoreCase(a.cluster().releaseChannel())
              && info.endOfExtendedSupport().isPresent();
      (extended ? info.endOfExtendedSupport() : info.endOfStandardSupport())
          .map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC))
          .filter(d -> !d.isBefore(today) && !d.isAfter(today.plusDays(SOON_DAYS)))
          .ifPresent(d -> soon.add(new Soon(a, d, extended)));
    }
    if (soon.isEmpty()) {
      return List.of();
    }
    soon.sort(Comparator.comparing(Soon::day).thenComparing(s -> name(s.a())));
    List<Item> items = new ArrayList<>();
    for (Soon s : soon.subList(0, Math.min(LISTED, soon.size()))) {
      String minor =
          GkeVersion.tryParse(s.a().cluster().controlPlaneVersion())
              .map(GkeVersion::minor)
              .orElse("?");
      String kind = s.extended() ? p.t("extended", "연장") : p.t("standard", "표준");
      List<Span> spans = new ArrayList<>();
      spans.add(code(name(s.a())));
      spans.add(
          text(
              p.t(
                      " — end of " + kind + " support for " + minor + " on ",
                      " — " + minor + " " + kind + " 지원 종료: ")
                  + p.date(s.day())
                  + " ("
                  + p.relative(s.day(), today)
                  + ")"));
      List<String> exclusions =
          s.a().upgradeStatus().holds().stream()
              .filter(h -> h.kind().equals("MAINTENANCE_EXCLUSION"))
              .flatMap(h -> h.name().stream())
              .toList();
      if (!exclusions.isEmpty()) {
        spans.add(text(p.t(", past the exclusion ", ", 유지보수 제외 무시: ")));
        spans.add(UntrustedText.text(String.join(", ", exclusions)));
      }
      items.add(new Item(spans, name(s.a())));
    }
    return List.of(
        new Heading(
            p.t("GKE will upgrade these anyway soon (", "곧 GKE가 어차피 업그레이드할 클러스터 (")
                + soon.size()
                + p.t(")", "개)")),
        new BulletList(items, p.t("%d more clusters:", "클러스터 %d개 더:")));
  }

  /** The answer when the one cluster a request named does not exist. */
  public Message clusterNotFound(String project, String location, String cluster) {
    return new Message(
        p.t("Cluster not found: ", "클러스터를 찾을 수 없음: ") + cluster,
        Verdict.NOT_APPLICABLE,
        List.of(
            Paragraph.of(
                text(
                    p.t(
                        "No cluster "
                            + cluster
                            + " in project "
                            + project
                            + ", location "
                            + location
                            + ". Check the name and the location (a zone or a region).",
                        "프로젝트 "
                            + project
                            + "의 위치 "
                            + location
                            + "에 클러스터 "
                            + cluster
                            + "가 없습니다. 이름과 위치(영역 또는 리전)를 확인하세요.")))));
  }

  private String title(String scanId, int batch, int batches, List<Assessment> assessments) {
    long blocked = count(assessments, Verdict.BLOCKED);
    long atRisk = count(assessments, Verdict.AT_RISK);
    String part;
    if (batches == MORE_BATCHES_FOLLOW) {
      part = p.t(" (batch " + batch + ", more follow)", " (배치 " + batch + ", 이어서 더 있음)");
    } else if (batches > 1) {
      part =
          p.t(" (batch " + batch + " of " + batches + ")", " (배치 " + batch + "/" + batches + ")");
    } else {
      part = "";
    }
    return p.t(
        "Upgrade blocker scan "
            + scanId
            + part
            + ": "
            + blocked
            + " blocked, "
            + atRisk
            + " at risk",
        "업그레이드 차단 요인 점검 " + scanId + part + ": 차단됨 " + blocked + "개, 위험 " + atRisk + "개");
  }

  private String summary(int projects, List<Assessment> a, int errors) {
    return p.t(
        "Scanned "
            + projects
            + (projects == 1 ? " project" : " projects")
            + ": "
            + a.size()
            + " clusters, "
            + count(a, Verdict.BLOCKED)
            + " blocked, "
            + count(a, Verdict.AT_RISK)
            + " at risk, "
            + count(a, Verdict.CLEAR)
            + " clear, "
            + count(a, Verdict.NOT_APPLICABLE)
            + " not applicable (Autopilot); "
            + errors
            + (errors == 1 ? " project" : " projects")
            + " could not be read.",
        "프로젝트 "
            + projects
            + "개 점검: 클러스터 "
            + a.size()
            + "개 중 차단됨 "
            + count(a, Verdict.BLOCKED)
            + "개, 위험 "
            + count(a, Verdict.AT_RISK)
            + "개, 문제 없음 "
            + count(a, Verdict.CLEAR)
            + "개, 해당 없음(Autopilot) "
            + count(a, Verdict.NOT_APPLICABLE)
            + "개. 읽을 수 없는 프로젝트 "
            + errors
            + "개.");
  }

  /** The clusters left after the list, counted per project, at most {@value #COUNTED_PROJECTS}. */
  private String perProject(List<Assessment> rest) {
    Map<String, List<Assessment>> byProject =
        rest.stream()
            .collect(
                Collectors.groupingBy(a -> a.ref().project(), TreeMap::new, Collectors.toList()));
    List<String> parts = new ArrayList<>();
    byProject.entrySet().stream()
        .limit(COUNTED_PROJECTS)
        .forEach(
            e ->
                parts.add(
                    e.getKey()
                        + p.t(": ", ": 차단됨 ")
                        + count(e.getValue(), Verdict.BLOCKED)
                        + p.t(" blocked, ", "개, 위험 ")
                        + count(e.getValue(), Verdict.AT_RISK)
                        + p.t(" at risk", "개")));
    String more =
        byProject.size() > COUNTED_PROJECTS
            ? p.t(
                "; and " + (byProject.size() - COUNTED_PROJECTS) + " more projects",
                "; 그 외 프로젝트 " + (byProject.size() - COUNTED_PROJECTS) + "개")
            : "";
    return p.t(
            rest.size() + " more clusters need action, by project: ",
            "조치가 필요한 클러스터 " + rest.size() + "개 더, 프로젝트별: ")
        + String.join("; ", parts)
        + more
        + ".";
  }

  /** The cluster's commands, blocker by blocker, in as few code blocks as fit. */
  private List<Block> commandBlocks(Assessment a) {
    List<String> commands = new ArrayList<>();
    for (Blocker blocker : a.blockers()) {
      commands.addAll(blockers.digestCommands(blocker));
    }
    List<Block> blocks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (String command : commands) {
      if (chunk.length() > 0 && chunk.length() + 1 + command.length() > MAX_CODE_BLOCK) {
        blocks.add(new CodeBlock(chunk.toString()));
        chunk.setLength(0);
      }
      chunk.append(chunk.length() > 0 ? "\n" : "").append(command);
    }
    if (chunk.length() > 0) {
      blocks.add(new CodeBlock(chunk.toString()));
    }
    return blocks;
  }

  /**
   * What holds the cluster, in brief: {@code default-pool COS → COS_CONTAINERD, auto-provisioning
   * COS → COS_CONTAINERD, Windows Server node pools (containerd 2)}.
   */
  private String inBrief(Assessment a) {
    List<String> parts = new ArrayList<>();
    for (Blocker blocker : a.blockers()) {
      parts.addAll(blockers.inBrief(blocker));
    }
    if (a.insights().status() == InsightsRead.Status.UNAVAILABLE) {
      parts.add(p.t("insights not read", "지원 중단 통계 읽지 못함"));
    }
    return String.join(", ", parts);
  }

  private String verdictWord(Verdict verdict) {
    return switch (verdict) {
      case BLOCKED -> p.t("BLOCKED", "BLOCKED (차단됨)");
      case AT_RISK -> p.t("AT_RISK", "AT_RISK (위험)");
      case CLEAR -> p.t("CLEAR", "CLEAR (문제 없음)");
      case NOT_APPLICABLE -> p.t("NOT_APPLICABLE", "NOT_APPLICABLE (해당 없음)");
    };
  }

  private static String name(Assessment a) {
    return a.ref().project() + "/" + a.ref().location() + "/" + a.ref().name();
  }

  private static long count(List<Assessment> assessments, Verdict verdict) {
    return assessments.stream().filter(a -> a.verdict() == verdict).count();
  }

  /** The verdict sinks style the digest by: the most urgent one found. */
  private static Verdict worst(List<Assessment> assessments) {
    for (Verdict verdict : List.of(Verdict.BLOCKED, Verdict.AT_RISK, Verdict.CLEAR)) {
      if (count(assessments, verdict) > 0) {
        return verdict;
      }
    }
    return assessments.isEmpty() ? Verdict.CLEAR : Verdict.NOT_APPLICABLE;
  }
}
