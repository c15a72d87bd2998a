package dev.upgradesentinel.sinks.teams;

import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkKind;
import dev.upgradesentinel.sinks.http.PostingSink;
import dev.upgradesentinel.sinks.http.Redaction;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
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
public final class TeamsWorkflowSink extends PostingSink {
  /** {@code "type": "teams"}: a Workflows webhook, its URL held in {@code urlEnv}. */
  public static final SinkKind KIND =
      new SinkKind(
          "teams",
          List.of("urlEnv"),
          List.of(),
          (s, context) -> new TeamsWorkflowSink(s.name(), s.url("urlEnv"), context));

  private final URI workflowUrl;
  private final AdaptiveCardRenderer renderer = new AdaptiveCardRenderer();

  /**
   * @param name the sink's name in the routing config and the notification log
   * @param workflowUrl the workflow's HTTP trigger URL, with its signature; a secret
   */
  public TeamsWorkflowSink(String name, URI workflowUrl, SinkContext context) {
    super(
        name,
        "the Teams workflow",
        Redaction.of("[the Teams workflow]", Redaction.urlParts(workflowUrl)),
        context);
    this.workflowUrl = Objects.requireNonNull(workflowUrl, "workflowUrl == null");
  }

  /**
   * Posts the card.
   *
   * @throws TransientFailureException on 429 beyond the wait allowed, 5xx or timeouts
   */
  @Override
  public Receipt deliver(Delivery delivery) {
    String json = renderer.render(delivery.message()).toString();
    return post(HttpRequest.newBuilder(workflowUrl), json, delivery).delivered()
        ? Receipt.delivered()
        : Receipt.refused();
  }
}
