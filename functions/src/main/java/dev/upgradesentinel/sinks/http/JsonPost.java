package dev.upgradesentinel.sinks.http;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.SinkContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Posts one rendered JSON document for a sink and sorts the answer, the part that Google Chat,
 * Teams, PagerDuty and the generic webhook have in common: the dry run, the shared retry policy of
 * {@link SinkHttp}, and the log lines that say what was posted or why it was refused.
 *
 * <p>A 2xx answer is delivered. A 4xx answer other than 429 cannot succeed on a retry: it is logged
 * at SEVERE with the service's own message (redacted), so the operator sees what to fix, and
 * returned as refused. Everything else is {@link TransientFailureException}, from {@link SinkHttp}.
 */
public final class JsonPost {
  private static final Logger logger = Logger.getLogger(JsonPost.class.getName());

  private final String sink;
  private final String target;
  private final boolean dryRun;
  private final UnaryOperator<String> redact;
  private final SinkHttp http;

  /** How one post ended. */
  public record Answer(boolean delivered, int status, String body) {
    public Answer {
      Objects.requireNonNull(body, "body == null");
    }
  }

  /**
   * @param sink the sink's name, for log lines
   * @param target how the endpoint is named in logs and errors, such as "the Teams workflow"
   * @param redact removes the sink's secrets from anything logged or thrown
   * @param context the client, timeout and sleeper sinks share, and whether they only log
   */
  public JsonPost(String sink, String target, UnaryOperator<String> redact, SinkContext context) {
    this.sink = Objects.requireNonNull(sink, "sink == null");
    this.target = Objects.requireNonNull(target, "target == null");
    this.redact = Objects.requireNonNull(redact, "redact == null");
    this.dryRun = context.dryRun();
    this.http = new SinkHttp(context, target, redact);
  }

  /**
   * Posts the JSON with the request's URL and headers.
   *
   * @return delivered with the answer's body (an empty body and status 0 under dry run), or refused
   *     with the service's answer, already logged at SEVERE
   * @throws TransientFailureException on 5xx, 429 beyond the wait allowed, I/O errors, timeouts or
   *     the deadline; Pub/Sub redelivers
   */
  public Answer post(HttpRequest.Builder request, String json, Delivery delivery) {
    String context =
        "sink="
            + sink
            + " kind="
            + delivery.kind()
            + " findingId="
            + (delivery.findingId().isEmpty() ? "-" : delivery.findingId())
            + " summary=\""
            + delivery.message().summary()
            + "\"";
    if (dryRun) {
      logger.info(
          () ->
              "DRY_RUN: would post to "
                  + target
                  + " "
                  + context
                  + "\n"
                  + delivery.message().plainText());
      logger.info(() -> "DRY_RUN: payload " + context + " json=" + redact.apply(json));
      return new Answer(true, 0, "");
    }
    request
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    Deadline deadline = delivery.deadline();
    HttpResponse<String> response = http.send(request, deadline, r -> false);
    int status = response.statusCode();
    if (status / 100 == 2) {
      logger.info(() -> "posted to " + target + " " + context + " status=" + status);
      return new Answer(true, status, response.body());
    }
    logger.severe(
        target
            + " refused the message, not retrying "
            + context
            + " status="
            + status
            + " body=\""
            + http.bodyOf(response)
            + "\"");
    return new Answer(false, status, response.body());
  }
}
