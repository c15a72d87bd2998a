package dev.upgradesentinel.sinks.slack;

import java.util.regex.Pattern;

/**
 * Escapes text for Slack's mrkdwn so that it is shown as written and never acts as markup.
 *
 * <p>Slack reads {@code <...>} as links and mentions ({@code <!channel>}, {@code <@U123>}, {@code
 * <https://x|label>}); escaping {@code & < >} as entities, as Slack documents, turns those into
 * text. Slack has no escape for the formatting marks {@code * _ ~ `}, and what it does with
 * zero-width characters next to them is undocumented, so outside code they are replaced with
 * look-alike characters ({@code ∗ ˍ ∼ ˋ}): the text still reads the same and cannot turn bold,
 * italic, struck or code. Slack only formats with {@code * _ ~} at the edge of a word, so a mark
 * between two letters or digits ({@code COS_CONTAINERD}, {@code AT_RISK}) is kept and stays
 * searchable and pasteable. Inside code Slack applies no formatting, so there only the backtick,
 * which would end the code, is replaced.
 */
final class Mrkdwn {
  static final String ELLIPSIS = "…";
  private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s\\p{Cntrl}]+");

  private Mrkdwn() {}

  /** Text outside code, escaped and cut to at most {@code max} characters, ending in "…" if cut. */
  static String literal(String text, int max) {
    return escape(text, max, Mrkdwn::literalUnit);
  }

  static String literal(String text) {
    return literal(text, Integer.MAX_VALUE);
  }

  /** Text inside a code span or block, escaped and cut like {@link #literal(String, int)}. */
  static String code(String text, int max) {
    return escape(text, max, Mrkdwn::codeUnit);
  }

  /** Whether a URL may be linked: http or https, without spaces or control characters. */
  static boolean isWebUrl(String url) {
    return WEB_URL.matcher(url).matches();
  }

  /** A web URL for {@code <url|label>}; {@code |} would end the URL, so it is percent-encoded. */
  static String url(String url) {
    return escape(url, Integer.MAX_VALUE, (cps, i) -> cps[i] == '|' ? "%7C" : entity(cps[i]));
  }

  /** How one code point of a text is written; sees its neighbours. */
  @FunctionalInterface
  private interface Unit {
    String apply(int[] codePoints, int index);
  }

  private static String literalUnit(int[] codePoints, int i) {
    int c = codePoints[i];
    if ((c == '*' || c == '_' || c == '~') && insideWord(codePoints, i)) {
      return Character.toString(c);
    }
    return switch (c) {
      case '*' -> "\u2217";
      case '_' -> "\u02cd";
      case '~' -> "\u223c";
      case '`' -> "\u02cb";
      default -> entity(c);
    };
  }

  private static boolean insideWord(int[] codePoints, int i) {
    return i > 0
        && i < codePoints.length - 1
        && Character.isLetterOrDigit(codePoints[i - 1])
        && Character.isLetterOrDigit(codePoints[i + 1]);
  }

  private static String codeUnit(int[] codePoints, int i) {
    return codePoints[i] == '`' ? "\u02cb" : entity(codePoints[i]);
  }

  private static String entity(int c) {
    return switch (c) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      default -> Character.toString(c);
    };
  }

  /**
   * Escapes code point by code point, so a cut never splits an entity or a surrogate pair. Lengths
   * are UTF-16 units, which never undercounts the characters Slack counts.
   */
  private static String escape(String text, int max, Unit unit) {
    StringBuilder out = new StringBuilder();
    int[] codePoints = text.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      String next = unit.apply(codePoints, i);
      boolean last = i == codePoints.length - 1;
      int room = last ? max : max - ELLIPSIS.length();
      if (out.length() + next.length() > room) {
        return fitEllipsis(out, max);
      }
      out.append(next);
    }
    return out.toString();
  }

  private static String fitEllipsis(StringBuilder out, int max) {
    return max < ELLIPSIS.length() ? "" : out.append(ELLIPSIS).toString();
  }
}
