package dev.upgradesentinel.sinks.github;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import dev.upgradesentinel.guidance.TestAssessments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitHubMarkdownRendererTest {
  private final GitHubMarkdownRenderer renderer = new GitHubMarkdownRenderer();

  private static Message message(Block... blocks) {
    return new Message("Cluster checkout is blocked", Verdict.BLOCKED, List.of(blocks));
  }

  @Test
  void render_realGuidance_hasTitleHeadingsListsAndBashFences() {
    String markdown =
        renderer.render(
            new GuidanceRenderer(
                    Language.EN, Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC))
                .render(TestAssessments.blockedByControlPlane()));

    assertThat(markdown).startsWith("## ");
    assertThat(markdown).contains("\n### ");
    assertThat(markdown).contains("\n- ");
    assertThat(markdown).contains("```bash\ngcloud container");
    assertThat(markdown).contains("--node-pool=default-pool");
  }

  @Test
  void render_mentions_areBrokenWithAZeroWidthJoiner() {
    String markdown =
        renderer.render(
            message(Block.Paragraph.of(Span.text("ping @everyone and @org/team about #12"))));

    assertThat(markdown).doesNotContainMatch("@[A-Za-z]");
    assertThat(markdown).doesNotContainMatch("#\\d");
    assertThat(markdown).contains("@\u200deveryone");
    assertThat(markdown).contains("@\u200dorg/team");
  }

  @Test
  void render_html_isEscapedNotInjected() {
    String markdown =
        renderer.render(message(Block.Paragraph.of(Span.text("<script>alert(1)</script> &amp;"))));

    assertThat(markdown).doesNotContain("<script>");
    assertThat(markdown).contains("\\<script\\>alert\\(1\\)\\</script\\> \\&amp;");
  }

  @Test
  void render_backticksInCode_cannotCloseTheFenceOrSpan() {
    String markdown =
        renderer.render(
            message(
                new Block.CodeBlock("echo ok\n```\n@everyone <b>"),
                Block.Paragraph.of(Span.code("a``b"))));

    assertThat(markdown).contains("````bash\necho ok\n```\n@everyone <b>\n````");
    assertThat(markdown).contains("```a``b```");
  }

  @Test
  void render_markupInText_isShownAsWritten() {
    String markdown =
        renderer.render(
            message(Block.Paragraph.of(Span.text("**bold** [x](https://evil) _i_ ~s~"))));

    assertThat(markdown).contains("\\*\\*bold\\*\\* \\[x\\]\\(https://evil\\) \\_i\\_ \\~s\\~");
  }

  @Test
  void render_links_onlyForWebUrlsWithEncodedParentheses() {
    String markdown =
        renderer.render(
            message(
                Block.Paragraph.of(
                    Span.link("https://example.com/a_(b)", "guide"),
                    Span.text(" "),
                    Span.link("javascript:alert(1)", "click"))));

    assertThat(markdown).contains("[guide](https://example.com/a_%28b%29)");
    assertThat(markdown).doesNotContain("javascript:");
    assertThat(markdown).contains(" click");
  }

  @Test
  void render_lineBreakInListItem_staysInTheItem() {
    String markdown =
        renderer.render(message(Block.BulletList.of(Block.Item.of(Span.text("first\nsecond")))));

    assertThat(markdown).contains("- first\\\n  second");
  }

  @Test
  void render_tooLongMessage_keepsFirstBlocksUnderGitHubsLimit() {
    Block big = new Block.CodeBlock("x".repeat(40_000));
    String markdown = renderer.render(message(big, big, big));

    assertThat(markdown.length()).isAtMost(65_536);
    assertThat(markdown).contains("left out");
    assertThat(markdown).contains("```bash\nxxx");
  }
}
