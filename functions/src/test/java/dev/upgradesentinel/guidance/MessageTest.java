package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;
import static dev.upgradesentinel.guidance.Span.code;
import static dev.upgradesentinel.guidance.Span.link;
import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.assess.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void plainText_everyBlockKind_readsAsText() {
    Message message =
        new Message(
            "Title",
            Verdict.AT_RISK,
            List.of(
                new Block.Fields(List.of(new Block.Field("Project", text("p1")))),
                new Block.Heading("Pools"),
                Block.Paragraph.of(text("Run "), code("crictl ps"), text(".")),
                Block.BulletList.of(
                    Block.Item.of(text("first\nsecond line")),
                    Block.Item.of(link("https://example.com/a", "Guide"))),
                new Block.CodeBlock("gcloud one\ngcloud two")));

    assertThat(message.plainText())
        .isEqualTo(
            "Title\n\n"
                + "Project: p1\n\n"
                + "== Pools ==\n\n"
                + "Run crictl ps.\n\n"
                + "- first\n  second line\n- Guide (https://example.com/a)\n\n"
                + "    gcloud one\n    gcloud two");
    assertThat(message.summary()).isEqualTo("Title");
  }

  @Test
  void itemOf_spans_shortNameIsWholeText() {
    Block.Item item = Block.Item.of(text("pool "), code("a"));

    assertThat(item.shortName()).isEqualTo("pool a");
  }
}
