package dev.upgradesentinel.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
