package dev.upgradesentinel.scan;

import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.delivery.RecentMessages;
import dev.upgradesentinel.events.PubSubEnvelope;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.routing.RoutingTable;
import dev.upgradesentinel.sinks.SlashCommandReply;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Handles one scan request from the scan topic: splits a large one into batches and publishes them
 * back, or scans a batch, sends its digest to the sinks and answers the slash command that asked
 * for it. A scope whose inventory holds more pages than one batch reads is handed on page by page:
 * each batch publishes the next, with the token of the page it starts at.
 *
 * <p>A message that can never be handled is logged at WARNING and acknowledged. A transient failure
 * (publishing, a sink, the response URL) throws {@link TransientFailureException} so that Pub/Sub
 * redelivers; each step that succeeded is remembered by message id in this instance, so a
 * redelivery to it does not post the digest or publish the batches twice. A project the GKE API
 * keeps failing after the scanner's retries is reported in the digest instead of failing the batch:
 * a redelivery would repeat every other project's request too.
 */
public final class ScanWorker {
  private static final Logger log = Logger.getLogger(ScanWorker.class.getName());
  private static final int MAX_ENVELOPE_BYTES = 1_000_000;

  /** Answers a slash command's response URL takes: Slack allows five, within 30 minutes. */
  static final int MAX_REPLIES = 5;

  private final RecentMessages recent = new RecentMessages(10_000);
  private final FleetScanner scanner;
  private final Supplier<ScanPublisher> publisher;
  private final Supplier<RoutingTable> routing;
  private final SlashCommandReply reply;
  private final GuidanceRenderer guidance;
  private final DigestDelivery digests;
  private final DigestRenderer words;
  private final int batchSize;
  private final String responseUrlPrefix;

