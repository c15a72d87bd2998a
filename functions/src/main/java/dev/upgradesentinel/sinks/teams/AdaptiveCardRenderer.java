package dev.upgradesentinel.sinks.teams;

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
 * Renders guidance as the body a Microsoft Teams Workflows webhook ("Post to a channel when a
 * webhook request is received") expects: a {@code message} whose one attachment is an Adaptive Card
 * 1.4 — text blocks for headings, paragraphs and lists, a fact set for fields, a monospace block
 * for commands, and an "open" button for each link of the guidance's fields.
 *
 * <p>Text blocks read a Markdown subset ({@code **bold**}, {@code [label](url)}, lists), which has
 * no escape; untrusted text is passed through {@link MarkupText#literal} so it cannot link or
 * format. Links are written only for http(s) URLs.
 */
public final class AdaptiveCardRenderer {
  static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
  static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

  /** Teams shows at most a handful of actions in a row; more are hidden behind a menu. */
  static final int MAX_ACTIONS = 5;

  /** Teams refuses messages over about 28 KB; the whole payload is kept within this. */
  static final int MAX_MESSAGE_BYTES = 28_000;

  /**
   * The message as a card, shortened by {@link MessageFit} when the whole would be over Teams' size
   * limit.
   */
  public JsonObject render(Message message) {
    Message fitted =
        MessageFit.fit(
            message,
            m -> card(m).toString().getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES,
            "The rest of this message was too long for Teams and is left out.");
    return card(fitted);
  }

  private static JsonObject card(Message message) {
    JsonArray body = new JsonArray();
    JsonObject title = textBlock(MarkupText.literal(message.title()));
    title.addProperty("size", "Large");
    title.addProperty("weight", "Bolder");
    body.add(title);
    JsonArray actions = new JsonArray();
    for (Block block : message.blocks()) {
      body.add(element(block, actions));
    }

    JsonObject card = new JsonObject();
    card.addProperty("$schema", SCHEMA);
    card.addProperty("type", "AdaptiveCard");
    card.addProperty("version", "1.4");
    card.add("body", body);
    if (!actions.isEmpty()) {
      card.add("actions", actions);
    }
    JsonObject attachment = new JsonObject();
    attachment.addProperty("contentType", CONTENT_TYPE);
    attachment.add("content", card);
    JsonArray attachments = new JsonArray();
    attachments.add(attachment);
    JsonObject json = new JsonObject();
    json.addProperty("type", "message");
    json.add("attachments", attachments);
    return json;
  }

  private static JsonObject element(Block block, JsonArray actions) {
    if (block instanceof Block.Heading heading) {
      JsonObject text = textBlock(MarkupText.literal(heading.text()));
      text.addProperty("weight", "Bolder");
      text.addProperty("size", "Medium");
      return text;
    }
    if (block instanceof Block.Paragraph paragraph) {
      return textBlock(spans(paragraph.spans()));
    }
    if (block instanceof Block.BulletList list) {
      // Adaptive Cards separate Markdown list items with a carriage return.
      return textBlock(
          list.items().stream()
              .map(item -> "- " + spans(item.spans()).replace("\n", " "))
              .collect(Collectors.joining("\r")));
    }
    if (block instanceof Block.CodeBlock code) {
      // Monospace text blocks still read Markdown; gcloud flags and underscores inside image
      // types are left alone by literal(), so the commands stay pasteable.
      JsonObject text = textBlock(MarkupText.literal(code.code()));
      text.addProperty("fontType", "Monospace");
      return text;
    }
    JsonArray facts = new JsonArray();
    for (Block.Field field : ((Block.Fields) block).fields()) {
      JsonObject fact = new JsonObject();
      fact.addProperty("title", MarkupText.literal(field.label()));
      if (field.value() instanceof Span.Link link && MarkupText.isWebUrl(link.url())) {
        fact.addProperty("value", MarkupText.literal(link.label()));
        if (actions.size() < MAX_ACTIONS) {
          JsonObject open = new JsonObject();
          open.addProperty("type", "Action.OpenUrl");
          open.addProperty("title", MarkupText.literal(link.label()));
          open.addProperty("url", link.url());
          actions.add(open);
        }
      } else {
        fact.addProperty("value", spans(List.of(field.value())));
      }
      facts.add(fact);
    }
    JsonObject factSet = new JsonObject();
    factSet.addProperty("type", "FactSet");
    factSet.add("facts", facts);
    return factSet;
  }

  private static JsonObject textBlock(String text) {
    JsonObject block = new JsonObject();
    block.addProperty("type", "TextBlock");
    block.addProperty("text", text);
    block.addProperty("wrap", true);
    return block;
  }

  private static String spans(List<Span> spans) {
    return spans.stream().map(AdaptiveCardRenderer::span).collect(Collectors.joining());
  }

  private static String span(Span span) {
    if (span instanceof Span.Bold bold) {
      return "**" + MarkupText.literal(bold.text()) + "**";
    }
    if (span instanceof Span.Link link && MarkupText.isWebUrl(link.url())) {
      return "[" + MarkupText.literal(link.label()) + "](" + link.url().replace(")", "%29") + ")";
    }
    return MarkupText.literal(span.plainText());
  }
}
