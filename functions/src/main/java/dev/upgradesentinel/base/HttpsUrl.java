package dev.upgradesentinel.base;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** The check every configured URL passes: https, or plain http to a local test server. */
public final class HttpsUrl {
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private HttpsUrl() {}

  /**
   * Parses a URL that may hold a secret, so the error never repeats it. Plain http is allowed only
   * for local test servers.
   *
   * @param variable names the setting in the error, such as {@code SLACK_WEBHOOK_URL}
   * @throws ConfigException when the value is not an https URL
   */
  public static URI parse(String variable, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(variable + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean local = uri.getHost() != null && LOCAL_HOSTS.contains(uri.getHost());
    if (!(scheme.equals("https") || (scheme.equals("http") && local)) || uri.getHost() == null) {
      throw new ConfigException(variable + " must be an https URL");
    }
    return uri;
  }
}
