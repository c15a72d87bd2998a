package dev.upgradesentinel.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Posts CloudEvents in binary content mode, with the headers Eventarc sends for Pub/Sub. */
public final class CloudEvents {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private CloudEvents() {}

  /** Posts a Pub/Sub envelope as a {@code messagePublished} event and returns the HTTP status. */
  public static int postPubSub(String url, String envelopeJson) {
    return post(url, "google.cloud.pubsub.topic.v1.messagePublished", envelopeJson);
  }

  /**
   * A GKE notification fixture from {@code events/}, as Pub/Sub delivers it about one cluster in
   * {@code us-central1}, with its own message id.
   */
  public static String notification(
      String fixture, String project, String cluster, String messageId) {
    return notification(fixture, project, "us-central1", cluster, messageId);
  }

  /**
   * As {@link #notification(String, String, String, String)}, about a cluster in {@code location}.
   */
  public static String notification(
      String fixture, String project, String location, String cluster, String messageId) {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/" + fixture)).getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", messageId);
    message.remove("message_id");
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", project);
    attributes.addProperty("cluster_location", location);
    attributes.addProperty("cluster_name", cluster);
    return envelope.toString();
  }

  /**
   * Delivers as Pub/Sub does to a push endpoint: again after any answer but 2xx, a little later
   * each time, to the instances in turn from {@code first}.
   *
   * @return the deliveries made
   * @throws AssertionError when none of {@code max} deliveries was acknowledged
   */
  public static int deliverUntilAcked(
      List<InvokerProcess> instances, int first, String envelope, int max)
      throws InterruptedException {
    for (int attempt = 1; attempt <= max; attempt++) {
      String url = instances.get((first + attempt - 1) % instances.size()).baseUrl();
      if (postPubSub(url, envelope) / 100 == 2) {
        return attempt;
      }
      Thread.sleep(Math.min(1_000, 100L * attempt));
    }
    throw new AssertionError("not acknowledged after " + max + " deliveries");
  }

  public static int post(String url, String type, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("ce-specversion", "1.0")
            .header("ce-id", UUID.randomUUID().toString())
            .header(
                "ce-source",
                "//pubsub.googleapis.com/projects/platform-ops/topics/gke-notifications")
            .header("ce-type", type)
            .header("ce-time", "2026-11-24T06:12:31.452Z")
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
