package dev.upgradesentinel.guidance;

import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.BulletinPatch;
import dev.upgradesentinel.assess.Commands;
import dev.upgradesentinel.assess.GkeVersion;
import dev.upgradesentinel.guidance.Block.BulletList;
import dev.upgradesentinel.guidance.Block.CodeBlock;
import dev.upgradesentinel.guidance.Block.Heading;
import dev.upgradesentinel.guidance.Block.Item;
import dev.upgradesentinel.guidance.Block.Paragraph;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GKE's own answer about a cluster's upgrades, in words: the status, each hold with the policy
 * behind it and the day it ends, the targets, the support dates against today, the last upgrade;
 * where GKE and the blockers disagree, that too. Or, when it was not read, why.
 */
final class UpgradeStatusGuidance {
  /** The reason of a status nobody asked for: a message says nothing about it. */
  private static final String NOT_ASKED = "not asked for";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final Phrasing p;

  UpgradeStatusGuidance(Phrasing p) {
    this.p = p;
  }

  /**
   * The sentence that says GKE's status was not read and why; empty when it was read, or was not
   * asked for at all.
   */
  Optional<Block> unreadNote(Assessment a) {
    UpgradeStatus status = a.upgradeStatus();
    if (status.info().isPresent() || status.reason().equals(NOT_ASKED)) {
      return Optional.empty();
    }
    return Optional.of(
        Paragraph.of(
            text(p.t("GKE's own upgrade status was not read (", "GKE의 업그레이드 상태를 읽지 못했습니다(")),
            UntrustedText.text(status.reason()),
            text(
                p.t(
                    "): the verdict comes from this tool's checks alone.",
                    "). 판정은 이 도구의 검사만으로 내렸습니다."))));
  }

