package dev.upgradesentinel.functions;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.google.common.base.Suppliers;
import dev.upgradesentinel.command.SlackSignature;
import dev.upgradesentinel.command.SlashCommandHandler;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.scan.PubSubScanPublisher;
import dev.upgradesentinel.scan.ScanPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.time.Clock;

/**
 * Answers the {@code /gke-check} Slack slash command (deployed public: Slack cannot present an
 * identity token, so every request's Slack signature is verified instead). The check itself runs in
 * ScanWorkerFunction, which posts the result to the command's response URL.
 */
public final class SlackCommandFunction implements HttpFunction {
  private final SlashCommandHandler handler;

  /** Called by the Functions Framework; reads the configuration from the environment. */
  public SlackCommandFunction() {
    this(Config.fromEnv(System.getenv()));
  }

  SlackCommandFunction(Config config) {
    this(handler(config));
  }

  SlackCommandFunction(SlashCommandHandler handler) {
    this.handler = handler;
  }

  private static SlashCommandHandler handler(Config config) {
    String secret =
        Config.require(config.slackSigningSecret(), "SLACK_SIGNING_SECRET", "SlackCommandFunction");
    String topic = Config.require(config.scan().topic(), "SCAN_TOPIC", "SlackCommandFunction");
    String emulator = config.scan().pubsubEmulatorHost().orElse(null);
    return new SlashCommandHandler(
        new SlackSignature(secret, Clock.systemUTC()),
        Suppliers.memoize(() -> (ScanPublisher) new PubSubScanPublisher(topic, emulator)),
        config.scan().responseUrlPrefix(),
        config.language());
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
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
    response.setStatusCode(reply.status());
    if (reply.status() == 405) {
      response.appendHeader("Allow", "POST");
    }
    response.setContentType(reply.contentType());
    try (Writer writer = response.getWriter()) {
      writer.write(reply.body());
    }
  }
}
