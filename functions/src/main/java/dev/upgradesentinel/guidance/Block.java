package dev.upgradesentinel.guidance;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One part of a {@link Message}: a heading, a paragraph, a list, a code block or fields. */
public sealed interface Block {

  /** The block as plain text, without a trailing newline. */
  String plainText();

  /** A section title. */
  record Heading(String text) implements Block {
    public Heading {
      Objects.requireNonNull(text, "text == null");
    }

    @Override
    public String plainText() {
      return "== " + text + " ==";
    }
  }

  /** Running text. */
  record Paragraph(List<Span> spans) implements Block {
    public Paragraph {
      spans = List.copyOf(Objects.requireNonNull(spans, "spans == null"));
    }

    public static Paragraph of(Span... spans) {
      return new Paragraph(List.of(spans));
    }

    @Override
    public String plainText() {
      return joined(spans);
    }
  }

  /**
   * A bulleted list that may be long.
   *
   * @param items the items, in order
   * @param overflowNote what a sink that cannot show every item writes before the short names of
   *     the items it leaves out; a {@link String#format} pattern whose one {@code %d} is their
   *     number. Empty for lists that are always short.
   */
  record BulletList(List<Item> items, String overflowNote) implements Block {
    public BulletList {
      items = List.copyOf(Objects.requireNonNull(items, "items == null"));
      Objects.requireNonNull(overflowNote, "overflowNote == null");
    }

    public static BulletList of(Item... items) {
      return new BulletList(List.of(items), "");
    }

    @Override
    public String plainText() {
      return items.stream()
          .map(item -> "- " + item.plainText().replace("\n", "\n  "))
          .collect(Collectors.joining("\n"));
    }
  }

  /**
   * One list item.
   *
   * @param spans the item's text; a {@code \n} inside a text span starts a new line in the item
   * @param shortName a few words that name the item when a sink must summarise the list
   */
  record Item(List<Span> spans, String shortName) {
    public Item {
      spans = List.copyOf(Objects.requireNonNull(spans, "spans == null"));
      Objects.requireNonNull(shortName, "shortName == null");
    }

    /** An item whose short name is its whole text. */
    public static Item of(Span... spans) {
      List<Span> list = List.of(spans);
      return new Item(list, joined(list));
    }

    public String plainText() {
      return joined(spans);
    }
  }

  /** Lines of shell commands, shown verbatim. */
  record CodeBlock(String code) implements Block {
    public CodeBlock {
      Objects.requireNonNull(code, "code == null");
    }

    @Override
    public String plainText() {
      return code.lines().map(line -> "    " + line).collect(Collectors.joining("\n"));
    }
  }

  /** Short labelled values, such as project, location and cluster. */
  record Fields(List<Field> fields) implements Block {
    public Fields {
      fields = List.copyOf(Objects.requireNonNull(fields, "fields == null"));
    }

    @Override
    public String plainText() {
      return fields.stream()
          .map(field -> field.label() + ": " + field.value().plainText())
          .collect(Collectors.joining("\n"));
    }
  }

  /** One labelled value of a {@link Fields} block. */
  record Field(String label, Span value) {
    public Field {
      Objects.requireNonNull(label, "label == null");
      Objects.requireNonNull(value, "value == null");
    }
  }

  private static String joined(List<Span> spans) {
    return spans.stream().map(Span::plainText).collect(Collectors.joining());
  }
}
