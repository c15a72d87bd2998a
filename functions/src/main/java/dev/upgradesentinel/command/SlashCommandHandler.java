package dev.upgradesentinel.command;

import com.google.gson.JsonObject;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.scan.ScanPublisher;
import dev.upgradesentinel.scan.ScanRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers one {@code /gke-check} request within Slack's three seconds: it verifies the signature,
 * reads the command, publishes a scan request carrying Slack's response URL, and acknowledges at
 * once; ScanWorkerFunction posts the result to the response URL later.
 */
public final class SlashCommandHandler {
  private static final Logger log = Logger.getLogger(SlashCommandHandler.class.getName());

  /** Slack's form bodies are small; anything larger is not a slash command. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  /** An HTTP answer: status, content type and body. */
  public record Reply(int status, String contentType, String body) {}

  private final SlackSignature signature;
  private final Supplier<ScanPublisher> publisher;
  private final String responseUrlPrefix;
  private final Language language;

  /**
   * @param publisher supplies the publisher on first use, so that creating it costs nothing at
   *     start and nothing for requests that are rejected or answered with help
   * @param responseUrlPrefix the only response URLs accepted ({@code https://hooks.slack.com/}):
   *     the worker posts to them later, so anything else would let a caller aim it elsewhere
   */
  public SlashCommandHandler(
      SlackSignature signature,
      Supplier<ScanPublisher> publisher,
      String responseUrlPrefix,
      Language language) {
    this.signature = Objects.requireNonNull(signature, "signature == null");
    this.publisher = Objects.requireNonNull(publisher, "publisher == null");
    this.responseUrlPrefix = Objects.requireNonNull(responseUrlPrefix, "responseUrlPrefix == null");
    this.language = Objects.requireNonNull(language, "language == null");
  }

  public Reply handle(String method, String timestamp, String slackSignature, byte[] body) {
    if (!"POST".equals(method)) {
      return error(405, "use POST");
    }
    if (body.length > MAX_BODY_BYTES) {
      return error(413, "body too large");
    }
    Optional<String> forged = signature.check(timestamp, slackSignature, body);
    if (forged.isPresent()) {
      log.warning("Rejected slash command: reason=" + forged.get());
      return error(401, "invalid Slack signature: " + forged.get());
    }
    Map<String, String> form;
    try {
      form = FormBody.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return error(400, "body is not a form");
    }
    String responseUrl = form.getOrDefault("response_url", "");
    if (!isAllowedResponseUrl(responseUrl)) {
      log.warning("Rejected slash command: reason=response_url is not a Slack hooks URL");
      return error(400, "response_url must be a Slack hooks URL");
    }
    String user = form.getOrDefault("user_id", "");
    CommandText command = CommandText.parse(form.getOrDefault("text", ""));
    if (command instanceof CommandText.Help) {
      return ephemeral(Texts.usage(language));
    }
    if (command instanceof CommandText.Invalid invalid) {
      return ephemeral(Texts.invalid(language, invalid.reason()) + "\n\n" + Texts.usage(language));
    }
    CommandText.Check check = (CommandText.Check) command;
    ScanRequest request =
        new ScanRequest(
            "cmd-" + UUID.randomUUID().toString().substring(0, 13),
            ScanRequest.Kind.SLASH_COMMAND,
            check.projects(),
            check.location(),
            check.cluster(),
            false,
            responseUrl,
            user.matches("[A-Z0-9]{1,30}") ? user : "",
            1,
            1,
            check.scope());
    try {
      String messageId = publisher.get().publish(request);
      log.info(
          "Slash command accepted: "
              + request.logContext()
              + " user="
              + request.requestedBy()
              + " cluster="
              + (check.cluster().isEmpty() ? "-" : check.cluster())
              + " messageId="
              + messageId);
      return ephemeral(Texts.accepted(language, check, request.scanId()));
    } catch (TransientFailureException e) {
      log.log(Level.WARNING, "Slash command could not be queued: scan=" + request.scanId(), e);
      return ephemeral(Texts.tryAgain(language));
    }
  }

  private boolean isAllowedResponseUrl(String url) {
    if (!url.startsWith(responseUrlPrefix)) {
      return false;
    }
    try {
      URI uri = new URI(url);
      return uri.getHost() != null && uri.getUserInfo() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static Reply ephemeral(String text) {
    JsonObject json = new JsonObject();
    json.addProperty("response_type", "ephemeral");
    json.addProperty("text", text);
    return new Reply(200, "application/json", json.toString());
  }

  private static Reply error(int status, String message) {
    JsonObject json = new JsonObject();
    json.addProperty("error", message);
    return new Reply(status, "application/json", json.toString());
  }
}
