package dev.upgradesentinel.guidance;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link policy for text that comes from an event: anyone able to publish to the notification
 * topic writes it, so it must never become a live link in an official-looking message.
 *
 * <p>Only an {@code https} URL on Google's own bulletin and documentation hosts is linked. Any
 * other URL, and every URL inside free text, is shown defanged ({@code hxxps://evil[.]example/x}):
 * still readable, but no chat service, Markdown renderer or ticket editor recognises it as a link,
 * whatever its own rules for finding links in plain text are.
 */
final class UntrustedText {
  /** The hosts whose pages GKE links from its events: security bulletins and documentation. */
  static final Set<String> LINKED_HOSTS = Set.of("cloud.google.com", "docs.cloud.google.com");

  // A scheme and the authority after it, up to the path; and a host that starts with www.
  private static final Pattern URL_START =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*)://([^\\s/?#]*)");
  private static final Pattern WWW = Pattern.compile("(?i)\\bwww\\.[^\\s/?#]*");

  private UntrustedText() {}

  /** Whether a URL from an event may be linked: https, on a host of {@link #LINKED_HOSTS}. */
  static boolean isLinkable(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    return "https".equals(uri.getScheme())
        && uri.getHost() != null
        && uri.getRawUserInfo() == null
        && uri.getPort() == -1
        && uri.getHost().equals(uri.getRawAuthority())
        && LINKED_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))
        && !url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  /** Text with every URL in it defanged: the scheme's {@code ://} and the host's dots bracketed. */
  static String defanged(String text) {
    Matcher url = URL_START.matcher(text);
    StringBuilder out = new StringBuilder();
    while (url.find()) {
      String scheme = url.group(1).replaceAll("(?i)^http", "hxxp");
      url.appendReplacement(
          out, Matcher.quoteReplacement(scheme + "[:]//" + url.group(2).replace(".", "[.]")));
    }
    url.appendTail(out);
    return WWW.matcher(out)
        .replaceAll(www -> Matcher.quoteReplacement(www.group().replace(".", "[.]")));
  }

  /** A span for free text from an event. */
  static Span text(String text) {
    return Span.text(defanged(text));
  }
}
