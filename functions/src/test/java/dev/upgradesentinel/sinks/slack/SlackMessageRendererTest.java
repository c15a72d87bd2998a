package dev.upgradesentinel.sinks.slack;

import static com.google.common.truth.Truth.assertThat;
import static dev.upgradesentinel.guidance.Span.bold;
import static dev.upgradesentinel.guidance.Span.code;
import static dev.upgradesentinel.guidance.Span.link;
import static dev.upgradesentinel.guidance.Span.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.TestAssessments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackMessageRendererTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC);
  private static final String HOSTILE =
      "<!channel> <@U123> <https://evil.example|click> *bold* _it_ ~st~ `tick` & co";

  private final SlackMessageRenderer renderer = new SlackMessageRenderer();

  private static Message message(Block... blocks) {
    return new Message("Title", Verdict.BLOCKED, List.of(blocks));
  }

  private static List<JsonObject> blocks(JsonObject json) {
    List<JsonObject> blocks = new ArrayList<>();
    json.getAsJsonArray("blocks").forEach(b -> blocks.add(b.getAsJsonObject()));
    return blocks;
  }

  /** Every mrkdwn or plain_text string in the blocks. */
  private static List<String> texts(JsonObject json) {
    List<String> texts = new ArrayList<>();
    for (JsonObject block : blocks(json)) {
      if (block.has("text")) {
        texts.add(block.getAsJsonObject("text").get("text").getAsString());
      }
      if (block.has("fields")) {
        for (JsonElement field : block.getAsJsonArray("fields")) {
          texts.add(field.getAsJsonObject().get("text").getAsString());
        }
      }
    }
    return texts;
  }

  @Test
  void render_message_hasHeaderSectionsAndFallbackText() {
    JsonObject json =
        renderer.render(
            message(
                new Block.Heading("Pools"), Block.Paragraph.of(text("Run "), code("crictl ps"))));

    List<JsonObject> blocks = blocks(json);
    assertThat(blocks).hasSize(3);
    assertThat(blocks.get(0).get("type").getAsString()).isEqualTo("header");
    assertThat(blocks.get(0).getAsJsonObject("text").get("type").getAsString())
        .isEqualTo("plain_text");
    assertThat(blocks.get(0).getAsJsonObject("text").get("text").getAsString()).isEqualTo("Title");
    JsonObject paragraph = blocks.get(2).getAsJsonObject("text");
    assertThat(paragraph.get("type").getAsString()).isEqualTo("mrkdwn");
    assertThat(paragraph.get("verbatim").getAsBoolean()).isTrue();
    assertThat(paragraph.get("text").getAsString()).isEqualTo("Run `crictl ps`");
    assertThat(texts(json).get(1)).isEqualTo("*Pools*");
    assertThat(json.get("text").getAsString()).isEqualTo("Title\n\n== Pools ==\n\nRun crictl ps");
  }

  @Test
  void render_hostileText_cannotMentionLinkOrFormat() {
    JsonObject json =
        renderer.render(
            new Message(
                HOSTILE,
                Verdict.BLOCKED,
                List.of(
                    Block.Paragraph.of(text(HOSTILE), bold(HOSTILE)),
                    Block.BulletList.of(Block.Item.of(code(HOSTILE))),
                    new Block.CodeBlock(HOSTILE + "\n```"),
                    new Block.Fields(List.of(new Block.Field(HOSTILE, text(HOSTILE)))))));

    // Everything but the plain_text header, and the fallback text.
    List<String> mrkdwn = new ArrayList<>(texts(json).subList(1, texts(json).size()));
    mrkdwn.add(json.get("text").getAsString());
    for (String text : mrkdwn) {
      assertThat(text).doesNotContain("<!");
      assertThat(text).doesNotContain("<@");
      assertThat(text).doesNotContain("<http");
      assertThat(text).contains("&lt;!channel&gt;");
      assertThat(text).contains("&amp; co");
    }
    String paragraph = mrkdwn.get(0);
    assertThat(paragraph)
        .startsWith(
            "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; ∗bold∗ ˍitˍ ∼st∼"
                + " ˋtickˋ &amp; co*");
    // Inside code only the backtick would matter, and it is replaced.
    String listItem = mrkdwn.get(1);
    assertThat(listItem)
        .isEqualTo(
            "• `&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; *bold* _it_ ~st~"
                + " ˋtickˋ &amp; co`");
    assertThat(mrkdwn.get(2)).endsWith("\nˋˋˋ```");
    // The header is plain_text, which Slack never parses.
    assertThat(texts(json).get(0)).isEqualTo(HOSTILE);
  }

  @Test
  void render_marksInsideWords_areKeptSoIdentifiersStayPasteable() {
    JsonObject json =
        renderer.render(message(Block.Paragraph.of(text("AT_RISK COS_CONTAINERD a*b ~x _y_"))));

    String paragraph = texts(json).get(1);
    assertThat(paragraph).startsWith("AT_RISK COS_CONTAINERD a*b ∼x ˍyˍ");
    assertThat(json.get("text").getAsString()).contains("AT_RISK COS_CONTAINERD");
  }

  @Test
  void render_links_onlyWebUrlsBecomeLinks() {
    JsonObject json =
        renderer.render(
            message(
                Block.Paragraph.of(
                    link("https://console.cloud.google.com/x?a=1&b=|2", "Open *console*"),
                    text(" / "),
                    link("javascript:alert(1)", "bulletin"))));

    assertThat(texts(json).get(1))
        .isEqualTo("<https://console.cloud.google.com/x?a=1&amp;b=%7C2|Open ∗console∗> / bulletin");
  }

  @Test
  void render_realGuidanceInBothLanguages_fitsSlackLimits() {
    for (Language language : Language.values()) {
      Message message =
          new GuidanceRenderer(language, CLOCK).render(TestAssessments.blockedByControlPlane());

      JsonObject json = renderer.render(message);

      assertWithinLimits(json);
      assertThat(String.join("\n", texts(json)))
          .contains("--node-pool=batch --image-type=UBUNTU_CONTAINERD");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 200, 2000})
  void render_manyDockerPools_staysWithinLimitsAndAccountsForEveryPool(int pools) {
    Message message =
        new GuidanceRenderer(Language.EN, CLOCK).render(TestAssessments.withPools("c", pools));

    JsonObject json = renderer.render(message);

    assertWithinLimits(json);
    String all = String.join("\n", texts(json));
    // The first pool is always shown in full, with its command.
    assertThat(all).contains("--node-pool=pool-0 --image-type=COS_CONTAINERD");
    // The guidance after the list survives.
    assertThat(all).contains("container-runtime");
    int shownInFull = all.split("• `pool-").length - 1;
    if (shownInFull < pools) {
      assertThat(all).contains((pools - shownInFull) + " more node pools");
      assertThat(all).contains("pool-" + shownInFull + " → ");
    }
  }

  /**
   * Lists are split into sections as full as Slack allows. The second section starts with one
   * 1,500-character line and can take exactly one more of 1,500 with the newline between them
   * (3,001): that must start a third section.
   */
  @Test
  void render_listChunkAfterTheFirst_countsItsSeparatorAndStaysWithinSlackLimit() {
    List<Block.Item> items =
        List.of(
            Block.Item.of(text("a".repeat(1_998))),
            Block.Item.of(text("b".repeat(1_498))),
            Block.Item.of(text("c".repeat(1_498))));
    Message message = new Message("t", Verdict.BLOCKED, List.of(new Block.BulletList(items, "")));

    JsonObject json = renderer.render(message);

    assertWithinLimits(json);
    assertThat(blocks(json)).hasSize(4);
  }

  @Test
  void render_thousandPoolsInKorean_summarisesRestWithCountAndNames() {
    Message message =
        new GuidanceRenderer(Language.KO, CLOCK).render(TestAssessments.withPools("c", 1000));

    List<String> texts = texts(renderer.render(message));

    String all = String.join("\n", texts);
    int shownInFull = all.split("• `pool-").length - 1;
    String overflow = texts.stream().filter(t -> t.contains("개 더")).findFirst().orElseThrow();
    assertThat(overflow).startsWith("노드 풀 " + (1000 - shownInFull) + "개 더");
    assertThat(overflow).contains("pool-" + shownInFull + " → ");
    // The names do not all fit in one section; the cut is marked.
    assertThat(overflow).endsWith("…");
  }

  @Test
  void render_tooManyBlocksBesidesLists_cutsTheEnd() {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      blocks.add(Block.Paragraph.of(text("paragraph " + i)));
    }

    JsonObject json = renderer.render(new Message("Title", Verdict.BLOCKED, blocks));

    assertWithinLimits(json);
    List<String> texts = texts(json);
    assertThat(texts.get(1)).isEqualTo("paragraph 0");
    assertThat(texts.get(texts.size() - 1)).isEqualTo("…");
  }

  @Test
  void render_longTexts_areCutToSlackLimits() {
    String longText = String.join("", Collections.nCopies(4000, "<"));
    List<Block.Field> fields = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      fields.add(new Block.Field("label " + i, text(longText)));
    }

    JsonObject json =
        renderer.render(
            new Message(
                longText,
                Verdict.BLOCKED,
                List.of(
                    new Block.Heading(longText),
                    Block.Paragraph.of(text("a"), code(longText)),
                    new Block.CodeBlock(longText),
                    Block.BulletList.of(Block.Item.of(text(longText))),
                    new Block.Fields(fields))));

    assertWithinLimits(json);
    List<JsonObject> blocks = blocks(json);
    // 23 fields need three sections of at most ten.
    assertThat(blocks.stream().filter(b -> b.has("fields")).count()).isEqualTo(3);
    List<String> texts = texts(json);
    assertThat(texts.get(0)).endsWith("…");
    assertThat(texts.get(2)).startsWith("a`&lt;");
    assertThat(texts.get(2)).endsWith("…`");
    // No entity is split by a cut.
    for (String text : texts.subList(1, texts.size())) {
      assertThat(text.replace("&lt;", "").replace("…", "")).doesNotContain("&");
    }
  }

  @Test
  void render_surrogatePairAtCut_isNotSplit() {
    String title = "a".repeat(148) + "😀😀";

    String header = texts(renderer.render(new Message(title, Verdict.CLEAR, List.of()))).get(0);

    assertThat(header).isEqualTo("a".repeat(148) + "…");
  }

  private static void assertWithinLimits(JsonObject json) {
    List<JsonObject> blocks = blocks(json);
    assertThat(blocks.size()).isAtMost(SlackMessageRenderer.MAX_BLOCKS);
    assertThat(json.get("text").getAsString().length())
        .isAtMost(SlackMessageRenderer.MAX_FALLBACK_TEXT);
    JsonObject header = blocks.get(0).getAsJsonObject("text");
    assertThat(header.get("text").getAsString().length())
        .isAtMost(SlackMessageRenderer.MAX_HEADER_TEXT);
    for (JsonObject block : blocks.subList(1, blocks.size())) {
      assertThat(block.get("type").getAsString()).isEqualTo("section");
      if (block.has("text")) {
        String text = block.getAsJsonObject("text").get("text").getAsString();
        assertThat(text.length()).isAtMost(SlackMessageRenderer.MAX_SECTION_TEXT);
        assertThat(text).isNotEmpty();
      } else {
        assertThat(block.getAsJsonArray("fields").size())
            .isAtMost(SlackMessageRenderer.MAX_FIELDS_PER_SECTION);
        for (JsonElement field : block.getAsJsonArray("fields")) {
          assertThat(field.getAsJsonObject().get("text").getAsString().length())
              .isAtMost(SlackMessageRenderer.MAX_FIELD_TEXT);
        }
      }
    }
  }
}
