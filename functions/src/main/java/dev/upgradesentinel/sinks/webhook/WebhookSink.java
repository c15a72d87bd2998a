package dev.upgradesentinel.sinks.webhook;

import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.http.JsonPost;
import dev.upgradesentinel.sinks.http.Redaction;
import dev.upgradesentinel.sinks.http.SinkHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
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
public final class WebhookSink implements Sink {
  private final String name;
  private final URI url;
  private final String secret;
  private final Clock clock;
  private final JsonPost post;
  private final WebhookPayload payload = new WebhookPayload();

  /**
   * @param name the sink's name in the routing config and the notification log
   * @param url the receiver's endpoint; treated as a secret
   * @param secret the shared signing secret
   * @param dryRun log what would be posted instead of posting it
   */
  public WebhookSink(String name, URI url, String secret, HttpClient client, boolean dryRun) {
    this(
        name,
        url,
        secret,
        client,
        Clock.systemUTC(),
        SinkHttp.DEFAULT_REQUEST_TIMEOUT,
        JsonPost.SLEEP,
        dryRun);
  }

  WebhookSink(
      String name,
      URI url,
      String secret,
      HttpClient client,
      Clock clock,
      Duration requestTimeout,
      SinkHttp.Sleeper sleeper,
      boolean dryRun) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.url = Objects.requireNonNull(url, "url == null");
    this.secret = Objects.requireNonNull(secret, "secret == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    List<String> secrets = new ArrayList<>(Redaction.urlParts(url));
    secrets.add(secret);
    this.post =
        new JsonPost(
            name,
            "the webhook " + name,
            client,
            requestTimeout,
            sleeper,
            Redaction.of("[a secret of the webhook]", secrets),
            dryRun);
  }

  @Override
  public String name() {
    return name;
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
    return post.post(request, json, delivery).delivered() ? Receipt.delivered() : Receipt.refused();
  }
}
