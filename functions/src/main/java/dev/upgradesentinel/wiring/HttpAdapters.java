package dev.upgradesentinel.wiring;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.upgradesentinel.check.CheckHandler;
import dev.upgradesentinel.check.CheckResponse;
import dev.upgradesentinel.check.TestNotificationHandler;
import dev.upgradesentinel.command.SlashCommandHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.util.Map;

/**
 * Carries HTTP requests from the Functions Framework to the handlers and their answers back, so the
 * handlers work with plain values and are tested without a server.
 */
public final class HttpAdapters {
  private HttpAdapters() {}

  /** An on-demand check, or {@code POST /test-notification}. */
  public static void check(
      CheckHandler handler,
      TestNotificationHandler testNotifications,
      HttpRequest request,
      HttpResponse response)
      throws IOException {
    CheckResponse answer;
    if (request.getPath().replaceAll("/+$", "").equals(TestNotificationHandler.PATH)) {
      answer = testNotifications.handle(request.getMethod(), request.getQueryParameters());
    } else {
      String body = request.getMethod().equals("POST") ? read(request.getReader()) : "";
      answer =
          handler.handle(
              request.getMethod(),
              request.getQueryParameters(),
              body,
              request.getFirstHeader("Accept").orElse(""));
    }
    respond(response, answer.status(), answer.contentType(), answer.headers(), answer.body());
  }

  /** A Slack slash command, with the headers that carry its signature. */
  public static void slashCommand(
      SlashCommandHandler handler, HttpRequest request, HttpResponse response) throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      // One byte more than accepted, so the handler can tell a body is too large.
      body = in.readNBytes(SlashCommandHandler.MAX_BODY_BYTES + 1);
    }
    SlashCommandHandler.Reply reply =
        handler.handle(
            request.getMethod(),
            request.getFirstHeader("X-Slack-Request-Timestamp").orElse(null),
            request.getFirstHeader("X-Slack-Signature").orElse(null),
            body);
    Map<String, String> headers = reply.status() == 405 ? Map.of("Allow", "POST") : Map.of();
    respond(response, reply.status(), reply.contentType(), headers, reply.body());
  }

  private static void respond(
      HttpResponse response,
      int status,
      String contentType,
      Map<String, String> headers,
      String body)
      throws IOException {
    response.setStatusCode(status);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      response.appendHeader(header.getKey(), header.getValue());
    }
    response.setContentType(contentType);
    try (Writer writer = response.getWriter()) {
      writer.write(body);
    }
  }

  /** Reads one character more than the handler accepts, so it can tell a body is too large. */
  private static String read(Reader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    int n;
    while (text.length() <= CheckHandler.MAX_BODY_CHARS && (n = reader.read(buffer)) != -1) {
      text.append(buffer, 0, n);
    }
    return text.toString();
  }
}
