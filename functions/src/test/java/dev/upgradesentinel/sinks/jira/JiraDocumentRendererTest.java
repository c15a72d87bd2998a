package dev.upgradesentinel.sinks.jira;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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

class JiraDocumentRendererTest {
  private static final GuidanceRenderer GUIDANCE =
      new GuidanceRenderer(
          Language.EN, Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC));
  private final JiraDocumentRenderer renderer = new JiraDocumentRenderer();

  private static Message message(Block... blocks) {
    return new Message("Cluster checkout is blocked", Verdict.BLOCKED, List.of(blocks));
  }

  private static JsonArray content(JsonObject doc) {
    return doc.getAsJsonArray("content");
  }

  @Test
  void render_realGuidance_isValidAdfWithEveryBlockKind() {
    JsonObject doc = renderer.render(GUIDANCE.render(TestAssessments.blockedByControlPlane()));

    AdfAssert.assertValidDocument(doc);
    List<String> types =
        content(doc).asList().stream()
            .map(n -> n.getAsJsonObject().get("type").getAsString())
            .toList();
    assertThat(types).containsAtLeast("heading", "paragraph", "bulletList", "codeBlock");
    assertThat(AdfAssert.texts(doc)).contains("shop-prod");
  }

  @Test
  void render_reminderUpdateAndResolution_areValidAdf() {
    var a = TestAssessments.blockedByControlPlane();
    AdfAssert.assertValidDocument(
        renderer.render(GUIDANCE.renderReminder(a, Instant.parse("2026-11-01T00:00:00Z"))));
    AdfAssert.assertValidDocument(
        renderer.render(
            GUIDANCE.renderUpdate(a, Verdict.AT_RISK, java.util.Map.of("old-pool", "COS"), "")));
    AdfAssert.assertValidDocument(
        renderer.render(GUIDANCE.renderResolution(a, java.util.Map.of("default-pool", "COS"))));
  }

  @Test
  void render_messageLongerThanJiraAllows_keepsFirstBlocksAndSaysTheRestIsLeftOut() {
    Block[] blocks = new Block[200];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] =
          new Block.CodeBlock(
              "gcloud container clusters upgrade c --node-pool=pool-" + i + " " + "x".repeat(200));
    }

    JsonObject doc = renderer.render(message(blocks));

    assertThat(doc.toString().length()).isAtMost(32_767);
    AdfAssert.assertValidDocument(doc);
    assertThat(doc.toString()).contains("pool-0 ");
    assertThat(doc.toString()).doesNotContain("pool-199 ");
    JsonArray content = content(doc);
    assertThat(content.get(content.size() - 1).toString())
        .contains("too long for Jira and is left out");
  }

  @Test
  void render_title_isLevelTwoHeadingFirst() {
    JsonObject first = content(renderer.render(message())).get(0).getAsJsonObject();

    assertThat(first.get("type").getAsString()).isEqualTo("heading");
    assertThat(first.getAsJsonObject("attrs").get("level").getAsInt()).isEqualTo(2);
    assertThat(AdfAssert.texts(first)).containsExactly("Cluster checkout is blocked");
  }

  @Test
  void render_codeBlock_isBashCodeBlockWithUnmarkedText() {
    String command = "gcloud container node-pools update default-pool --image-type=COS_CONTAINERD";
    JsonObject block =
        content(renderer.render(message(new Block.CodeBlock(command)))).get(1).getAsJsonObject();

    assertThat(block.get("type").getAsString()).isEqualTo("codeBlock");
    assertThat(block.getAsJsonObject("attrs").get("language").getAsString()).isEqualTo("bash");
    JsonObject text = block.getAsJsonArray("content").get(0).getAsJsonObject();
    assertThat(text.get("text").getAsString()).isEqualTo(command);
    assertThat(text.has("marks")).isFalse();
  }

  @Test
  void render_spans_getStrongCodeAndLinkMarks() {
    JsonObject doc =
        renderer.render(
            message(
                Block.Paragraph.of(
                    Span.text("Run "),
                    Span.code("kubectl get nodes"),
                    Span.bold(" now"),
                    Span.link("https://cloud.google.com/kubernetes-engine", "the guide"))));

    AdfAssert.assertValidDocument(doc);
    JsonArray inline = content(doc).get(1).getAsJsonObject().getAsJsonArray("content");
    assertThat(inline.get(0).getAsJsonObject().has("marks")).isFalse();
    assertThat(markOf(inline.get(1).getAsJsonObject()).get("type").getAsString()).isEqualTo("code");
    assertThat(markOf(inline.get(2).getAsJsonObject()).get("type").getAsString())
        .isEqualTo("strong");
    JsonObject link = markOf(inline.get(3).getAsJsonObject());
    assertThat(link.get("type").getAsString()).isEqualTo("link");
    assertThat(link.getAsJsonObject("attrs").get("href").getAsString())
        .isEqualTo("https://cloud.google.com/kubernetes-engine");
  }

  @Test
  void render_nonWebLink_isPlainLabel() {
    JsonObject doc =
        renderer.render(message(Block.Paragraph.of(Span.link("javascript:alert(1)", "click"))));

    JsonObject text =
        content(doc).get(1).getAsJsonObject().getAsJsonArray("content").get(0).getAsJsonObject();
    assertThat(text.get("text").getAsString()).isEqualTo("click");
    assertThat(text.has("marks")).isFalse();
  }

  @Test
  void render_emptySpansEmptyListAndLineBreaks_stayValid() {
    JsonObject doc =
        renderer.render(
            message(
                Block.Paragraph.of(Span.text(""), Span.bold(""), Span.code("")),
                new Block.BulletList(List.of(), ""),
                Block.BulletList.of(Block.Item.of(Span.text("first line\nsecond line\n"))),
                new Block.Heading(""),
                new Block.CodeBlock("")));

    AdfAssert.assertValidDocument(doc);
    assertThat(AdfAssert.texts(doc)).containsAtLeast("first line", "second line");
    assertThat(doc.toString()).contains("hardBreak");
  }

  @Test
  void render_hostileText_staysLiteralText() {
    List<String> hostile =
        List.of(
            "@everyone",
            "@org/team",
            "```",
            "<script>alert(1)</script>",
            "{code}x{code}",
            "[~accountid:123]");
    JsonObject doc =
        renderer.render(
            message(
                Block.Paragraph.of(
                    hostile.stream().map(s -> (Span) Span.text(s)).toArray(Span[]::new)),
                new Block.Fields(List.of(new Block.Field("Owner", Span.text("@everyone"))))));

    AdfAssert.assertValidDocument(doc);
    assertThat(AdfAssert.texts(doc)).containsAtLeastElementsIn(hostile);
    assertThat(doc.toString()).doesNotContain("\"mention\"");
  }

  @Test
  void render_fields_boldLabelThenValueOnLinesOfTheirOwn() {
    JsonObject doc =
        renderer.render(
            message(
                new Block.Fields(
                    List.of(
                        new Block.Field("Project", Span.code("shop-prod")),
                        new Block.Field("Cluster", Span.text("checkout"))))));

    AdfAssert.assertValidDocument(doc);
    JsonArray inline = content(doc).get(1).getAsJsonObject().getAsJsonArray("content");
    assertThat(inline.get(0).getAsJsonObject().get("text").getAsString()).isEqualTo("Project: ");
    assertThat(markOf(inline.get(0).getAsJsonObject()).get("type").getAsString())
        .isEqualTo("strong");
    assertThat(inline.get(2).getAsJsonObject().get("type").getAsString()).isEqualTo("hardBreak");
  }

  private static JsonObject markOf(JsonObject text) {
    JsonArray marks = text.getAsJsonArray("marks");
    assertThat(marks).hasSize(1);
    return marks.get(0).getAsJsonObject();
  }
}
