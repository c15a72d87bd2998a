package dev.upgradesentinel.scan;

import com.google.api.core.ApiFuture;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.base.Warmable;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Publishes scan requests to the scan topic with the Pub/Sub client library, or to the Pub/Sub
 * emulator when {@code PUBSUB_EMULATOR_HOST} is set.
 *
 * <p>The {@link Publisher} is created on first publish and kept for the instance: it opens channels
 * and thread pools, too costly per request. A fan-out publishes a few to a few dozen messages at
 * once, so batches are flushed after 10 ms or 100 messages: short enough to add no noticeable
 * latency to an HTTP answer, long enough to send one fan-out in few requests.
 */
public final class PubSubScanPublisher implements ScanPublisher, Warmable, AutoCloseable {
  private static final Logger log = Logger.getLogger(PubSubScanPublisher.class.getName());

  private static final BatchingSettings BATCHING =
      BatchingSettings.newBuilder()
          .setElementCountThreshold(100L)
          .setRequestByteThreshold(1_000_000L)
          .setDelayThresholdDuration(Duration.ofMillis(10))
          .build();

  private final TopicName topic;
  private final String emulatorHost;
  private final Duration timeout;
  private final Object lock = new Object();
  private Publisher publisher; // guarded by lock
  private ManagedChannel emulatorChannel; // guarded by lock

  /**
   * @param topic {@code projects/P/topics/T}
   * @param emulatorHostOrNull {@code host:port} of the Pub/Sub emulator, or {@code null}
   */
  public PubSubScanPublisher(String topic, String emulatorHostOrNull) {
    this(topic, emulatorHostOrNull, ScanMessages.PUBLISH_TIMEOUT);
  }

  PubSubScanPublisher(String topic, String emulatorHostOrNull, Duration timeout) {
    this.topic = TopicName.parse(Objects.requireNonNull(topic, "topic == null"));
    this.emulatorHost = emulatorHostOrNull;
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
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
   * <p>Every request is handed to the client library at once, which sends them in batches of up to
   * 100; the whole fan-out then has 20 s to be accepted.
   */
  @Override
  public List<String> publishAll(List<ScanRequest> requests) {
    List<ApiFuture<String>> futures = new ArrayList<>(requests.size());
    for (ScanRequest request : requests) {
      futures.add(
          publisher()
              .publish(
                  PubsubMessage.newBuilder()
                      .setData(ByteString.copyFromUtf8(request.toJson()))
                      .putAllAttributes(ScanMessages.attributes(request))
                      .build()));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> ids = new ArrayList<>(requests.size());
    for (int i = 0; i < futures.size(); i++) {
      ApiFuture<String> future = futures.get(i);
      try {
        String messageId =
            future.get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
        log.info(ScanMessages.published(requests.get(i), messageId));
        ids.add(messageId);
      } catch (TimeoutException e) {
        futures.forEach(pending -> pending.cancel(true));
        throw new TransientFailureException(
            "scan topic did not accept the request within "
                + timeout.toSeconds()
                + " s topic="
                + topic,
            e);
      } catch (ExecutionException e) {
        throw new TransientFailureException(
            "could not publish to the scan topic topic=" + topic + ": " + e.getCause().getMessage(),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientFailureException("interrupted while publishing topic=" + topic, e);
      }
    }
    return ids;
  }

  /** Builds the publisher and its channel; nothing is published. */
  @Override
  public void warmUp() {
    publisher();
  }

  /** Flushes and stops the publisher, if one was created. */
  @Override
  public void close() throws InterruptedException {
    synchronized (lock) {
      if (publisher != null) {
        publisher.shutdown();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
        publisher = null;
      }
      if (emulatorChannel != null) {
        emulatorChannel.shutdownNow();
        emulatorChannel = null;
      }
    }
  }

  private Publisher publisher() {
    synchronized (lock) {
      if (publisher == null) {
        publisher = create();
      }
      return publisher;
    }
  }

  private Publisher create() {
    Publisher.Builder builder = Publisher.newBuilder(topic).setBatchingSettings(BATCHING);
    if (emulatorHost != null && !emulatorHost.isBlank()) {
      emulatorChannel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
      builder
          .setChannelProvider(
              FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel)))
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    try {
      Publisher created = builder.build();
      log.info(
          "Pub/Sub publisher created topic=" + topic + " emulator=" + (emulatorChannel != null));
      return created;
    } catch (IOException e) {
      // Mostly missing credentials: a retry does not help, but the caller answers 503 either way.
      throw new TransientFailureException(
          "could not create the Pub/Sub publisher topic=" + topic, e);
    }
  }
}
