package dev.upgradesentinel.scan;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.googleapis.GoogleApiException;
import dev.upgradesentinel.googleapis.GoogleRest;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Publishes scan requests with Pub/Sub's REST API ({@code PUBSUB_TRANSPORT=rest}, as deployed):
 * {@code POST /v1/projects/P/topics/T:publish} over the instance's HTTP client, one message a call,
 * without the client library, its gRPC channel and its batching threads. The emulator ({@code
 * PUBSUB_EMULATOR_HOST}) answers the same API in plaintext.
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
    JsonObject attributes = new JsonObject();
    ScanMessages.attributes(request).forEach(attributes::addProperty);
    JsonObject message = new JsonObject();
    message.addProperty(
        "data",
        Base64.getEncoder().encodeToString(request.toJson().getBytes(StandardCharsets.UTF_8)));
    message.add("attributes", attributes);
    JsonArray messages = new JsonArray();
    messages.add(message);
    JsonObject body = new JsonObject();
    body.add("messages", messages);
    JsonObject answer;
    try {
      answer = api.post(path + ":publish", body, ScanMessages.PUBLISH_TIMEOUT);
    } catch (GoogleApiException e) {
      throw new TransientFailureException(
          "could not publish to the scan topic topic=" + topic + ": " + e.getMessage(), e);
    }
    String messageId = messageId(answer);
    log.info(ScanMessages.published(request, messageId));
    return messageId;
  }

  private String messageId(JsonObject answer) {
    if (answer.get("messageIds") instanceof JsonArray ids
        && ids.size() == 1
        && ids.get(0).isJsonPrimitive()
        && !ids.get(0).getAsString().isEmpty()) {
      return ids.get(0).getAsString();
    }
    throw new TransientFailureException(
        "Pub/Sub answered the publish without a message id topic=" + topic);
  }

  /** Loads the credentials and gets their first token; nothing is published. */
  @Override
  public void warmUp() {
    api.warmUp();
  }
}
