package dev.upgradesentinel.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Pub/Sub emulator of the Google Cloud CLI ({@code gcloud beta emulators pubsub start}),
 * started on a free port of 127.0.0.1 for one test class and stopped, with every process it
 * spawned, on {@link #close()}.
 *
 * <p>Give functions {@code PUBSUB_EMULATOR_HOST=}{@link #hostPort()}. Topics and subscriptions are
 * created with the Java admin clients over a plaintext channel. It fails loudly, never skips, when
 * gcloud or its emulator component is missing.
 */
public final class PubSubEmulator implements AutoCloseable {
  /** The project every topic and subscription lives in. */
  public static final String PROJECT = "test-project";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final List<String> output = new ArrayList<>();
  private ManagedChannel channel;

  private PubSubEmulator(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread reader = new Thread(this::collect, "pubsub-emulator-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the emulator and waits until it answers.
   *
   * @throws IllegalStateException naming what is missing when gcloud or the emulator cannot start
   */
  public static PubSubEmulator start() {
    int port = Processes.freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                "gcloud",
                "beta",
                "emulators",
                "pubsub",
                "start",
                "--host-port=127.0.0.1:" + port,
                "--project=" + PROJECT,
                "--quiet")
            .redirectErrorStream(true);
    builder.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run gcloud: install the Google Cloud CLI and its pubsub-emulator component", e);
    }
    PubSubEmulator emulator = new PubSubEmulator(process, port);
    emulator.awaitReady();
    return emulator;
  }

  /** {@code 127.0.0.1:PORT}, for {@code PUBSUB_EMULATOR_HOST}. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** A plaintext channel to the emulator, shared; closed with the emulator. */
  public synchronized ManagedChannel channel() {
    if (channel == null) {
      channel = ManagedChannelBuilder.forTarget(hostPort()).usePlaintext().build();
    }
    return channel;
  }

  /** Creates a topic and returns its name, {@code projects/test-project/topics/NAME}. */
  public String createTopic(String name) {
    TopicName topic = TopicName.of(PROJECT, name);
    try (TopicAdminClient admin =
        TopicAdminClient.create(
            TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channelProvider())
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build())) {
      admin.createTopic(topic);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return topic.toString();
  }

  /**
   * Creates a pull subscription with a 10 s ack deadline and returns its name, {@code
   * projects/test-project/subscriptions/NAME}.
   */
  public String createSubscription(String topic, String name) {
    SubscriptionName subscription = SubscriptionName.of(PROJECT, name);
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(
            SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(channelProvider())
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build())) {
      admin.createSubscription(
          subscription, TopicName.parse(topic), PushConfig.getDefaultInstance(), 10);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return subscription.toString();
  }

  /** Publishes one message with the given UTF-8 data and returns its message id. */
  public String publish(String topic, String data) {
    return publish(topic, data, Map.of());
  }

  /** Publishes one message with data and attributes, as GKE does, and returns its message id. */
  public String publish(String topic, String data, Map<String, String> attributes) {
    Publisher publisher;
    try {
      publisher =
          Publisher.newBuilder(TopicName.parse(topic))
              .setChannelProvider(channelProvider())
              .setCredentialsProvider(NoCredentialsProvider.create())
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return publisher
          .publish(
              PubsubMessage.newBuilder()
                  .setData(ByteString.copyFromUtf8(data))
                  .putAllAttributes(attributes)
                  .build())
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not publish to " + topic, e);
    } finally {
      publisher.shutdown();
    }
  }

  /**
   * Pulls the messages a subscription holds, acknowledging them, until {@code count} arrived or the
   * timeout passed; returns what arrived.
   */
  public List<PubsubMessage> pull(String subscription, int count, Duration timeout) {
    List<PubsubMessage> messages = new ArrayList<>();
    try (SubscriberStub stub =
        GrpcSubscriberStub.create(
            SubscriberStubSettings.newBuilder()
                .setTransportChannelProvider(channelProvider())
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build())) {
      Instant deadline = Instant.now().plus(timeout);
      while (messages.size() < count && Instant.now().isBefore(deadline)) {
        List<ReceivedMessage> received =
            stub.pullCallable()
                .call(
                    PullRequest.newBuilder()
                        .setSubscription(subscription)
                        .setMaxMessages(count - messages.size())
                        .build())
                .getReceivedMessagesList();
        if (received.isEmpty()) {
          continue;
        }
        received.forEach(message -> messages.add(message.getMessage()));
        stub.acknowledgeCallable()
            .call(
                AcknowledgeRequest.newBuilder()
                    .setSubscription(subscription)
                    .addAllAckIds(received.stream().map(ReceivedMessage::getAckId).toList())
                    .build());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return messages;
  }

  /** Everything the emulator printed so far. */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  TransportChannelProvider channelProvider() {
    return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel()));
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Pub/Sub emulator exited with "
                + process.exitValue()
                + " (is the pubsub-emulator component of the Google Cloud CLI installed?):\n"
                + output());
      }
      // The wrapper prints this once the Java server listens; the port alone may be a stale bind.
      if (output().contains("Server started") && connects()) {
        return;
      }
      Processes.sleep(100);
    }
    close();
    throw new IllegalStateException(
        "the Pub/Sub emulator did not start within " + START_TIMEOUT + ":\n" + output());
  }

  private boolean connects() {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private void collect() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
      }
    } catch (IOException endOfProcess) {
      // The emulator was stopped; what was read is kept.
    }
  }

  /** Stops the channel, then the gcloud wrapper and the Java server it spawned. */
  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
    Processes.stopTree(process);
  }
}
