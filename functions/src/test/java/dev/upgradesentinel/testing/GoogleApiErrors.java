package dev.upgradesentinel.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

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

  /** The whole error answer, status, content type and body, for WireMock to give. */
  public static ResponseDefinitionBuilder answer(int code, String status, String message) {
    return aResponse()
        .withStatus(code)
        .withHeader("Content-Type", "application/json")
        .withBody(body(code, status, message));
  }
}
