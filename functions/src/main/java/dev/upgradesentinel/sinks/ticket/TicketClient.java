package dev.upgradesentinel.sinks.ticket;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.http.SinkHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Sends {@link TicketRequest}s to one ticket system's JSON API with the headers it needs (its
 * credentials among them) through {@link SinkHttp}, so every call follows the shared timeout,
 * rate-limit and retry policy.
 */
public final class TicketClient {
  private final String base;
  private final Map<String, String> headers;
  private final SinkHttp http;
  private final Predicate<HttpResponse<String>> rateLimited;
  private final Duration unnamedWait;

  /**
   * @param baseUrl the API's base URL; request paths are appended to it
   * @param headers sent with every request, such as Authorization and Accept
   * @param rateLimited tells a rate-limit answer beyond HTTP 429 (GitHub also answers 403)
   * @param unnamedWait how long the service wants to be left alone after a rate limit that names no
   *     wait
   */
  public TicketClient(
      URI baseUrl,
      Map<String, String> headers,
      SinkHttp http,
      Predicate<HttpResponse<String>> rateLimited,
      Duration unnamedWait) {
    this.base = Objects.requireNonNull(baseUrl, "baseUrl == null").toString().replaceAll("/+$", "");
    this.headers = new LinkedHashMap<>(Objects.requireNonNull(headers, "headers == null"));
    this.http = Objects.requireNonNull(http, "http == null");
    this.rateLimited = Objects.requireNonNull(rateLimited, "rateLimited == null");
    this.unnamedWait = Objects.requireNonNull(unnamedWait, "unnamedWait == null");
  }

  /**
   * Sends one request.
   *
   * @return the answer: 2xx, or a 4xx other than a rate limit
   * @throws TransientFailureException on 5xx, I/O errors, timeouts, the deadline, or rate limits
   *     longer than the wait allowed; Pub/Sub redelivers
   */
  public HttpResponse<String> send(TicketRequest request, Deadline deadline) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()));
    headers.forEach(builder::header);
    HttpRequest.BodyPublisher body =
        request
            .body()
            .map(
                json ->
                    HttpRequest.BodyPublishers.ofString(json.toString(), StandardCharsets.UTF_8))
            .orElse(HttpRequest.BodyPublishers.noBody());
    if (request.body().isPresent()) {
      builder.header("Content-Type", "application/json; charset=utf-8");
    }
    builder.method(request.method(), body);
    return http.send(builder, deadline, rateLimited, unnamedWait);
  }

  /** The service's answer, short and with secrets redacted, for log lines and refusals. */
  public String bodyOf(HttpResponse<String> response) {
    return http.bodyOf(response);
  }

  /** The answer's JSON object, or an empty one when the answer is not a JSON object. */
  public static JsonObject json(HttpResponse<String> response) {
    try {
      JsonElement parsed = JsonParser.parseString(response.body());
      return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
    } catch (JsonParseException e) {
      return new JsonObject();
    }
  }

  /** A member of a JSON object as a string, or empty when it is missing or not a primitive. */
  public static String string(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }
}
