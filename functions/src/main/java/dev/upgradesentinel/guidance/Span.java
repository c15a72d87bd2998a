package dev.upgradesentinel.guidance;

import java.util.Objects;

/**
 * A run of text inside a paragraph, list item or field. The text is always literal: a sink escapes
 * it for its own markup, so a value such as {@code <!channel>} or {@code *bold*} is shown, never
 * acted on.
 */
public sealed interface Span {

  /** The span as plain text, for logs, tickets and chat fallbacks. */
  String plainText();

  static Span text(String text) {
    return new Text(text);
  }

  static Span bold(String text) {
    return new Bold(text);
  }

  static Span code(String text) {
    return new Code(text);
  }

  static Span link(String url, String label) {
    return new Link(url, label);
  }

  /** Ordinary text. */
  record Text(String text) implements Span {
    public Text {
      Objects.requireNonNull(text, "text == null");
    }

    @Override
    public String plainText() {
      return text;
    }
  }

  /** Emphasised text. */
  record Bold(String text) implements Span {
    public Bold {
      Objects.requireNonNull(text, "text == null");
    }

    @Override
    public String plainText() {
      return text;
    }
  }

  /** A command, an image type, a file path: text to be copied exactly. */
  record Code(String text) implements Span {
    public Code {
      Objects.requireNonNull(text, "text == null");
    }

    @Override
    public String plainText() {
      return text;
    }
  }

  /**
   * A link. The URL may come from an event; sinks link it only when it is an {@code http} or {@code
   * https} URL and otherwise show the label as text.
   */
  record Link(String url, String label) implements Span {
    public Link {
      Objects.requireNonNull(url, "url == null");
      Objects.requireNonNull(label, "label == null");
    }

    @Override
    public String plainText() {
      return label.equals(url) ? url : label + " (" + url + ")";
    }
  }
}
