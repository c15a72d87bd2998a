package dev.upgradesentinel.sinks.ticket;

import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to a ticket system's REST API, kept as a value so that a dry run can log exactly what a
 * real run sends.
 *
 * @param method the HTTP method, such as {@code POST}
 * @param path the path below the API's base URL, starting with {@code /}, segments encoded
 * @param body the JSON body, if the call has one
 */
public record TicketRequest(String method, String path, Optional<JsonObject> body) {
  public TicketRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(body, "body == null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
  }

  public static TicketRequest get(String path) {
    return new TicketRequest("GET", path, Optional.empty());
  }

  public static TicketRequest post(String path, JsonObject body) {
    return new TicketRequest("POST", path, Optional.of(body));
  }

  public static TicketRequest patch(String path, JsonObject body) {
    return new TicketRequest("PATCH", path, Optional.of(body));
  }

  /**
   * One path segment, percent-encoded: ticket keys come from receipts and names from configuration,
   * and neither may add a segment or a query to the path.
   */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The call as a log line: method, path and body. */
  @Override
  public String toString() {
    return "method=" + method + " path=" + path + body.map(json -> " body=" + json).orElse("");
  }
}
