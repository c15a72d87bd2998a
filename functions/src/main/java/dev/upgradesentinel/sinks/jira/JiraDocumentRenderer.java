package dev.upgradesentinel.sinks.jira;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import dev.upgradesentinel.sinks.MessageFit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders guidance as an Atlassian Document Format (ADF) document, the rich text Jira Cloud's REST
 * API v3 takes for descriptions and comments.
 *
 * <p>ADF is structured JSON, not markup: text is only ever a text node, so a value such as {@code
 * @everyone}, {@code {code}} or {@code <script>} is shown as written, and mentions, which are
 * their own node type, never come from text. What ADF does reject is guarded against: empty text
 * nodes (empty spans are dropped), lists without items (not rendered), and the code mark next to
 * any mark but link (a code span carries only the code mark). Commands are {@code codeBlock}s with
 * the language {@code bash}, whose text takes no marks. Links are made only from http and https
 * URLs; any other URL is shown as its label.
 *
 * <p>Jira refuses a description or comment whose document is longer than 32,767 characters; a
 * longer message is shortened by {@link MessageFit}: long lists keep their first items and
 * summarise the rest, and only then are the last blocks left out.
 */
public final class JiraDocumentRenderer {
  /** Jira's limit for a rich-text field, applied to the document's JSON. */
  static final int MAX_DOCUMENT = 32_767;

  private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s\\p{Cntrl}]+");
  private static final int TITLE_LEVEL = 2;
  private static final int HEADING_LEVEL = 3;

  /**
   * The message as an ADF document: the title as a heading, then the blocks in order, shortened by
   * {@link MessageFit} when the whole would be over Jira's limit.
   */
  public JsonObject render(Message message) {
    Message fitted =
        MessageFit.fit(
            message,
            m -> document(m).toString().length() <= MAX_DOCUMENT,
            "The rest of this message was too long for Jira and is left out.");
    return document(fitted);
  }

  private static JsonObject document(Message message) {
    JsonArray content = new JsonArray();
    content.add(heading(TITLE_LEVEL, message.title()));
    for (Block block : message.blocks()) {
      render(block, content);
    }
    JsonObject doc = new JsonObject();
    doc.addProperty("type", "doc");
    doc.addProperty("version", 1);
    doc.add("content", content);
    return doc;
  }

  private static void render(Block block, JsonArray content) {
    if (block instanceof Block.Heading heading) {
      content.add(heading(HEADING_LEVEL, heading.text()));
    } else if (block instanceof Block.Paragraph paragraph) {
      content.add(paragraph(inline(paragraph.spans())));
    } else if (block instanceof Block.BulletList list) {
      if (!list.items().isEmpty()) {
        JsonArray items = new JsonArray();
        for (Block.Item item : list.items()) {
          JsonArray itemContent = new JsonArray();
          itemContent.add(paragraph(inline(item.spans())));
          items.add(node("listItem", itemContent));
        }
        content.add(node("bulletList", items));
      }
    } else if (block instanceof Block.CodeBlock code) {
      content.add(codeBlock(code.code()));
    } else {
      content.add(fields(((Block.Fields) block).fields()));
    }
  }

  /** Fields as one paragraph, a line each: the label in bold, then the value. */
  private static JsonObject fields(List<Block.Field> fields) {
    JsonArray inline = new JsonArray();
    for (Block.Field field : fields) {
      if (!inline.isEmpty()) {
        inline.add(node("hardBreak", null));
      }
      addText(inline, field.label() + ": ", mark("strong"));
      inline.addAll(inline(List.of(field.value())));
    }
    return paragraph(inline);
  }

  private static JsonArray inline(List<Span> spans) {
    JsonArray inline = new JsonArray();
    for (Span span : spans) {
      if (span instanceof Span.Bold bold) {
        addText(inline, bold.text(), mark("strong"));
      } else if (span instanceof Span.Code code) {
        addText(inline, code.text(), mark("code"));
      } else if (span instanceof Span.Link link) {
        String label = link.label().isEmpty() ? link.url() : link.label();
        addText(inline, label, WEB_URL.matcher(link.url()).matches() ? link(link.url()) : null);
      } else {
        addText(inline, ((Span.Text) span).text(), null);
      }
    }
    return inline;
  }

  /**
   * Adds text with at most one mark; a line break in it becomes a {@code hardBreak}, since a text
   * node's newline is not shown as one, and empty pieces are left out, since ADF rejects them.
   */
  private static void addText(JsonArray inline, String text, JsonObject mark) {
    String[] lines = text.split("\\r?\\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        inline.add(node("hardBreak", null));
      }
      if (!lines[i].isEmpty()) {
        JsonObject node = new JsonObject();
        node.addProperty("type", "text");
        node.addProperty("text", lines[i]);
        if (mark != null) {
          JsonArray marks = new JsonArray();
          marks.add(mark);
          node.add("marks", marks);
        }
        inline.add(node);
      }
    }
  }

  private static JsonObject heading(int level, String text) {
    JsonArray inline = new JsonArray();
    // A heading is one line.
    addText(inline, text.replaceAll("\\s*[\\r\\n]+\\s*", " "), null);
    JsonObject heading = node("heading", inline);
    JsonObject attrs = new JsonObject();
    attrs.addProperty("level", level);
    heading.add("attrs", attrs);
    return heading;
  }

  private static JsonObject codeBlock(String code) {
    JsonArray text = new JsonArray();
    if (!code.isEmpty()) {
      JsonObject node = new JsonObject();
      node.addProperty("type", "text");
      node.addProperty("text", code);
      text.add(node);
    }
    JsonObject block = node("codeBlock", text);
    JsonObject attrs = new JsonObject();
    attrs.addProperty("language", "bash");
    block.add("attrs", attrs);
    return block;
  }

  private static JsonObject paragraph(JsonArray inline) {
    return node("paragraph", inline);
  }

  private static JsonObject node(String type, JsonArray content) {
    JsonObject node = new JsonObject();
    node.addProperty("type", type);
    if (content != null) {
      node.add("content", content);
    }
    return node;
  }

  private static JsonObject mark(String type) {
    JsonObject mark = new JsonObject();
    mark.addProperty("type", type);
    return mark;
  }

  private static JsonObject link(String href) {
    JsonObject attrs = new JsonObject();
    attrs.addProperty("href", href);
    JsonObject mark = mark("link");
    mark.add("attrs", attrs);
    return mark;
  }
}
