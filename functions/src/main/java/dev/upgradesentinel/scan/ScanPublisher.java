package dev.upgradesentinel.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends scan requests to the scan topic, where ScanWorkerFunction picks them up.
 *
 * <p>{@link #publish} returns once the topic accepted the request and throws {@link
 * dev.upgradesentinel.base.TransientFailureException} when it could not.
 */
public interface ScanPublisher {

  /** Publishes one request and returns the Pub/Sub message id. */
  String publish(ScanRequest request);

  /**
   * Publishes the batches of one fan-out and returns their message ids, in order, once the topic
   * accepted every one. When it throws, the requests before the one that failed may have been
   * published: a fan-out sent again publishes them twice, and the worker's claims keep a duplicate
   * from posting.
   *
   * <p>One after the other here; a publisher sends them in as few calls as the topic allows.
   */
  default List<String> publishAll(List<ScanRequest> requests) {
    List<String> ids = new ArrayList<>(requests.size());
    for (ScanRequest request : requests) {
      ids.add(publish(request));
    }
    return ids;
  }
}
