package dev.upgradesentinel.sinks.github;

import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import dev.upgradesentinel.sinks.MessageFit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders guidance as GitHub-flavoured Markdown for issue bodies and comments.
 *
 * <p>Text from a cluster or an event is untrusted, and shown as written: Markdown punctuation and
 * {@code <}, {@code >} and {@code &} are backslash-escaped, so text never formats, links or becomes
 * HTML. GitHub turns {@code @name}, {@code @org/team} and {@code #123} into mentions and references
 * after rendering, which a backslash does not stop, so a zero-width joiner follows every {@code @}
 * (and a {@code #} before a digit) outside code: the text reads the same and notifies no one. Code
 * spans and fences are longer than any run of backticks inside them, so code cannot close them.
 * Links are made only from http and https URLs.
 *
 * <p>GitHub refuses a body over 65,536 characters; a longer message is shortened by {@link
 * MessageFit}: long lists keep their first items and summarise the rest, and only then are the last
 * blocks left out.
 */
public final class GitHubMarkdownRenderer {
  /** GitHub's limit for issue and comment bodies, in characters. */
  static final int MAX_BODY = 65_536;

  private static final String ZWJ = "\u200d";
  private static final String ESCAPED = "\\`*_{}[]()<>#+-=!|~&";
  private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s\\p{Cntrl}]+");
  private static final Pattern BACKTICKS = Pattern.compile("`+");

  /**
   * The message as Markdown: the title as a heading, then the blocks, shortened by {@link
   * MessageFit} when the whole would be over GitHub's limit.
   */
  public String render(Message message) {
    Message fitted =
        MessageFit.fit(
            message,
            m -> markdown(m).length() <= MAX_BODY,
            "The rest of this message was too long for GitHub and is left out.");
    return markdown(fitted);
  }

  private static String markdown(Message message) {
    StringBuilder out = new StringBuilder("## ").append(inline(oneLine(message.title()), ""));
    for (Block block : message.blocks()) {
      String next = block(block);
      if (!next.isEmpty()) {
        out.append("\n\n").append(next);
      }
    }
    return out.append('\n').toString();
  }

  private static String block(Block block) {
    if (block instanceof Block.Heading heading) {
      return "### " + text(oneLine(heading.text()));
    }
    if (block instanceof Block.Paragraph paragraph) {
      return spans(paragraph.spans(), "");
    }
    if (block instanceof Block.BulletList list) {
      StringBuilder out = new StringBuilder();
      for (Block.Item item : list.items()) {
        out.append(out.length() == 0 ? "" : "\n").append("- ").append(spans(item.spans(), "  "));
      }
      return out.toString();
    }
    if (block instanceof Block.CodeBlock code) {
      String fence = "`".repeat(Math.max(3, longestBackticks(code.code()) + 1));
      return fence + "bash\n" + code.code().stripTrailing() + "\n" + fence;
    }
    StringBuilder out = new StringBuilder();
    for (Block.Field field : ((Block.Fields) block).fields()) {
      out.append(out.length() == 0 ? "" : "\n")
          .append("- **")
          .append(text(oneLine(field.label())))
          .append(":** ")
          .append(spans(List.of(field.value()), "  "));
    }
    return out.toString();
  }

  /**
   * Spans as inline Markdown; a line break in text becomes a hard line break, with the following
   * line indented by {@code indent} so it stays inside a list item.
   */
  private static String spans(List<Span> spans, String indent) {
    StringBuilder out = new StringBuilder();
    for (Span span : spans) {
      if (span instanceof Span.Bold bold) {
        out.append(
            bold.text().isBlank()
                ? inline(bold.text(), indent)
                : "**" + inline(bold.text(), indent) + "**");
      } else if (span instanceof Span.Code code) {
        out.append(codeSpan(code.text()));
      } else if (span instanceof Span.Link link) {
        String label = inline(oneLine(link.label().isEmpty() ? link.url() : link.label()), indent);
        out.append(
            WEB_URL.matcher(link.url()).matches()
                ? "[" + label + "](" + url(link.url()) + ")"
                : label);
      } else {
        out.append(inline(((Span.Text) span).text(), indent));
      }
    }
    return out.toString();
  }

  private static String inline(String text, String indent) {
    String[] lines = text.split("\\r?\\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      // A backslash at the end of a line is a hard line break in CommonMark.
      out.append(i == 0 ? "" : "\\\n" + indent).append(text(lines[i]));
    }
    return out.toString();
  }

  /** One line of text, escaped so that it is shown as written and mentions no one. */
  static String text(String line) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (ESCAPED.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
      boolean reference =
          c == '#' && i + 1 < line.length() && Character.isDigit(line.charAt(i + 1));
      if (c == '@' || reference) {
        out.append(ZWJ);
      }
    }
    return out.toString();
  }

  /**
   * A code span: GitHub shows its text as is, so only its delimiters matter. They are one backtick
   * longer than any run inside, padded with spaces when the text starts or ends with a backtick.
   */
  private static String codeSpan(String code) {
    String line = oneLine(code);
    if (line.isBlank()) {
      return line;
    }
    String ticks = "`".repeat(longestBackticks(line) + 1);
    String pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
    return ticks + pad + line + pad + ticks;
  }

  private static int longestBackticks(String text) {
    Matcher run = BACKTICKS.matcher(text);
    int longest = 0;
    while (run.find()) {
      longest = Math.max(longest, run.end() - run.start());
    }
    return longest;
  }

  /** A web URL for {@code (url)}: parentheses and angle brackets would end or break it. */
  private static String url(String url) {
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E");
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
