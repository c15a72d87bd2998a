package dev.upgradesentinel.scan;

/**
 * Sends scan requests to the scan topic, where ScanWorkerFunction picks them up.
 *
 * <p>{@link #publish} returns once the topic accepted the request and throws {@link
 * dev.upgradesentinel.base.TransientFailureException} when it could not.
 */
public interface ScanPublisher {

  /** Publishes one request and returns the Pub/Sub message id. */
  String publish(ScanRequest request);
}
