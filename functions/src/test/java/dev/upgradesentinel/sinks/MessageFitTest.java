package dev.upgradesentinel.sinks;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import dev.upgradesentinel.guidance.TestAssessments;
import dev.upgradesentinel.sinks.chat.GoogleChatRenderer;
import dev.upgradesentinel.sinks.github.GitHubMarkdownRenderer;
import dev.upgradesentinel.sinks.jira.JiraDocumentRenderer;
import dev.upgradesentinel.sinks.teams.AdaptiveCardRenderer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageFitTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String NOTE = "The rest was left out.";

  private static Predicate<Message> plainTextAtMost(int max) {
    return m -> m.plainText().length() <= max;
  }

  private static Message listMessage(int items, Block... after) {
    List<Block.Item> list = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      list.add(new Block.Item(List.of(Span.code("command-for-item-" + i)), "item-" + i));
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(Block.Paragraph.of(Span.text("Before the list.")));
    blocks.add(new Block.BulletList(list, "%d more items:"));
    blocks.addAll(List.of(after));
    return new Message("Title", Verdict.BLOCKED, blocks);
  }

  @Test
  void fit_messageThatFits_isReturnedAsItIs() {
    Message message = listMessage(5);

    assertThat(MessageFit.fit(message, plainTextAtMost(10_000), NOTE)).isSameInstanceAs(message);
  }

  @Test
  void fit_longList_keepsAsManyItemsAsFitAndCountsAndNamesTheRest() {
    Message message = listMessage(200, Block.Paragraph.of(Span.text("After the list.")));

    Message fitted = MessageFit.fit(message, plainTextAtMost(2_000), NOTE);

    String text = fitted.plainText();
    assertThat(text.length()).isAtMost(2_000);
    int shown = (int) Stream.of(text.split("\n")).filter(l -> l.startsWith("- command")).count();
    assertThat(shown).isAtLeast(MessageFit.MIN_ITEMS);
    assertThat(text)
        .contains((200 - shown) + " more items:\nitem-" + shown + ", item-" + (shown + 1));
    // The blocks after the list are kept: the list gave way first.
    assertThat(text).contains("After the list.");
    assertThat(text).doesNotContain(NOTE);
    // The room is used: one more item (about 25 characters) would not have fitted.
    assertThat(text.length()).isGreaterThan(2_000 - 50);
  }

  @Test
  void fit_listAtItsShortestStillTooLong_leavesOutTheLastBlocksWithANote() {
    Block huge = Block.Paragraph.of(Span.text("x".repeat(5_000)));
    Message message = listMessage(200, huge);

    Message fitted = MessageFit.fit(message, plainTextAtMost(3_000), NOTE);

    String text = fitted.plainText();
    assertThat(text.length()).isAtMost(3_000);
    assertThat(text).doesNotContain("xxxxx");
    assertThat(text).endsWith(NOTE);
    // The list grew back into the room the left-out block freed.
    long shown = Stream.of(text.split("\n")).filter(l -> l.startsWith("- command")).count();
    assertThat(shown).isGreaterThan(MessageFit.MIN_ITEMS);
  }

  @Test
  void fit_manyNamesLeftOut_namesAreCutAndTheCountStaysWhole() {
    Message message = listMessage(2_000);

    Message fitted = MessageFit.fit(message, plainTextAtMost(3_000), NOTE);

    String summary =
        fitted.blocks().stream()
            .map(Block::plainText)
            .filter(t -> t.contains("more items:"))
            .findFirst()
            .orElseThrow();
    assertThat(summary).endsWith("…");
    assertThat(summary.length()).isAtMost(MessageFit.MAX_SUMMARY_NAMES + 40);
  }

  static Stream<Arguments> sinks() {
    return Stream.of(
        Arguments.of(
            "Jira",
            (Function<Message, String>) m -> new JiraDocumentRenderer().render(m).toString()),
        Arguments.of(
            "Google Chat",
            (Function<Message, String>) m -> new GoogleChatRenderer().render(m).toString()),
        Arguments.of(
            "Teams",
            (Function<Message, String>) m -> new AdaptiveCardRenderer().render(m).toString()),
        Arguments.of(
            "GitHub", (Function<Message, String>) m -> new GitHubMarkdownRenderer().render(m)));
  }

  /** 120 pools, 101 of them on Docker images: the case where tickets and cards named no pool. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sinks")
  void render_clusterWith101DockerPools_namesFirstPoolsWithCommandsAndCountsTheRest(
      String sink, Function<Message, String> render) {
    for (Language language : Language.values()) {
      Message message =
          new GuidanceRenderer(language, CLOCK).render(TestAssessments.withPools("big", 101));

      String payload = render.apply(message);

      assertThat(payload).contains("--node-pool=pool-0 --image-type=COS_CONTAINERD");
      assertThat(payload).contains("--node-pool=pool-1 --image-type=UBUNTU_CONTAINERD");
      int shown = 0;
      while (payload.contains("--node-pool=pool-" + shown + " ")) {
        shown++;
      }
      assertThat(shown).isAtLeast(MessageFit.MIN_ITEMS);
      if (shown < 101) {
        String more =
            language == Language.KO
                ? "노드 풀 " + (101 - shown) + "개 더"
                : (101 - shown) + " more node pools";
        assertThat(payload).contains(more);
        assertThat(payload).contains("pool-" + shown + " → ");
      }
    }
  }
}
