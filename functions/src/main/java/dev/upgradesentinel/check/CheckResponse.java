package dev.upgradesentinel.check;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a check, free of the Functions Framework's types.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body
 * @param headers further headers, such as {@code Allow}
 */
public record CheckResponse(
    int status, String contentType, String body, Map<String, String> headers) {
  static final String JSON = "application/json; charset=utf-8";

  public CheckResponse {
    Objects.requireNonNull(contentType, "contentType == null");
    Objects.requireNonNull(body, "body == null");
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers == null"));
  }

  static CheckResponse json(int status, JsonObject json) {
    return new CheckResponse(status, JSON, json.toString(), Map.of());
  }

  static CheckResponse error(int status, String message) {
    JsonObject json = new JsonObject();
    json.addProperty("error", message);
    return json(status, json);
  }
}
