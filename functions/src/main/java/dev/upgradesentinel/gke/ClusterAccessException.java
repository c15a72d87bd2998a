package dev.upgradesentinel.gke;

/**
 * The GKE API refused a request in a way a retry cannot fix: permission denied, invalid argument,
 * API not enabled. The message carries the API's status code and description.
 */
public final class ClusterAccessException extends RuntimeException {
  public ClusterAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
