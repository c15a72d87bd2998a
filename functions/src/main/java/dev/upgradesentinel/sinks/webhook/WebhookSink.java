package dev.upgradesentinel.sinks.webhook;

import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkKind;
import dev.upgradesentinel.sinks.http.PostingSink;
import dev.upgradesentinel.sinks.http.Redaction;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Posts each delivery as signed JSON ({@link WebhookPayload}, {@link WebhookSignature}) to any
 * HTTPS endpoint: a ServiceNow scripted REST API, an internal automation, a queue's HTTP front.
 *
 * <p>The URL may carry credentials and the signing secret is one: neither appears in a log line.
 * Any 2xx is delivered; other 4xx are refused with the receiver's answer logged; 429 and 5xx are
 * transient, and the redelivery is signed anew with a fresh timestamp.
 */
public final class WebhookSink extends PostingSink {
  /** {@code "type": "webhook"}: signed JSON to {@code urlEnv}, signed with {@code secretEnv}. */
  /**
   * The header that names the message (finding id, message key) and this sink, the same for every
   * retry of it: a receiver that keeps the values it has seen can drop a repeat.
   */
  public static final String DELIVERY_HEADER = "X-Sentinel-Delivery";

  public static final SinkKind KIND =
      new SinkKind(
          "webhook",
          List.of("urlEnv", "secretEnv"),
          List.of(),
          (s, context) ->
              new WebhookSink(s.name(), s.url("urlEnv"), s.secret("secretEnv"), context));

  private final URI url;
  private final String secret;
  private final Clock clock;
  private final WebhookPayload payload = new WebhookPayload();

  /**
   * @param name the sink's name in the routing config and the notification log
   * @param url the receiver's endpoint; treated as a secret
   * @param secret the shared signing secret
   * @param context the shared client; its clock dates the signature
   */
  public WebhookSink(String name, URI url, String secret, SinkContext context) {
    super(
        name,
        "the webhook " + name,
        Redaction.of("[a secret of the webhook]", secrets(url, secret)),
        context);
    this.url = url;
    this.secret = secret;
    this.clock = context.clock();
  }

  /** What must never be logged: the URL's parts and the signing secret. */
  private static List<String> secrets(URI url, String secret) {
    List<String> secrets =
        new ArrayList<>(Redaction.urlParts(Objects.requireNonNull(url, "url == null")));
    secrets.add(Objects.requireNonNull(secret, "secret == null"));
    return secrets;
  }

  /**
   * Posts the signed finding.
   *
   * @throws TransientFailureException on 429 beyond the wait allowed, 5xx or timeouts
   */
  @Override
  public Receipt deliver(Delivery delivery) {
    String json = payload.render(delivery).toString();
    long now = clock.instant().getEpochSecond();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
            .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, json))
            .header(WebhookSignature.EVENT_HEADER, delivery.kind().name());
    if (!delivery.messageKey().isEmpty()) {
      // The same for every retry of this message to this sink: the receiver's idempotency key.
      request.header(DELIVERY_HEADER, delivery.messageKey() + "/" + name());
    }
    return post(request, json, delivery).delivered() ? Receipt.delivered() : Receipt.refused();
  }
}