  /** The section with GKE's answer; empty when it was not read. */
  List<Block> blocks(Assessment a, LocalDate today) {
    UpgradeStatus status = a.upgradeStatus();
    if (status.info().isEmpty()) {
      return List.of();
    }
    UpgradeInfo info = status.info().get();
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Heading(p.t("What GKE says about upgrades", "GKE가 알려 주는 업그레이드 상태")));
    List<Item> items = new ArrayList<>();
    items.add(Item.of(text(p.t("Automatic upgrades: ", "자동 업그레이드: ") + statusWords(info))));
    for (Hold hold : status.holds()) {
      items.add(hold(hold, today));
    }
    for (String reason : info.pausedReasons()) {
      if (status.holds().stream().noneMatch(h -> h.pausedReason().equals(reason))) {
        items.add(
            Item.of(
                text(p.t("Paused for ", "일시중지 사유: ")),
                UntrustedText.text(reason),
                text(p.t(" (as GKE gave it)", " (GKE가 준 그대로)"))));
      }
    }
    for (NodePoolInfo pool : a.cluster().nodePools()) {
      UpgradeInfo answer = status.pools().get(pool.name());
      if (answer == null && !pool.exclusionUntilEndOfSupport()) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      if (answer != null) {
        parts.add(p.t("automatic upgrades ", "자동 업그레이드 ") + statusWords(answer));
        if (!answer.pausedReasons().isEmpty()) {
          parts.add(
              p.t("paused for ", "일시중지 사유: ")
                  + UntrustedText.defanged(String.join(", ", answer.pausedReasons())));
        }
        answer
            .patchTargetVersion()
            .ifPresent(v -> parts.add(p.t("patch target ", "패치 대상 ") + UntrustedText.defanged(v)));
      }
      if (pool.exclusionUntilEndOfSupport()) {
        parts.add(
            pool.exclusionEnd()
                .map(
                    t ->
                        p.t(
                            "its own maintenance exclusion until the end of support, "
                                + moment(t, today),
                            "자체 유지보수 제외: 지원 종료일(" + moment(t, today) + ")까지"))
                .orElse(
                    p.t(
                        "its own maintenance exclusion until the end of support",
                        "자체 유지보수 제외: 지원 종료일까지")));
      }
      items.add(
          Item.of(
              text(p.t("Node pool ", "노드 풀 ")),
              UntrustedText.text(pool.name()),
              text(
                  " ("
                      + UntrustedText.defanged(pool.version())
                      + "): "
                      + String.join("; ", parts))));
    }
    targets(info).ifPresent(items::add);
    support(a, info, today).ifPresent(items::add);
    info.lastUpgrade().map(u -> lastUpgrade(u, today)).ifPresent(items::add);
    info.rollbackSafeUntil()
        .ifPresent(
            until ->
                items.add(
                    Item.of(
                        text(
                            p.t(
                                "The control plane is in rollback-safe mode until "
                                    + moment(until, today),
                                "컨트롤 플레인이 롤백 안전 모드이며 "
                                    + moment(until, today)
                                    + "까지 이전 버전으로 되돌릴 수 있습니다")))));
    blocks.add(new BulletList(items, ""));
    status
        .derivedFrom()
        .ifPresent(
            from ->
                blocks.add(
                    Paragraph.of(
                        text(
                            p.t(
                                "Derived from GKE's answer for ",
                                "같은 위치, 버전, 출시 채널의 다른 클러스터에 대한 GKE의 답변에서 추정했습니다: ")),
                        UntrustedText.text(from),
                        text(
                            p.t(
                                ", in the same location, version and release channel: it cannot"
                                    + " see GKE's own pauses (SYSTEM_CONFIG), the window and budget"
                                    + " as GKE applies them, or this cluster's last upgrade.",
                                ". GKE 자체 일시중지(SYSTEM_CONFIG), GKE가 적용하는 기간과 예산, 이 클러스터의 최근 업그레이드는"
                                    + " 알 수 없습니다.")))));
    blocks.addAll(disagreement(a, info, status));
    return blocks;
  }

  /**
   * What a security bulletin means for this cluster ({@link BulletinPatch}): patched, arriving by
   * itself and when, held by a {@code NO_UPGRADES} exclusion and until when, or not in GKE's patch
   * target yet, with the manual upgrade where one is needed. Empty for any other notification, or
   * when GKE's answer was not read.
   */
  List<Block> bulletin(Assessment a, Instant now) {
    if (!(a.trigger() instanceof GkeEvent.SecurityBulletin bulletin)) {
      return List.of();
    }
    Optional<BulletinPatch> found = BulletinPatch.of(bulletin, a.cluster(), a.upgradeStatus(), now);
    if (found.isEmpty()) {
      return List.of();
    }
    BulletinPatch patch = found.get();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String minor =
        GkeVersion.tryParse(a.cluster().controlPlaneVersion()).map(GkeVersion::minor).orElse("");
    String fix = patch.fix().orElse("");
    String target = UntrustedText.defanged(patch.patchTarget().orElse(p.t("none", "없음")));
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Heading(p.t("This bulletin and this cluster", "이 보안 게시판과 이 클러스터")));
    switch (patch.state()) {
      case NO_PATCH_FOR_MINOR ->
          blocks.add(
              Paragraph.of(
                  text(
                      p.t(
                          "The bulletin lists no patched version of "
                              + minor
                              + ": the fix needs another minor.",
                          "보안 게시판에 " + minor + "의 패치 버전이 없습니다. 다른 부 버전으로 업그레이드해야 수정됩니다."))));
      case PATCHED ->
          blocks.add(
              Paragraph.of(
                  text(
                      p.t(
                          "The control plane runs "
                              + a.cluster().controlPlaneVersion()
                              + ", at or above the patched version "
                              + fix
                              + ". Check the node pools' versions too.",
                          "컨트롤 플레인이 패치 버전 "
                              + fix
                              + " 이상인 "
                              + a.cluster().controlPlaneVersion()
                              + "을(를) 실행 중입니다. 노드 풀 버전도 확인하세요."))));
      case NOT_IN_TARGET ->
          blocks.add(
              Paragraph.of(
                  text(
                      p.t(
                          "GKE's patch target ("
                              + target
                              + ") does not include the fix ("
                              + fix
                              + ") yet: upgrade by hand once "
                              + fix
                              + " is available to the cluster:",
                          "GKE의 패치 대상("
                              + target
                              + ")에 아직 수정 버전("
                              + fix
                              + ")이 포함되지 않았습니다. 클러스터에서 "
                              + fix
                              + "을(를) 쓸 수 있게 되면 직접 업그레이드하세요."))));
      case NO_TARGET ->
          blocks.add(
              Paragraph.of(
                  text(
                      p.t(
                          "GKE names no patch target for the cluster, so whether the fix ("
                              + fix
                              + ") arrives by itself cannot be told; to have it now, upgrade by"
                              + " hand once it is available to the cluster:",
                          "GKE가 클러스터의 패치 대상을 알려 주지 않아 수정 버전("
                              + fix
                              + ")이 자동으로 적용될지 알 수 없습니다. 지금 적용하려면 클러스터에서 쓸 수 있게 되었을 때 직접"
                              + " 업그레이드하세요."))));
      case HELD -> {
        Hold hold = patch.holding().orElseThrow();
        String until = hold.until().map(t -> moment(t, today)).orElse("");
        blocks.add(
            Paragraph.of(
                text(
                    p.t(
                        "GKE's patch target "
                            + target
                            + " includes the fix ("
                            + fix
                            + "), but the maintenance exclusion \u201c",
                        "GKE의 패치 대상 " + target + "에 수정 버전(" + fix + ")이 포함되지만 유지보수 제외 \u201c")),
                UntrustedText.text(hold.name().orElse("?")),
                text(
                    p.t(
                        "\u201d (NO_UPGRADES) holds it"
                            + (until.isEmpty() ? "" : " until " + until)
                            + ": upgrade by hand with:",
                        "\u201d(NO_UPGRADES)가 "
                            + (until.isEmpty() ? "" : until + "까지 ")
                            + "막고 있습니다. 다음 명령어로 직접 업그레이드하세요."))));
      }
      case ARRIVES -> {
        String when =
            patch
                .nextWindow()
                .map(
                    t ->
                        p.t(
                            "in the next maintenance window, " + moment(t, today),
                            "다음 유지보수 기간(" + moment(t, today) + ")에"))
                .orElse(p.t("with GKE's next automatic patch upgrade", "GKE의 다음 자동 패치 업그레이드 때"));
        String minorOnly =
            patch.minorOnlyExclusion()
                ? p.t(
                    " The cluster's exclusion holds minor upgrades only, not this patch.",
                    " 클러스터의 유지보수 제외는 부 버전 업그레이드만 막고 이 패치는 막지 않습니다.")
                : "";
        blocks.add(
            Paragraph.of(
                text(
                    p.t(
                        "GKE's patch target "
                            + target
                            + " includes the fix ("
                            + fix
                            + "): it arrives by itself "
                            + when
                            + "."
                            + minorOnly,
                        "GKE의 패치 대상 "
                            + target
                            + "에 수정 버전("
                            + fix
                            + ")이 포함되어 "
                            + when
                            + " 자동으로 적용됩니다."
                            + minorOnly))));
      }
    }
    if ((patch.state().needsAction() || patch.state() == BulletinPatch.State.NO_TARGET)
        && !patch.command().isEmpty()) {
      blocks.add(new CodeBlock(patch.command()));
    }
    return blocks;
  }

  /** The status as GKE gave it, in words where the value is known. */
  private String statusWords(UpgradeInfo info) {
    if (info.autoUpgradeStatus().isEmpty()) {
      return p.t("not given", "알 수 없음");
    }
    List<String> words = new ArrayList<>();
    for (String status : info.autoUpgradeStatus()) {
      words.add(
          switch (status) {
            case "ACTIVE" -> p.t("active", "활성");
            case "MINOR_UPGRADE_PAUSED" ->
                p.t("minor upgrades paused (patches still arrive)", "부 버전 업그레이드 일시중지 (패치는 계속 적용)");
            case "UPGRADE_PAUSED" -> p.t("all paused", "모두 일시중지");
            default -> UntrustedText.defanged(status) + p.t(" (as GKE gave it)", " (GKE가 준 그대로)");
          });
    }
    return String.join(", ", words);
  }

  Item hold(Hold hold, LocalDate today) {
    String until = hold.until().map(t -> moment(t, today)).orElse("");
    return switch (hold.kind()) {
      case "MAINTENANCE_EXCLUSION" -> exclusion(hold, today);
      case "MAINTENANCE_WINDOW" ->
          Item.of(
              text(
                  until.isEmpty()
                      ? p.t(
                          "Outside the maintenance window, and no coming window could be worked"
                              + " out from its recurrence",
                          "유지보수 기간 밖이며, 반복 규칙에서 다음 기간을 계산할 수 없습니다")
                      : p.t(
                          "Outside the maintenance window: the next one opens " + until,
                          "유지보수 기간 밖: 다음 기간은 " + until + "에 시작합니다")));
      case "DISRUPTION_BUDGET" -> {
        boolean minor = hold.pausedReason().endsWith("_MINOR_UPGRADE");
        String what = minor ? p.t("minor", "부 버전") : p.t("patch", "패치");
        yield Item.of(
            text(
                until.isEmpty()
                    ? p.t(
                        "The cluster disruption budget holds the next " + what + " upgrade",
                        "클러스터 중단 예산이 다음 " + what + " 업그레이드를 보류합니다")
                    : p.t(
                        "The cluster disruption budget allows the next "
                            + what
                            + " upgrade from "
                            + until,
                        "클러스터 중단 예산에 따라 다음 " + what + " 업그레이드는 " + until + "부터 가능합니다")));
      }
      default ->
          Item.of(
              text(
                  p.t(
                      "GKE's own system configuration (SYSTEM_CONFIG): nothing in the cluster's"
                          + " policy causes it. Ask Google Cloud support why automatic upgrades"
                          + " are paused, naming the cluster.",
                      "GKE 자체 시스템 구성(SYSTEM_CONFIG): 클러스터의 정책 때문이 아닙니다. 클러스터 이름과 함께"
                          + " 자동 업그레이드가 일시중지된 이유를 Google Cloud 지원팀에 문의하세요.")));
    };
  }

  private Item exclusion(Hold hold, LocalDate today) {
    String scope = hold.scope().orElse("");
    String scopeWords =
        switch (scope) {
          case "NO_UPGRADES" -> p.t("no upgrades at all", "모든 업그레이드 차단");
          case "NO_MINOR_UPGRADES" ->
              p.t("no minor upgrades, patches allowed", "부 버전 업그레이드만 차단, 패치 허용");
          case "NO_MINOR_OR_NODE_UPGRADES" ->
              p.t(
                  "no minor or node upgrades, control plane patches allowed",
                  "부 버전과 노드 업그레이드 차단, 컨트롤 플레인 패치 허용");
          default -> UntrustedText.defanged(scope);
        };
    String until;
    if (hold.untilEndOfSupport()) {
      until =
          hold.until()
              .map(
                  t ->
                      p.t(
                          " until the end of support, " + moment(t, today),
                          ", 지원 종료일(" + moment(t, today) + ")까지"))
              .orElse(p.t(" until the end of support", ", 지원 종료일까지"));
    } else {
      until =
          hold.until()
              .map(t -> p.t(" until " + moment(t, today), ", " + moment(t, today) + "까지"))
              .orElse("");
    }
    List<Span> spans = new ArrayList<>();
    if (hold.name().isPresent()) {
      spans.add(text(p.t("Maintenance exclusion \u201c", "유지보수 제외 \u201c")));
      spans.add(UntrustedText.text(hold.name().get()));
      spans.add(text("\u201d (" + scopeWords + ")" + until));
    } else {
      spans.add(
          text(
              p.t(
                  "A maintenance exclusion ("
                      + scopeWords
                      + ") that the cluster's policy as read does not show",
                  "읽어 온 클러스터 정책에는 보이지 않는 유지보수 제외(" + scopeWords + ")")));
    }
    return new Item(spans, p.t("Maintenance exclusion", "유지보수 제외"));
  }

  private Optional<Item> targets(UpgradeInfo info) {
    List<String> parts = new ArrayList<>();
    info.minorTargetVersion()
        .ifPresent(v -> parts.add(p.t("minor ", "부 버전 ") + UntrustedText.defanged(v)));
    info.patchTargetVersion()
        .ifPresent(v -> parts.add(p.t("patch ", "패치 ") + UntrustedText.defanged(v)));
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Item.of(
            text(p.t("Automatic upgrade targets: ", "자동 업그레이드 대상: ") + String.join(", ", parts))));
  }

  private Optional<Item> support(Assessment a, UpgradeInfo info, LocalDate today) {
    if (info.endOfStandardSupport().isEmpty() && info.endOfExtendedSupport().isEmpty()) {
      return Optional.empty();
    }
    String minor =
        GkeVersion.tryParse(a.cluster().controlPlaneVersion()).map(GkeVersion::minor).orElse("");
    String of = minor.isEmpty() ? "" : p.t(" of " + minor, " " + minor);
    List<String> parts = new ArrayList<>();
    info.endOfStandardSupport()
        .ifPresent(
            t ->
                parts.add(
                    p.t(
                        "standard support" + of + " ends " + day(t, today),
                        of.strip() + " 표준 지원 종료: " + day(t, today))));
    info.endOfExtendedSupport()
        .ifPresent(
            t ->
                parts.add(
                    p.t("extended support ends " + day(t, today), "연장 지원 종료: " + day(t, today))));
    String text = String.join("; ", parts);
    return Optional.of(Item.of(text(Character.toUpperCase(text.charAt(0)) + text.substring(1))));
  }

  private Item lastUpgrade(UpgradeInfo.Upgrade upgrade, LocalDate today) {
    String started =
        upgrade.startTime().map(t -> p.t(", started ", ", 시작: ") + day(t, today)).orElse("");
    return Item.of(
        text(p.t("Last upgrade: ", "최근 업그레이드: ")),
        UntrustedText.text(
            upgrade.state()
                + ", "
                + upgrade.initialVersion()
                + " \u2192 "
                + upgrade.targetVersion()),
        text(started));
  }

  /**
   * What the message says when GKE's answer and the blockers disagree: a minor pause that neither
   * the policy nor a blocker explains, or deprecation insights on a cluster GKE upgrades.
   */
  private List<Block> disagreement(Assessment a, UpgradeInfo info, UpgradeStatus status) {
    boolean minorPaused = info.autoUpgradeStatus().contains("MINOR_UPGRADE_PAUSED");
    boolean policyExplains =
        status.holds().stream().anyMatch(h -> !h.kind().equals("SYSTEM_CONFIG"));
    if (minorPaused && !policyExplains && a.blockers().isEmpty()) {
      ClusterRef ref = a.ref();
      return List.of(
          Paragraph.of(
              text(
                  p.t(
                      "GKE pauses minor upgrades, yet neither the cluster's maintenance policy nor"
                          + " any check of this tool explains it: the cause is GKE's own system"
                          + " configuration (SYSTEM_CONFIG) or a deprecation insight this tool"
                          + " cannot see. Look with these commands, or ask Google Cloud support:",
                      "GKE가 부 버전 업그레이드를 일시중지했지만 클러스터의 유지보수 정책도 이 도구의 검사도 그 이유를"
                          + " 설명하지 못합니다. 원인은 GKE 자체 시스템 구성(SYSTEM_CONFIG)이거나 이 도구가 볼 수"
                          + " 없는 지원 중단 통계입니다. 다음 명령어로 확인하거나 Google Cloud 지원팀에 문의하세요."))),
          new CodeBlock(
              Commands.getUpgradeInfo(ref) + "\n" + Commands.listDeprecationInsights(ref)));
    }
    boolean active = !info.autoUpgradeStatus().isEmpty() && !info.paused();
    List<String> insights =
        a.blockers().stream()
            .filter(Blocker.DeprecatedFeature.class::isInstance)
            .map(b -> ((Blocker.DeprecatedFeature) b).insight().subtype())
            .distinct()
            .toList();
    if (active && !insights.isEmpty()) {
      return List.of(
          Paragraph.of(
              text(
                  p.t(
                      "GKE reports automatic upgrades active, so the deprecation insight ",
                      "GKE는 자동 업그레이드가 활성이라고 보고하므로 지원 중단 통계 ")),
              UntrustedText.text(String.join(", ", insights)),
              text(
                  p.t(
                      " no longer holds the upgrade. What it found may still be in use: check it"
                          + " before the next minor arrives.",
                      "은(는) 더 이상 업그레이드를 막고 있지 않습니다. 발견된 항목은 아직 사용 중일 수 있으니 다음 부 버전이"
                          + " 적용되기 전에 확인하세요."))));
    }
    return List.of();
  }

  /** A day, said against today: {@code 2027-02-15 (in 70 days)}. */
  private String day(Instant t, LocalDate today) {
    LocalDate date = LocalDate.ofInstant(t, ZoneOffset.UTC);
    return p.date(date) + " (" + p.relative(date, today) + ")";
  }

  /** A moment to the minute in UTC, said against today. */
  String moment(Instant t, LocalDate today) {
    LocalDate date = LocalDate.ofInstant(t, ZoneOffset.UTC);
    return p.date(date)
        + " "
        + TIME.format(t.atOffset(ZoneOffset.UTC))
        + " UTC ("
        + p.relative(date, today)
        + ")";
  }
}
