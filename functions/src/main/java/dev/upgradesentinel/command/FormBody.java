package dev.upgradesentinel.command;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads an {@code application/x-www-form-urlencoded} body, as Slack sends slash commands. */
final class FormBody {
  private FormBody() {}

  /**
   * The fields of a form body; {@code +} and percent escapes are decoded as UTF-8, and a repeated
   * field keeps its first value.
   *
   * @throws IllegalArgumentException when a percent escape is malformed
   */
  static Map<String, String> parse(String body) {
    Map<String, String> fields = new HashMap<>();
    if (body.isEmpty()) {
      return fields;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      fields.putIfAbsent(name, value);
    }
    return fields;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
