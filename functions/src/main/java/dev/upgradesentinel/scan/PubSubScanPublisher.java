package dev.upgradesentinel.scan;

import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.auth.Credentials;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Publishes scan requests to the scan topic with the Pub/Sub client library's publisher API ({@link
 * TopicAdminClient}) over its HTTP/JSON transport, or to the Pub/Sub emulator, which serves the
 * same REST API, when {@code PUBSUB_EMULATOR_HOST} is set.
 *
 * <p>The library's HTTP/JSON transport rather than its gRPC one: a slash command has 3 s to be
 * acknowledged and publishes before it answers, and a cold instance that loads the gRPC transport
 * (some 1,300 classes of gRPC and Netty) spends most of that on it. A fan-out's batches go in as
 * few calls as Pub/Sub takes: 1,000 messages and 10 MB a publish request.
 *
 * <p>The client is created on first use and kept for the instance.
 */
public final class PubSubScanPublisher implements ScanPublisher, Warmable, AutoCloseable {
  private static final Logger log = Logger.getLogger(PubSubScanPublisher.class.getName());

  /** Pub/Sub's limit of messages in one publish request. */
  static final int MAX_MESSAGES = 1_000;

  /**
   * What one publish request may carry, below Pub/Sub's 10 MB: its JSON encodes each message's data
   * in base64, a third more than the bytes themselves.
   */
  static final long MAX_REQUEST_BYTES = 7_000_000;

  private final TopicName topic;
  private final String emulatorHost;
  private final Duration timeout;
  private final Object lock = new Object();
  private TopicAdminClient client; // guarded by lock

  /**
   * @param topic {@code projects/P/topics/T}
   * @param emulatorHostOrNull {@code host:port} of the Pub/Sub emulator, or {@code null}
   */
  public PubSubScanPublisher(String topic, String emulatorHostOrNull) {
    this.topic = TopicName.parse(Objects.requireNonNull(topic, "topic == null"));
    this.emulatorHost = emulatorHostOrNull;
    this.timeout = ScanMessages.PUBLISH_TIMEOUT;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The request's kind, scan id and batch go along as message attributes.
   *
   * @throws TransientFailureException when Pub/Sub did not accept the message within 20 s
   */
  @Override
  public String publish(ScanRequest request) {
    return publishAll(List.of(request)).get(0);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The requests go in as few publish calls as Pub/Sub's limits allow, each retried by the
   * client library within 20 s.
   */
  @Override
  public List<String> publishAll(List<ScanRequest> requests) {
    List<String> ids = new ArrayList<>(requests.size());
    List<ScanRequest> chunk = new ArrayList<>();
    PublishRequest.Builder call = PublishRequest.newBuilder().setTopic(topic.toString());
    long bytes = 0;
    for (ScanRequest request : requests) {
      PubsubMessage message =
          PubsubMessage.newBuilder()
              .setData(ByteString.copyFromUtf8(request.toJson()))
              .putAllAttributes(ScanMessages.attributes(request))
              .build();
      long size = message.getData().size() * 4L / 3 + 200;
      if (!chunk.isEmpty() && (chunk.size() == MAX_MESSAGES || bytes + size > MAX_REQUEST_BYTES)) {
        ids.addAll(publish(call.build(), chunk));
        chunk.clear();
        call.clearMessages();
        bytes = 0;
      }
      chunk.add(request);
      call.addMessages(message);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      ids.addAll(publish(call.build(), chunk));
    }
    return ids;
  }

  /** One publish call of the messages of {@code requests}, in their order. */
  private List<String> publish(PublishRequest call, List<ScanRequest> requests) {
    PublishResponse answer;
    try {
      answer = client().publish(call);
    } catch (ApiException e) {
      throw new TransientFailureException(
          "could not publish to the scan topic topic="
              + topic
              + ": "
              + e.getStatusCode().getCode()
              + " "
              + e.getMessage(),
          e);
    }
    if (answer.getMessageIdsCount() != requests.size()) {
      throw new TransientFailureException(
          "the scan topic answered "
              + answer.getMessageIdsCount()
              + " message ids for "
              + requests.size()
              + " messages topic="
              + topic);
    }
    for (int i = 0; i < requests.size(); i++) {
      log.info(ScanMessages.published(requests.get(i), answer.getMessageIds(i)));
    }
    return answer.getMessageIdsList();
  }

  /**
   * Builds the client and its transport and fetches the credentials' first token (from the metadata
   * server, in the cloud); nothing is sent to Pub/Sub.
   */
  @Override
  public void warmUp() {
    TopicAdminClient created = client();
    try {
      Credentials credentials = created.getSettings().getCredentialsProvider().getCredentials();
      if (credentials != null) {
        credentials.getRequestMetadata(URI.create("https://pubsub.googleapis.com/"));
      }
    } catch (IOException e) {
      log.fine("No token yet, the first publish will fetch it: " + e);
    }
  }

  /** Stops the client, if one was created. */
  @Override
  public void close() {
    synchronized (lock) {
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }

  private TopicAdminClient client() {
    synchronized (lock) {
      if (client == null) {
        client = create();
      }
      return client;
    }
  }

  private TopicAdminClient create() {
    TopicAdminSettings.Builder settings = TopicAdminSettings.newHttpJsonBuilder();
    if (emulatorHost != null && !emulatorHost.isBlank()) {
      settings
          .setTransportChannelProvider(
              TopicAdminSettings.defaultHttpJsonTransportProviderBuilder()
                  .setEndpoint("http://" + emulatorHost.strip())
                  .build())
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    RetrySettings retry =
        settings.publishSettings().getRetrySettings().toBuilder()
            .setTotalTimeoutDuration(timeout)
            .setInitialRpcTimeoutDuration(timeout)
            .setMaxRpcTimeoutDuration(timeout)
            .build();
    settings
        .publishSettings()
        .setRetrySettings(retry)
        .setBatchingSettings(BatchingSettings.newBuilder().setIsEnabled(false).build());
    try {
      TopicAdminClient created = TopicAdminClient.create(settings.build());
      log.info("Pub/Sub client created topic=" + topic + " emulator=" + (emulatorHost != null));
      return created;
    } catch (IOException e) {
      // Mostly missing credentials: a retry does not help, but the caller answers 503 either way.
      throw new TransientFailureException("could not create the Pub/Sub client topic=" + topic, e);
    }
  }
}
