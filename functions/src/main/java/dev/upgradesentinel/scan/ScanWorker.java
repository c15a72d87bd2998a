package dev.upgradesentinel.scan;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.config.ConfigException;
import dev.upgradesentinel.delivery.RecentMessages;
import dev.upgradesentinel.delivery.TransientFailureException;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.sinks.Sink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Handles one scan request from the scan topic: splits a large one into batches and publishes them
 * back, or scans a batch, sends its digest to the sinks and answers the slash command that asked
 * for it.
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
  static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final int MAX_ENVELOPE_BYTES = 1_000_000;

  private final RecentMessages recent = new RecentMessages(10_000);
  private final FleetScanner scanner;
  private final Supplier<ScanPublisher> publisher;
  private final Supplier<List<Sink>> sinks;
  private final SlashCommandReply reply;
  private final GuidanceRenderer guidance;
  private final DigestDelivery digests;
  private final DigestRenderer words;
  private final int batchSize;
  private final String responseUrlPrefix;

  /**
   * @param publisher created on first use: only a request to split needs it
   * @param sinks created on first use: only a request with {@code notify} needs them
   * @param responseUrlPrefix the only URLs answers are posted to
   */
  public ScanWorker(
      FleetScanner scanner,
      Supplier<ScanPublisher> publisher,
      Supplier<List<Sink>> sinks,
      SlashCommandReply reply,
      GuidanceRenderer guidance,
      DigestRenderer words,
      DigestDelivery digests,
      int batchSize,
      String responseUrlPrefix) {
    this.scanner = Objects.requireNonNull(scanner, "scanner == null");
    this.publisher = Objects.requireNonNull(publisher, "publisher == null");
    this.sinks = Objects.requireNonNull(sinks, "sinks == null");
    this.reply = Objects.requireNonNull(reply, "reply == null");
    this.guidance = Objects.requireNonNull(guidance, "guidance == null");
    this.words = Objects.requireNonNull(words, "words == null");
    this.digests = Objects.requireNonNull(digests, "digests == null");
    this.batchSize = batchSize;
    this.responseUrlPrefix = Objects.requireNonNull(responseUrlPrefix, "responseUrlPrefix == null");
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
      JsonObject message = message(cloudEventType, data);
      messageId = message.has("messageId") ? message.get("messageId").getAsString() : "";
      if (!messageId.matches("[A-Za-z0-9._:-]{1,100}")) {
        throw new IllegalArgumentException("message has no valid messageId");
      }
      String text =
          new String(
              Base64.getDecoder().decode(message.get("data").getAsString()),
              StandardCharsets.UTF_8);
      // A scheduler sweep carries no scan id; the message id is stable across redeliveries.
      request = ScanRequest.fromJson(text, "scan-" + messageId);
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      log.warning(
          "Dropping scan request that cannot be understood: messageId="
              + messageIdOf(data)
              + " reason="
              + e.getMessage());
      return;
    }
    String context =
        "scan="
            + request.scanId()
            + " kind="
            + request.kind().code()
            + " batch="
            + request.batch()
            + "/"
            + request.batches()
            + " projects="
            + request.projects().size()
            + " messageId="
            + messageId;
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
    for (ScanRequest batch : batches) {
      String step = messageId + "/batch/" + batch.batch();
      if (!recent.isDone(step)) {
        topic.publish(batch);
        recent.markDone(step);
      }
    }
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
    result.assessments().stream()
        .filter(a -> a.verdict().needsAction())
        .forEach(a -> log.info("Assessed " + context + " " + a.ref() + " verdict=" + a.verdict()));
    String digestStep = messageId + "/digest";
    if (request.notifySinks() && !recent.isDone(digestStep)) {
      try {
        digests.deliver(request, result, sinks.get());
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

  /** The Pub/Sub message of an Eventarc envelope. */
  private static JsonObject message(String cloudEventType, byte[] data) {
    if (!MESSAGE_PUBLISHED.equals(cloudEventType)) {
      throw new IllegalArgumentException(
          "unexpected CloudEvent type '" + clip(String.valueOf(cloudEventType)) + "'");
    }
    if (data == null || data.length == 0 || data.length > MAX_ENVELOPE_BYTES) {
      throw new IllegalArgumentException("CloudEvent data is empty or too large");
    }
    try {
      JsonElement envelope = JsonParser.parseString(new String(data, StandardCharsets.UTF_8));
      if (!envelope.isJsonObject()
          || !envelope.getAsJsonObject().has("message")
          || !envelope.getAsJsonObject().get("message").isJsonObject()) {
        throw new IllegalArgumentException("envelope has no 'message' object");
      }
      JsonObject message = envelope.getAsJsonObject().getAsJsonObject("message");
      if (!message.has("data")) {
        throw new IllegalArgumentException("message has no data");
      }
      return message;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("envelope is not JSON");
    }
  }

  /** The message id for the log line of a message that was rejected, if one can be read. */
  private static String messageIdOf(byte[] data) {
    try {
      String id =
          JsonParser.parseString(new String(data, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("message")
              .get("messageId")
              .getAsString();
      return id.matches("[A-Za-z0-9._:-]{1,100}") ? id : "unknown";
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  private static String clip(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }
}
