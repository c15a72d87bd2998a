package dev.upgradesentinel.sinks.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Renders guidance as the JSON body of a Slack incoming webhook: Block Kit {@code blocks} plus a
 * plain {@code text} fallback for notifications and clients without blocks.
 *
 * <p>It never fails on size. Slack rejects a message with more than 50 blocks or a section over
 * 3000 characters, so long lists are split across sections and, when the blocks would still not
 * fit, the rest of a list is summarised by the short names of its items (the full list stays in the
 * message's plain text, which tickets carry).
 *
 * <p>Every mrkdwn text object is {@code verbatim}, so Slack does not turn names or URLs found in
 * text into mentions or links on its own; links come only from link spans.
 */
public final class SlackMessageRenderer {
  static final int MAX_BLOCKS = 50;
  static final int MAX_SECTION_TEXT = 3000;
  static final int MAX_HEADER_TEXT = 150;
  static final int MAX_FIELDS_PER_SECTION = 10;
  static final int MAX_FIELD_TEXT = 2000;
  static final int MAX_FALLBACK_TEXT = 3000;

  /** A summarised list still shows one section of full items, so its commands can be read. */
  private static final int MIN_LIST_SECTIONS = 2;

  public JsonObject render(Message message) {
    List<Block> model = message.blocks();
    List<List<JsonObject>> parts = new ArrayList<>();
    for (Block block : model) {
      parts.add(sections(block));
    }
    // One block is the header.
    int excess = 1 + parts.stream().mapToInt(List::size).sum() - MAX_BLOCKS;
    // Lists give way first, the longest first: they are what grows with the cluster.
    List<Integer> lists =
        IntStream.range(0, model.size())
            .filter(i -> model.get(i) instanceof Block.BulletList)
            .boxed()
            .sorted(Comparator.comparingInt((Integer i) -> parts.get(i).size()).reversed())
            .toList();
    for (int i : lists) {
      int size = parts.get(i).size();
      if (excess <= 0 || size <= MIN_LIST_SECTIONS) {
        continue;
      }
      int keep = Math.max(MIN_LIST_SECTIONS, size - excess);
      parts.set(i, listSections((Block.BulletList) model.get(i), keep));
      excess -= size - parts.get(i).size();
    }

    JsonArray blocks = new JsonArray();
    blocks.add(header(message.title()));
    List<JsonObject> body = parts.stream().flatMap(List::stream).toList();
    if (blocks.size() + body.size() > MAX_BLOCKS) {
      // Only a message with very many blocks besides its lists gets here; its end is cut.
      body = new ArrayList<>(body.subList(0, MAX_BLOCKS - blocks.size() - 1));
      body.add(section(Mrkdwn.ELLIPSIS));
    }
    body.forEach(blocks::add);

    JsonObject json = new JsonObject();
    json.addProperty("text", Mrkdwn.literal(message.plainText(), MAX_FALLBACK_TEXT));
    json.add("blocks", blocks);
    return json;
  }

  private static List<JsonObject> sections(Block block) {
    if (block instanceof Block.Heading heading) {
      return List.of(section(bold(heading.text(), MAX_SECTION_TEXT)));
    }
    if (block instanceof Block.Paragraph paragraph) {
      return List.of(section(spans(paragraph.spans(), MAX_SECTION_TEXT)));
    }
    if (block instanceof Block.BulletList list) {
      return listSections(list, Integer.MAX_VALUE);
    }
    if (block instanceof Block.CodeBlock codeBlock) {
      String fence = "```";
      String code = Mrkdwn.code(codeBlock.code(), MAX_SECTION_TEXT - 2 * fence.length());
      return List.of(section(fence + code + fence));
    }
    return fieldSections(((Block.Fields) block).fields());
  }

  /**
   * A list as sections of whole items, at most {@code maxSections} of them; when more are needed,
   * the last one names the items left out.
   */
  private static List<JsonObject> listSections(Block.BulletList list, int maxSections) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    int length = 0;
    for (Block.Item item : list.items()) {
      String line = "• " + spans(item.spans(), MAX_SECTION_TEXT - 2);
      if (!chunk.isEmpty() && length + 1 + line.length() > MAX_SECTION_TEXT) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        length = 0;
      }
      chunk.add(line);
      length += (chunk.size() > 1 ? 1 : 0) + line.length();
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }

    List<JsonObject> sections = new ArrayList<>();
    int shown = 0;
    for (List<String> lines : chunks) {
      if (chunks.size() > maxSections && sections.size() == maxSections - 1) {
        break;
      }
      sections.add(section(String.join("\n", lines)));
      shown += lines.size();
    }
    if (shown < list.items().size()) {
      sections.add(section(overflow(list, shown)));
    }
    return sections;
  }

  private static String overflow(Block.BulletList list, int shown) {
    int rest = list.items().size() - shown;
    String note = list.overflowNote().isEmpty() ? "+%d:" : list.overflowNote();
    StringBuilder text = new StringBuilder(Mrkdwn.literal(String.format(Locale.ROOT, note, rest)));
    text.append('\n');
    List<Block.Item> left = list.items().subList(shown, list.items().size());
    for (int i = 0; i < left.size(); i++) {
      String name = Mrkdwn.literal(left.get(i).shortName()) + (i < left.size() - 1 ? ", " : "");
      if (text.length() + name.length() > MAX_SECTION_TEXT - Mrkdwn.ELLIPSIS.length()) {
        return text.append(Mrkdwn.ELLIPSIS).toString();
      }
      text.append(name);
    }
    return text.toString();
  }

  private static List<JsonObject> fieldSections(List<Block.Field> fields) {
    List<JsonObject> sections = new ArrayList<>();
    for (int start = 0; start < fields.size(); start += MAX_FIELDS_PER_SECTION) {
      JsonArray texts = new JsonArray();
      for (Block.Field field :
          fields.subList(start, Math.min(fields.size(), start + MAX_FIELDS_PER_SECTION))) {
        String label = bold(field.label(), MAX_FIELD_TEXT / 2);
        String value = spans(List.of(field.value()), MAX_FIELD_TEXT - label.length() - 1);
        texts.add(mrkdwn(label + "\n" + value));
      }
      JsonObject section = new JsonObject();
      section.addProperty("type", "section");
      section.add("fields", texts);
      sections.add(section);
    }
    return sections;
  }

  /** Spans as mrkdwn, at most {@code max} characters; a span that does not fit is cut with "…". */
  private static String spans(List<Span> spans, int max) {
    StringBuilder out = new StringBuilder();
    for (Span span : spans) {
      int room = max - out.length();
      String whole = span(span, Integer.MAX_VALUE);
      if (whole.length() <= room) {
        out.append(whole);
      } else {
        out.append(span(span, room));
        break;
      }
    }
    return out.toString();
  }

  private static String span(Span span, int max) {
    if (span instanceof Span.Bold bold) {
      return bold(bold.text(), max);
    }
    if (span instanceof Span.Code code) {
      return code.text().isEmpty() ? "" : wrap("`", Mrkdwn.code(code.text(), max - 2), max);
    }
    if (span instanceof Span.Link link) {
      String whole = "<" + Mrkdwn.url(link.url()) + "|" + Mrkdwn.literal(link.label()) + ">";
      return Mrkdwn.isWebUrl(link.url()) && whole.length() <= max
          ? whole
          : Mrkdwn.literal(link.label(), max);
    }
    return Mrkdwn.literal(((Span.Text) span).text(), max);
  }

  private static String bold(String text, int max) {
    return text.isEmpty() ? "" : wrap("*", Mrkdwn.literal(text, max - 2), max);
  }

  /** Wraps text in a mark on both sides, or gives nothing when there is no room for the marks. */
  private static String wrap(String mark, String inner, int max) {
    return inner.isEmpty() || max < inner.length() + 2 * mark.length() ? "" : mark + inner + mark;
  }

  private static JsonObject header(String title) {
    JsonObject text = new JsonObject();
    text.addProperty("type", "plain_text");
    // plain_text is never parsed for mentions or formatting, so the title is only cut, not escaped.
    text.addProperty("text", title.isBlank() ? Mrkdwn.ELLIPSIS : cut(title, MAX_HEADER_TEXT));
    JsonObject header = new JsonObject();
    header.addProperty("type", "header");
    header.add("text", text);
    return header;
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - Mrkdwn.ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + Mrkdwn.ELLIPSIS;
  }

  private static JsonObject section(String mrkdwnText) {
    JsonObject section = new JsonObject();
    section.addProperty("type", "section");
    section.add("text", mrkdwn(mrkdwnText));
    return section;
  }

  private static JsonObject mrkdwn(String text) {
    JsonObject object = new JsonObject();
    object.addProperty("type", "mrkdwn");
    // Slack rejects empty text objects.
    object.addProperty("text", text.isEmpty() ? " " : text);
    object.addProperty("verbatim", true);
    return object;
  }
}
