package dev.upgradesentinel.sinks;

/**
 * Makes untrusted text safe for the light Markdown of chat services that have no escape for it
 * (Google Chat's message text, Adaptive Card text blocks): what would start a link, a mention, code
 * or emphasis is replaced by a look-alike character, so the text still reads the same but is shown
 * as written and cannot ping, link or format.
 *
 * <p>{@code * _ ~} format only at the edge of a word, so between two letters or digits ({@code
 * COS_CONTAINERD}, {@code AT_RISK}) they are kept and stay searchable and pasteable.
 */
public final class MarkupText {
  private MarkupText() {}

  /** The text with every markup character outside words replaced by its look-alike. */
  public static String literal(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int[] cps = text.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      boolean inWord =
          i > 0
              && i < cps.length - 1
              && Character.isLetterOrDigit(cps[i - 1])
              && Character.isLetterOrDigit(cps[i + 1]);
      if ((c == '*' || c == '_' || c == '~') && inWord) {
        out.appendCodePoint(c);
        continue;
      }
      switch (c) {
        case '*' -> out.append('\u2217');
        case '_' -> out.append('\u02cd');
        case '~' -> out.append('\u223c');
        case '`' -> out.append('\u02cb');
        case '<' -> out.append('\u2039');
        case '>' -> out.append('\u203a');
        case '[' -> out.append('\uff3b');
        case ']' -> out.append('\uff3d');
        default -> out.appendCodePoint(c);
      }
    }
    return out.toString();
  }

  /** At most {@code max} characters, ending in "…" when cut, never splitting a surrogate pair. */
  public static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  /** Whether a URL may be linked: http or https, without spaces or control characters. */
  public static boolean isWebUrl(String url) {
    return url.matches("https?://[^\\s\\p{Cntrl}]+");
  }
}
