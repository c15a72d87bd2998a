package dev.upgradesentinel.scan;

import java.util.Objects;

/**
 * A project a scan could not read, with the API's reason (for example {@code PERMISSION_DENIED:
 * ...}); the rest of the scan is unaffected.
 */
public record ScanError(String project, String message) {
  public ScanError {
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(message, "message == null");
  }
}