  private ScanWorker(Builder b) {
    this.scanner = b.scanner;
    this.publisher = b.publisher;
    this.routing = b.routing;
    this.reply = b.reply;
    this.guidance = b.guidance;
    this.words = b.words;
    this.digests = b.digests;
    this.batchSize = b.batchSize;
    this.responseUrlPrefix = b.responseUrlPrefix;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ScanWorker}; {@link #build} names the first part that is missing. */
  public static final class Builder {
    private FleetScanner scanner;
    private Supplier<ScanPublisher> publisher;
    private Supplier<RoutingTable> routing;
    private SlashCommandReply reply;
    private GuidanceRenderer guidance;
    private DigestRenderer words;
    private DigestDelivery digests;
    private int batchSize = -1;
    private String responseUrlPrefix;

    private Builder() {}

    public Builder scanner(FleetScanner scanner) {
      this.scanner = Objects.requireNonNull(scanner, "scanner == null");
      return this;
    }

    /** The scan topic, created on first use: only a request to split needs it. */
    public Builder publisher(Supplier<ScanPublisher> publisher) {
      this.publisher = Objects.requireNonNull(publisher, "publisher == null");
      return this;
    }

    /**
     * The routing of digests, built on first use: only a request with {@code notify} needs it. Each
     * route's sinks get the part of a digest its matches select.
     */
    public Builder routing(Supplier<RoutingTable> routing) {
      this.routing = Objects.requireNonNull(routing, "routing == null");
      return this;
    }

    /** Answers slash commands at their response URL. */
    public Builder reply(SlashCommandReply reply) {
      this.reply = Objects.requireNonNull(reply, "reply == null");
      return this;
    }

    /** Words one cluster's answer to a slash command, and the digest of a scan. */
    public Builder words(GuidanceRenderer guidance, DigestRenderer digest) {
      this.guidance = Objects.requireNonNull(guidance, "guidance == null");
      this.words = Objects.requireNonNull(digest, "digest == null");
      return this;
    }

    public Builder digests(DigestDelivery digests) {
      this.digests = Objects.requireNonNull(digests, "digests == null");
      return this;
    }

    /** How many projects each batch of a split scan gets. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** The only URLs answers are posted to. */
    public Builder responseUrlPrefix(String prefix) {
      this.responseUrlPrefix = Objects.requireNonNull(prefix, "prefix == null");
      return this;
    }

    /**
     * @throws IllegalStateException naming the first part that was not set
     */
    public ScanWorker build() {
      require(scanner, "scanner");
      require(publisher, "publisher");
      require(routing, "routing");
      require(reply, "reply");
      require(guidance, "words");
      require(digests, "digests");
      require(batchSize < 0 ? null : batchSize, "batchSize");
      require(responseUrlPrefix, "responseUrlPrefix");
      return new ScanWorker(this);
    }

    private static void require(Object part, String name) {
      if (part == null) {
        throw new IllegalStateException("ScanWorker needs " + name + "(...)");
      }
    }
  }

  /**
   * Handles the data of one CloudEvent from the scan topic.
   *
   * @throws TransientFailureException when a retry may succeed; Pub/Sub redelivers
   */
  public void handle(String cloudEventType, byte[] data) {
    String messageId;
    ScanRequest request;
    try {
      PubSubEnvelope envelope = PubSubEnvelope.parse(cloudEventType, data, MAX_ENVELOPE_BYTES);
      messageId = envelope.messageId();
      if (!envelope.hasMessageId()) {
        throw new IllegalArgumentException("message has no valid messageId");
      }
      if (!envelope.message().has("data")) {
        throw new IllegalArgumentException("message has no data");
      }
      // A scheduler sweep carries no scan id; the message id is stable across redeliveries.
      request = ScanRequest.fromJson(envelope.dataText(), "scan-" + messageId);
    } catch (PubSubEnvelope.MalformedEnvelopeException e) {
      log.warning(
          "Dropping scan request that cannot be understood: messageId="
              + e.messageId()
              + " reason="
              + e.getMessage());
      return;
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      log.warning(
          "Dropping scan request that cannot be understood: messageId="
              + messageIdOf(cloudEventType, data)
              + " reason="
              + e.getMessage());
      return;
    }
    String context = request.logContext() + " messageId=" + messageId;
    if (recent.isDone(messageId)) {
      log.info("Already handled " + context);
      return;
    }
    if (request.batches() == 1
        && request.cluster().isEmpty()
        && request.projects().size() > batchSize) {
      split(request, messageId, context);
    } else {
      scan(request, messageId, context);
    }
    recent.markDone(messageId);
  }

  private void split(ScanRequest request, String messageId, String context) {
    List<ScanRequest> batches = request.split(batchSize);
    log.info("Splitting " + context + " into batches=" + batches.size());
    ScanPublisher topic;
    try {
      topic = publisher.get();
    } catch (ConfigException e) {
      // Without SCAN_TOPIC the batches have nowhere to go, and a redelivery will not change that.
      log.severe("Cannot split the scan, " + e.getMessage() + " " + context);
      return;
    }
    // A redelivery to this instance publishes only what the last delivery did not.
    List<ScanRequest> pending =
        batches.stream().filter(batch -> !recent.isDone(step(messageId, batch))).toList();
    topic.publishAll(pending);
    pending.forEach(batch -> recent.markDone(step(messageId, batch)));
  }

  private static String step(String messageId, ScanRequest batch) {
    return messageId + "/batch/" + batch.batch();
  }

  private void scan(ScanRequest request, String messageId, String context) {
    URI responseUrl = allowedResponseUrl(request, context);
    if (!request.notifySinks() && responseUrl == null) {
      log.warning(
          "Nothing to deliver the results to (notify=false, no responseUrl), not scanning "
              + context);
      return;
    }
    log.info("Scanning " + context + " requestedBy=" + request.requestedBy());
    ScanResult result;
    try {
      result = scanner.scan(request);
    } catch (ClusterNotFoundException e) {
      log.warning("Cluster not found " + context + " " + e.ref());
      if (responseUrl != null) {
        reply.send(
            responseUrl,
            words.clusterNotFound(
                request.projects().get(0), request.location(), request.cluster()));
      }
      return;
    }
    String next = result.inventory().map(ScanResult.Inventory::nextPageToken).orElse("");
    if (!next.isEmpty()) {
      result = handOn(request, result, next, responseUrl != null, messageId, context);
    }
    result.assessments().stream()
        .filter(a -> a.verdict().needsAction())
        .forEach(a -> log.info("Assessed " + context + " " + a.ref() + " verdict=" + a.verdict()));
    String digestStep = messageId + "/digest";
    if (request.notifySinks() && !recent.isDone(digestStep)) {
      try {
        digests.deliver(request, result, routing.get());
      } catch (ConfigException e) {
        // No sink configured: redelivery cannot fix that, so say so loudly and go on.
        log.severe("Cannot send the digest, " + e.getMessage() + " " + context);
      }
      recent.markDone(digestStep);
    }
    if (responseUrl != null) {
      reply.send(responseUrl, answer(request, result));
    }
  }

  /**
   * Publishes the next batch of a scope that this batch did not read to its end, before this
   * batch's digest is sent, so a sink that keeps failing does not stop the rest of the scope. A
   * scope is handed on only while someone will hear of it: a slash command's response URL takes
   * {@value #MAX_REPLIES} answers, so without {@code notify} its last batch stops there and says so
   * in its answer.
   *
   * @return the result, with an error for the scope when its rest will not be read
   */
  private ScanResult handOn(
      ScanRequest request,
      ScanResult result,
      String nextPageToken,
      boolean replying,
      String messageId,
      String context) {
    boolean replyLater = replying && request.batch() < MAX_REPLIES;
    if (!request.notifySinks() && !replyLater) {
      log.warning(
          "Not handing the rest of the scope on, its answer was posted "
              + MAX_REPLIES
              + " times "
              + context);
      return result.withError(
          new ScanError(
              request.scope(),
              "the scope holds more clusters than "
                  + MAX_REPLIES
                  + " answers to a slash command can carry; check it with CheckFunction"
                  + " (scope and notify=true) or the weekly sweep, whose digests go to the sinks"));
    }
    ScanRequest continuation = request.continuation(nextPageToken, replyLater);
    String step = messageId + "/next";
    if (!recent.isDone(step)) {
      try {
        publisher.get().publish(continuation);
      } catch (ConfigException e) {
        log.severe("Cannot hand the rest of the scope on, " + e.getMessage() + " " + context);
        return result.withError(
            new ScanError(
                request.scope(),
                "the rest of the scope was not read: SCAN_TOPIC is not set to hand it on"));
      }
      recent.markDone(step);
      log.info("Handed the rest of the scope on as batch=" + continuation.batch() + " " + context);
    }
    return result;
  }

  /** One cluster's full guidance when the command named one cluster; else the digest. */
  private Message answer(ScanRequest request, ScanResult result) {
    if (!request.cluster().isEmpty() && result.assessments().size() == 1) {
      return guidance.render(result.assessments().get(0));
    }
    return digests.render(request, result);
  }

  /** The response URL when it starts with the allowed prefix; null, logged, otherwise. */
  private URI allowedResponseUrl(ScanRequest request, String context) {
    if (request.responseUrl().isEmpty()) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(request.responseUrl());
    } catch (IllegalArgumentException e) {
      log.warning("Ignoring malformed responseUrl " + context);
      return null;
    }
    if (!request.responseUrl().startsWith(responseUrlPrefix) || uri.getHost() == null) {
      log.warning(
          "Ignoring responseUrl outside the allowed prefix host=" + uri.getHost() + " " + context);
      return null;
    }
    return uri;
  }

  /** The message id for the log line of a message that was rejected, if one can be read. */
  private static String messageIdOf(String cloudEventType, byte[] data) {
    try {
      return PubSubEnvelope.parse(cloudEventType, data, MAX_ENVELOPE_BYTES).messageId();
    } catch (PubSubEnvelope.MalformedEnvelopeException e) {
      return e.messageId();
    }
  }
}
