package dev.upgradesentinel.scan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.googleapis.GoogleApiException;
import dev.upgradesentinel.googleapis.GoogleRest;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Publishes scan requests with Pub/Sub's REST API ({@code PUBSUB_TRANSPORT=rest}, as deployed):
 * {@code POST /v1/projects/P/topics/T:publish} over the instance's HTTP client, a fan-out's batches
 * in one call, without the client library, its gRPC channel and its batching threads. The emulator
 * ({@code PUBSUB_EMULATOR_HOST}) answers the same API in plaintext.
 *
 * <p>An attempt that failed UNAVAILABLE or DEADLINE_EXCEEDED is sent again within the 20 s a
 * publish is given, as the client library does. If its first answer was lost, the topic holds the
 * request twice: the worker's digests and answers are claimed under the scan id and batch, so a
 * duplicate posts nothing more, as with the client library's own retries.
 */
public final class RestScanPublisher implements ScanPublisher, Warmable {
  private static final Logger log = Logger.getLogger(RestScanPublisher.class.getName());

  private static final GoogleRest.Retry RETRY =
      new GoogleRest.Retry(
          ScanMessages.PUBLISH_TIMEOUT,
          Duration.ofSeconds(10),
          Duration.ofMillis(100),
          2.0,
          Duration.ofSeconds(2),
          0);

  /** Pub/Sub's limits on one publish request: 1,000 messages, 10 MB. */
  static final int MAX_MESSAGES = 1_000;

  /**
   * 10 MB less the body's own braces, counted on the JSON sent, which is larger than the data: the
   * data goes in base64.
   */
  static final long MAX_BYTES = 10_000_000 - 64;

  private final GoogleRest api;
  private final String topic;
  private final String path; // the topic's name, each segment encoded

  RestScanPublisher(GoogleRest api, String topic) {
    this.api = Objects.requireNonNull(api, "api == null");
    String[] parts = Objects.requireNonNull(topic, "topic == null").split("/", -1);
    if (parts.length != 4 || !parts[0].equals("projects") || !parts[2].equals("topics")) {
      throw new IllegalArgumentException("not projects/P/topics/T: " + topic);
    }
    this.topic = topic;
    this.path =
        "/v1/projects/" + GoogleRest.segment(parts[1]) + "/topics/" + GoogleRest.segment(parts[3]);
  }

  /**
   * A publisher on the real API with Application Default Credentials, or on the emulator.
   *
   * @param topic {@code projects/P/topics/T}
   * @param emulatorHostOrNull {@code host:port} of the Pub/Sub emulator, or {@code null}
   * @param http the instance's HTTP client
   */
  public static RestScanPublisher create(String topic, String emulatorHostOrNull, HttpClient http) {
    return new RestScanPublisher(
        GoogleRest.forApi("pubsub.googleapis.com", emulatorHostOrNull, http, RETRY), topic);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The request's kind, scan id and batch go along as message attributes.
   *
   * @throws TransientFailureException when Pub/Sub did not accept the message within 20 s, or
   *     refused it
   */
  @Override
  public String publish(ScanRequest request) {
    return publishAll(List.of(request)).get(0);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each call carries as many of them as Pub/Sub takes in one publish request: 1,000 messages,
   * 10 MB in all.
   */
  @Override
  public List<String> publishAll(List<ScanRequest> requests) {
    List<String> ids = new ArrayList<>(requests.size());
    List<ScanRequest> call = new ArrayList<>();
    JsonArray messages = new JsonArray();
    long bytes = 0;
    for (ScanRequest request : requests) {
      JsonObject message = message(request);
      long size = message.toString().getBytes(StandardCharsets.UTF_8).length + 1L; // and a comma
      if (!call.isEmpty() && (call.size() == MAX_MESSAGES || bytes + size > MAX_BYTES)) {
        ids.addAll(send(call, messages));
        call.clear();
        messages = new JsonArray();
        bytes = 0;
      }
      call.add(request);
      messages.add(message);
      bytes += size;
    }
    if (!call.isEmpty()) {
      ids.addAll(send(call, messages));
    }
    return ids;
  }

  private static JsonObject message(ScanRequest request) {
    JsonObject attributes = new JsonObject();
    ScanMessages.attributes(request).forEach(attributes::addProperty);
    JsonObject message = new JsonObject();
    message.addProperty(
        "data",
        Base64.getEncoder().encodeToString(request.toJson().getBytes(StandardCharsets.UTF_8)));
    message.add("attributes", attributes);
    return message;
  }

  private List<String> send(List<ScanRequest> requests, JsonArray messages) {
    JsonObject body = new JsonObject();
    body.add("messages", messages);
    JsonObject answer;
    try {
      answer = api.post(path + ":publish", body, ScanMessages.PUBLISH_TIMEOUT);
    } catch (GoogleApiException e) {
      throw new TransientFailureException(
          "could not publish to the scan topic topic=" + topic + ": " + e.getMessage(), e);
    }
    List<String> ids = messageIds(answer, requests.size());
    for (int i = 0; i < requests.size(); i++) {
      log.info(ScanMessages.published(requests.get(i), ids.get(i)));
    }
    return ids;
  }

  /** The answer's message ids, one for each message sent, in the order sent. */
  private List<String> messageIds(JsonObject answer, int sent) {
    List<String> ids = new ArrayList<>(sent);
    if (answer.get("messageIds") instanceof JsonArray array && array.size() == sent) {
      for (JsonElement id : array) {
        if (id.isJsonPrimitive() && !id.getAsString().isEmpty()) {
          ids.add(id.getAsString());
        }
      }
    }
    if (ids.size() != sent) {
      throw new TransientFailureException(
          "Pub/Sub's answer to a publish lacks a message id for each message sent="
              + sent
              + " topic="
              + topic);
    }
    return ids;
  }

  /** Loads the credentials and gets their first token; nothing is published. */
  @Override
  public void warmUp() {
    api.warmUp();
  }
}
