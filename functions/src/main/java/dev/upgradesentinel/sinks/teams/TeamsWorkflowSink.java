package dev.upgradesentinel.sinks.teams;

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
import java.time.Duration;
import java.util.Objects;

/**
 * Posts guidance to a Microsoft Teams channel through a Workflows webhook (the successor of Office
 * 365 connectors), as an Adaptive Card.
 *
 * <p>The workflow URL carries its signature ({@code sig=}): it is a secret, shown in logs as "[the
 * Teams workflow]". The workflow answers 202 Accepted and gives the post no id, so reminders,
 * updates and resolutions are new cards whose wording says what they are. 400 (a card the flow
 * cannot read), 401, 403 and 404 (flow deleted or turned off) are refused with the answer logged;
 * 429 and 5xx are transient.
 */
public final class TeamsWorkflowSink implements Sink {
  private final String name;
  private final URI workflowUrl;
  private final JsonPost post;
  private final AdaptiveCardRenderer renderer = new AdaptiveCardRenderer();

  /**
   * @param name the sink's name in the routing config and the notification log
   * @param workflowUrl the workflow's HTTP trigger URL, with its signature; a secret
   * @param dryRun log what would be posted instead of posting it
   */
  public TeamsWorkflowSink(String name, URI workflowUrl, HttpClient client, boolean dryRun) {
    this(name, workflowUrl, client, SinkHttp.DEFAULT_REQUEST_TIMEOUT, JsonPost.SLEEP, dryRun);
  }

  TeamsWorkflowSink(
      String name,
      URI workflowUrl,
      HttpClient client,
      Duration requestTimeout,
      SinkHttp.Sleeper sleeper,
      boolean dryRun) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.workflowUrl = Objects.requireNonNull(workflowUrl, "workflowUrl == null");
    this.post =
        new JsonPost(
            name,
            "the Teams workflow",
            client,
            requestTimeout,
            sleeper,
            Redaction.of("[the Teams workflow]", Redaction.urlParts(workflowUrl)),
            dryRun);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Posts the card.
   *
   * @throws TransientFailureException on 429 beyond the wait allowed, 5xx or timeouts
   */
  @Override
  public Receipt deliver(Delivery delivery) {
    String json = renderer.render(delivery.message()).toString();
    return post.post(HttpRequest.newBuilder(workflowUrl), json, delivery).delivered()
        ? Receipt.delivered()
        : Receipt.refused();
  }
}
