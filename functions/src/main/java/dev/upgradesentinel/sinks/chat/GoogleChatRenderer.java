package dev.upgradesentinel.sinks.chat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import dev.upgradesentinel.sinks.MarkupText;
import dev.upgradesentinel.sinks.MessageFit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders guidance as the body of a Google Chat incoming webhook: one {@code cardsV2} card, a
 * section per heading of the guidance, and a short {@code text} that notifications show.
 *
 * <p>Card text takes a small HTML subset ({@code <b>}, {@code <a href>}, {@code <br>}), so every
 * value is HTML-escaped and only links from link spans with an http(s) URL become anchors. The
 * message text takes Chat's own markup, including {@code <users/all>} mentions, so it carries only
 * the title with its markup characters neutralised.
 */
public final class GoogleChatRenderer {
  /** Chat rejects messages over 32,000 bytes; the fallback is kept far below that. */
  static final int MAX_TEXT = 4_000;

  /** Google Chat refuses messages over 32,000 bytes. */
  static final int MAX_MESSAGE_BYTES = 32_000;

  /** Google Chat refuses cards with more than 100 widgets. */
  static final int MAX_WIDGETS = 100;

  static final String CARD_ID = "gke-upgrade-sentinel";

  /**
   * The message as a card, shortened by {@link MessageFit} when the whole would be over Chat's
   * limits for the message's bytes or the card's widgets.
   */
  public JsonObject render(Message message) {
    Message fitted =
        MessageFit.fit(
            message,
            m -> {
              JsonObject json = body(m);
              return json.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES
                  && widgetCount(json) <= MAX_WIDGETS;
            },
            "The rest of this message was too long for Google Chat and is left out.");
    return body(fitted);
  }

  private static JsonObject body(Message message) {
    JsonArray sections = new JsonArray();
    JsonObject section = newSection(null);
    for (Block block : message.blocks()) {
      if (block instanceof Block.Heading heading) {
        if (!section.getAsJsonArray("widgets").isEmpty()) {
          sections.add(section);
        }
        section = newSection(heading.text());
        continue;
      }
      widgets(block).forEach(section.getAsJsonArray("widgets")::add);
    }
    if (!section.getAsJsonArray("widgets").isEmpty()) {
      sections.add(section);
    }

    JsonObject header = new JsonObject();
    header.addProperty("title", message.title());
    header.addProperty("subtitle", message.verdict().name());
    JsonObject card = new JsonObject();
    card.add("header", header);
    card.add("sections", sections);
    JsonObject cardV2 = new JsonObject();
    cardV2.addProperty("cardId", CARD_ID);
    cardV2.add("card", card);
    JsonArray cards = new JsonArray();
    cards.add(cardV2);

    JsonObject json = new JsonObject();
    json.addProperty("text", MarkupText.cut(MarkupText.literal(message.title()), MAX_TEXT));
    json.add("cardsV2", cards);
    return json;
  }

  /** The widgets of every section of the body's card. */
  static int widgetCount(JsonObject body) {
    int count = 0;
    for (var section :
        body.getAsJsonArray("cardsV2")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("card")
            .getAsJsonArray("sections")) {
      count += section.getAsJsonObject().getAsJsonArray("widgets").size();
    }
    return count;
  }

  private static JsonObject newSection(String header) {
    JsonObject section = new JsonObject();
    if (header != null) {
      section.addProperty("header", "<b>" + html(header) + "</b>");
    }
    section.add("widgets", new JsonArray());
    return section;
  }

  private static List<JsonObject> widgets(Block block) {
    if (block instanceof Block.Paragraph paragraph) {
      return List.of(paragraph(spans(paragraph.spans())));
    }
    if (block instanceof Block.BulletList list) {
      return List.of(
          paragraph(
              list.items().stream()
                  .map(item -> "• " + spans(item.spans()))
                  .collect(Collectors.joining("<br>"))));
    }
    if (block instanceof Block.CodeBlock code) {
      return List.of(paragraph(html(code.code()).replace("\n", "<br>")));
    }
    return ((Block.Fields) block)
        .fields().stream()
            .map(
                field -> {
                  JsonObject decorated = new JsonObject();
                  decorated.addProperty("topLabel", field.label());
                  decorated.addProperty("text", spans(List.of(field.value())));
                  JsonObject widget = new JsonObject();
                  widget.add("decoratedText", decorated);
                  return widget;
                })
            .toList();
  }

  private static JsonObject paragraph(String html) {
    JsonObject text = new JsonObject();
    text.addProperty("text", html);
    JsonObject widget = new JsonObject();
    widget.add("textParagraph", text);
    return widget;
  }

  private static String spans(List<Span> spans) {
    return spans.stream().map(GoogleChatRenderer::span).collect(Collectors.joining());
  }

  private static String span(Span span) {
    if (span instanceof Span.Bold bold) {
      return "<b>" + html(bold.text()) + "</b>";
    }
    if (span instanceof Span.Link link) {
      return MarkupText.isWebUrl(link.url())
          ? "<a href=\"" + html(link.url()) + "\">" + html(link.label()) + "</a>"
          : html(link.label());
    }
    return html(span.plainText()).replace("\n", "<br>");
  }

  /** Escapes text for card HTML; quotes too, so a URL cannot leave its attribute. */
  static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
