package dev.upgradesentinel.guidance;

import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.EndOfSupport;
import dev.upgradesentinel.guidance.Block.BulletList;
import dev.upgradesentinel.guidance.Block.CodeBlock;
import dev.upgradesentinel.guidance.Block.Heading;
import dev.upgradesentinel.guidance.Block.Item;
import dev.upgradesentinel.guidance.Block.Paragraph;
import dev.upgradesentinel.model.Hold;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The guidance of {@link Blocker.EndOfSupportUpgrade}: the day GKE upgrades the cluster whatever
 * holds it, what collides with it, and what to do first.
 */
final class EndOfSupportGuidance {
  private final Phrasing p;

  EndOfSupportGuidance(Phrasing p) {
    this.p = p;
  }

  String summary(Blocker.EndOfSupportUpgrade blocker) {
    EndOfSupport eos = blocker.endOfSupport();
    String date = p.date(eos.date());
    return eos.extended()
        ? p.t(
            "End of extended support for " + eos.minor() + " on " + date + ": GKE upgrades anyway",
            eos.minor() + " 연장 지원 종료(" + date + "): GKE가 그날 업그레이드합니다")
        : p.t(
            "End of standard support for " + eos.minor() + " on " + date + ": GKE upgrades anyway",
            eos.minor() + " 표준 지원 종료(" + date + "): GKE가 그날 업그레이드합니다");
  }

  List<Block> blocks(Blocker.EndOfSupportUpgrade blocker, LocalDate today) {
    EndOfSupport eos = blocker.endOfSupport();
    String date = p.date(eos.date()) + " (" + p.relative(eos.date(), today) + ")";
    String kind = eos.extended() ? p.t("extended", "연장") : p.t("standard", "표준");
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Heading(summary(blocker)));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "GKE ends "
                        + kind
                        + " support for "
                        + eos.minor()
                        + " on "
                        + date
                        + ". That day it upgrades the cluster to a supported minor, past the"
                        + " pauses that hold it now.",
                    "GKE의 "
                        + eos.minor()
                        + " "
                        + kind
                        + " 지원이 "
                        + date
                        + "에 종료됩니다. 그날 GKE는 지금 업그레이드를 막고 있는 일시중지와 관계없이 클러스터를 지원되는 부"
                        + " 버전으로 업그레이드합니다."))));
    if (!blocker.exclusions().isEmpty()) {
      List<Item> items = new ArrayList<>();
      for (Hold hold : blocker.exclusions()) {
        items.add(exclusion(hold, today));
      }
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "These maintenance exclusions last until then, so GKE upgrades nothing"
                          + " before that day, and then all at once on its day rather than in a"
                          + " window you chose:",
                      "다음 유지보수 제외가 그날까지 유지되므로 GKE는 그 전에는 아무것도 업그레이드하지 않고, 그날 여러분이 고른 기간이"
                          + " 아니라 GKE가 정한 날에 한꺼번에 업그레이드합니다."))));
      blocks.add(new BulletList(items, ""));
    }
    if (blocker.blockersOpen()) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "The other blockers of this cluster are still open: the upgrade that day"
                          + " goes ahead anyway, and what depends on them breaks.",
                      "이 클러스터의 다른 차단 요인이 아직 해결되지 않았습니다. 그날 업그레이드는 그대로 진행되고, 그에 의존하는 부분은"
                          + " 중단됩니다."))));
    }
    blocks.add(
        Paragraph.of(
            text(
                blocker.exclusionCommands().isEmpty()
                    ? p.t(
                        "Act first: clear the blockers, then upgrade by hand at a time you choose:",
                        "먼저 조치하세요. 차단 요인을 해결한 뒤 원하는 시간에 직접 업그레이드하세요.")
                    : p.t(
                        "Act first: test, then upgrade by hand at a time you choose, or remove the"
                            + " exclusion so GKE upgrades in your maintenance window before that"
                            + " day:",
                        "먼저 조치하세요. 테스트한 뒤 원하는 시간에 직접 업그레이드하거나, 유지보수 제외를 삭제해 그날 전에 유지보수"
                            + " 기간 안에서 GKE가 업그레이드하게 하세요."))));
    List<String> commands = new ArrayList<>();
    commands.add(blocker.upgradeCommand());
    commands.addAll(blocker.exclusionCommands());
    blocks.add(new CodeBlock(String.join("\n", commands)));
    return blocks;
  }

  private Item exclusion(Hold hold, LocalDate today) {
    String until =
        hold.untilEndOfSupport()
            ? p.t("until the end of support", "지원 종료일까지")
            : hold.until()
                .map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC))
                .map(d -> p.t("until ", "") + p.date(d) + p.t("", "까지"))
                .orElse("");
    List<Span> spans = new ArrayList<>();
    spans.add(text("\u201c"));
    spans.add(UntrustedText.text(hold.name().orElse("?")));
    spans.add(text("\u201d (" + hold.scope().orElse("") + "), " + until));
    return new Item(spans, hold.name().map(UntrustedText::defanged).orElse("?"));
  }
}
