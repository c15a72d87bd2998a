package dev.upgradesentinel.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.gson.JsonObject;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers messages from a Pub/Sub emulator subscription to a function on the invoker as Eventarc
 * does: one binary-mode CloudEvent ({@code google.cloud.pubsub.topic.v1.messagePublished}) per
 * message, acked on a 2xx answer and nacked (ack deadline 0, so it is redelivered) otherwise.
 *
 * <p>The Java Functions Framework cannot take the emulator's push requests, which are not
 * CloudEvents, so tests pull with the synchronous pull API instead. Runs on a daemon thread from
 * {@link #start} until {@link #close}.
 */
public final class EventarcBridge implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final SubscriberStub subscriber;
  private final String subscription;
  private final String topic;
  private final String targetUrl;
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicInteger nacked = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;

  private EventarcBridge(
      SubscriberStub subscriber, String subscription, String topic, String targetUrl) {
    this.subscriber = subscriber;
    this.subscription = subscription;
    this.topic = topic;
    this.targetUrl = targetUrl;
    this.thread = new Thread(this::run, "eventarc-bridge");
    thread.setDaemon(true);
  }

  /**
   * Starts delivering.
   *
   * @param subscription {@code projects/P/subscriptions/S} on the emulator
   * @param topic {@code projects/P/topics/T}, named in each event's {@code ce-source}
   * @param targetUrl the function's URL on the invoker
   */
  public static EventarcBridge start(
      PubSubEmulator emulator, String subscription, String topic, String targetUrl) {
    SubscriberStub stub;
    try {
      stub =
          GrpcSubscriberStub.create(
              SubscriberStubSettings.newBuilder()
                  .setTransportChannelProvider(emulator.channelProvider())
                  .setCredentialsProvider(NoCredentialsProvider.create())
                  .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EventarcBridge bridge = new EventarcBridge(stub, subscription, topic, targetUrl);
    bridge.thread.start();
    return bridge;
  }

  /** Messages delivered with a 2xx answer. */
  public int acked() {
    return acked.get();
  }

  /** Deliveries answered otherwise. */
  public int nacked() {
    return nacked.get();
  }

  /** Waits until at least {@code count} messages were acked, or fails after the timeout. */
  public void awaitAcked(int count, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (acked.get() < count) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "only "
                + acked.get()
                + " of "
                + count
                + " messages acked, "
                + nacked.get()
                + " nacked");
      }
      pause(50);
    }
  }

  @SuppressWarnings("deprecation") // returnImmediately keeps the loop responsive to close()
  private void run() {
    while (running) {
      List<ReceivedMessage> received;
      try {
        received =
            subscriber
                .pullCallable()
                .call(
                    PullRequest.newBuilder()
                        .setSubscription(subscription)
                        .setMaxMessages(10)
                        .setReturnImmediately(true)
                        .build())
                .getReceivedMessagesList();
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        pause(100);
        continue;
      }
      if (received.isEmpty()) {
        pause(100);
      }
      for (ReceivedMessage message : received) {
        deliver(message);
      }
    }
  }

  private void deliver(ReceivedMessage received) {
    PubsubMessage message = received.getMessage();
    int status = post(message);
    if (status / 100 == 2) {
      subscriber
          .acknowledgeCallable()
          .call(
              AcknowledgeRequest.newBuilder()
                  .setSubscription(subscription)
                  .addAckIds(received.getAckId())
                  .build());
      acked.incrementAndGet();
    } else {
      subscriber
          .modifyAckDeadlineCallable()
          .call(
              ModifyAckDeadlineRequest.newBuilder()
                  .setSubscription(subscription)
                  .addAckIds(received.getAckId())
                  .setAckDeadlineSeconds(0)
                  .build());
      nacked.incrementAndGet();
    }
  }

  /** Posts the message as Eventarc would; an unreachable function counts as a failed delivery. */
  private int post(PubsubMessage message) {
    String publishTime = Timestamps.toString(message.getPublishTime());
    JsonObject body = new JsonObject();
    JsonObject json = new JsonObject();
    json.addProperty("data", Base64.getEncoder().encodeToString(message.getData().toByteArray()));
    JsonObject attributes = new JsonObject();
    message.getAttributesMap().forEach(attributes::addProperty);
    json.add("attributes", attributes);
    json.addProperty("messageId", message.getMessageId());
    json.addProperty("publishTime", publishTime);
    body.add("message", json);
    body.addProperty("subscription", subscription);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(targetUrl))
            .timeout(Duration.ofSeconds(60))
            .header("ce-specversion", "1.0")
            .header("ce-id", message.getMessageId())
            .header("ce-source", "//pubsub.googleapis.com/" + topic)
            .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
            .header("ce-time", publishTime)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
    subscriber.close();
  }
}
