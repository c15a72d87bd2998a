package dev.upgradesentinel.testing;

/** Error bodies as Google's REST APIs send them: {@code {"error":{"code","message","status"}}}. */
public final class GoogleApiErrors {
  private GoogleApiErrors() {}

  /** The body of an error answer, such as 403 with status {@code PERMISSION_DENIED}. */
  public static String body(int code, String status, String message) {
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\",\"status\":\""
        + status
        + "\"}}";
  }
}
