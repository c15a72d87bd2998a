package dev.upgradesentinel.sinks.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds the redaction a sink hands to {@link SinkHttp}: every secret it holds (a token, a routing
 * key, a webhook URL and the parts of it that carry the credential) is replaced by a label that
 * says which secret it was, so an answer or an I/O error that echoes one never reaches a log.
 */
public final class Redaction {
  private Redaction() {}

  /**
   * Replaces each secret, the longest first so a URL is replaced whole before its parts are.
   *
   * @param label what the log shows instead, such as "[the Google Chat webhook]"
   * @param secrets the secret texts; empty ones are ignored
   */
  public static UnaryOperator<String> of(String label, List<String> secrets) {
    List<String> sorted =
        secrets.stream()
            .filter(s -> !s.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    return text -> {
      String out = text;
      for (String secret : sorted) {
        out = out.replace(secret, label);
      }
      return out;
    };
  }

  /**
   * The secret parts of a webhook URL: the URL itself, its path (which names the hook) and its
   * query (which holds the key, token or signature of Google Chat and Teams Workflows webhooks).
   */
  public static List<String> urlParts(URI url) {
    List<String> parts = new ArrayList<>();
    parts.add(url.toString());
    if (url.getRawPath() != null && url.getRawPath().length() > 1) {
      parts.add(url.getRawPath());
    }
    if (url.getRawQuery() != null) {
      parts.add(url.getRawQuery());
      if (url.getQuery() != null) {
        parts.add(url.getQuery());
      }
    }
    return parts;
  }
}
