package dev.upgradesentinel.scan;

import java.time.Duration;
import java.util.Map;

/** What a scan request's Pub/Sub message carries besides its JSON, whatever the transport. */
final class ScanMessages {
  /** The longest a publish waits for the topic to accept the request. */
  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(20);

  private ScanMessages() {}

  /**
   * The request's kind, scan id and batch, as message attributes: subscriptions can filter on them
   * and people can read them in the console without decoding the data.
   */
  static Map<String, String> attributes(ScanRequest request) {
    return Map.of(
        "scanId", request.scanId(), "kind", request.kind().code(), "batch", request.batchLabel());
  }

  /** The log line of a request the topic accepted. */
  static String published(ScanRequest request, String messageId) {
    return "published scan request " + request.logContext() + " messageId=" + messageId;
  }
}
