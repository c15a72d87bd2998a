package dev.upgradesentinel.sinks.pagerduty;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.sinks.AssessmentJson;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.MarkupText;
import java.util.Optional;

/**
 * Renders a delivery as a PagerDuty Events API v2 event: a {@code trigger} carrying the finding
 * (summary, the cluster as source, severity by verdict, the pools and their commands as custom
 * details, the console as a link), or a {@code resolve} when the finding cleared.
 *
 * <p>The dedup key is the delivery's finding id. PagerDuty groups events into one alert by that
 * key, so it must stay the same from the first trigger to the resolve; the finding's fingerprint
 * changes whenever a pool migrates (that is an UPDATE of the same alert), while the finding id is
 * fixed for the life of the finding.
 */
public final class PagerDutyEventRenderer {
  /** PagerDuty cuts summaries at 1024 characters; cutting here keeps the "…" visible. */
  static final int MAX_SUMMARY = 1024;

  static final String CLIENT = "GKE Upgrade Sentinel";
  static final String EVENT_CLASS = "docker-node-images";

  /**
   * The event for a delivery about a finding.
   *
   * @return empty when PagerDuty has nothing to do: the delivery opens no alert (a notice, a digest
   *     without a finding id or assessment)
   */
  public Optional<JsonObject> render(Delivery delivery, String routingKey) {
    boolean failure = upgradeFailure(delivery);
    if (!failure
        && (delivery.findingId().isEmpty()
            || delivery.assessment().isEmpty()
            || delivery.kind() == Delivery.Kind.NOTICE
            || delivery.kind() == Delivery.Kind.DETAIL
            || delivery.kind() == Delivery.Kind.FOLLOW_UP)) {
      return Optional.empty();
    }
    JsonObject event = new JsonObject();
    event.addProperty("routing_key", routingKey);
    event.addProperty("dedup_key", failure ? delivery.messageKey() : delivery.findingId());
    if (delivery.kind() == Delivery.Kind.RESOLUTION) {
      event.addProperty("event_action", "resolve");
      return Optional.of(event);
    }
    Assessment a = delivery.assessment().get();
    event.addProperty("event_action", "trigger");
    event.addProperty("client", CLIENT);
    event.addProperty("client_url", a.consoleUrl());
    event.add("payload", payload(delivery, a));
    JsonObject link = new JsonObject();
    link.addProperty("href", a.consoleUrl());
    link.addProperty("text", "Cluster in the Google Cloud console");
    JsonArray links = new JsonArray();
    links.add(link);
    event.add("links", links);
    return Optional.of(event);
  }

  /**
   * Whether the delivery says an upgrade failed: an alert of its own, keyed by its message (one per
   * operation), whether or not it follows up a finding.
   */
  private static boolean upgradeFailure(Delivery delivery) {
    return !delivery.messageKey().isEmpty()
        && delivery.assessment().isPresent()
        && (delivery.kind() == Delivery.Kind.NOTICE || delivery.kind() == Delivery.Kind.FOLLOW_UP)
        && delivery.assessment().get().trigger() instanceof GkeEvent.UpgradeInfo info
        && info.lifecycle().filter(s -> s == GkeEvent.UpgradeState.FAILED).isPresent();
  }

  private static JsonObject payload(Delivery delivery, Assessment a) {
    JsonObject payload = new JsonObject();
    payload.addProperty("summary", MarkupText.cut(delivery.message().summary(), MAX_SUMMARY));
    payload.addProperty("source", a.ref().resourceName());
    payload.addProperty(
        "severity", upgradeFailure(delivery) ? severity(Verdict.BLOCKED) : severity(a.verdict()));
    payload.addProperty("component", a.ref().name());
    payload.addProperty("group", a.ref().project());
    payload.addProperty("class", EVENT_CLASS);
    JsonObject details = new JsonObject();
    details.addProperty("findingId", delivery.findingId());
    details.addProperty("kind", delivery.kind().name());
    details.addProperty("verdict", a.verdict().name());
    details.addProperty("cause", AssessmentJson.dockerCause(a));
    details.addProperty("location", a.ref().location());
    JsonArray pools = new JsonArray();
    JsonArray commands = new JsonArray();
    a.blocker(Blocker.DockerImages.class)
        .ifPresent(
            docker -> {
              for (PoolPlan pool : docker.pools()) {
                pools.add(
                    pool.name() + ": " + pool.imageType() + " -> " + pool.replacementImageType());
              }
              docker.commands().forEach(commands::add);
            });
    details.add("pools", pools);
    details.add("commands", commands);
    payload.add("custom_details", details);
    return payload;
  }

  /** BLOCKED stops an upgrade now; AT_RISK will, later. */
  static String severity(Verdict verdict) {
    return switch (verdict) {
      case BLOCKED -> "error";
      case AT_RISK -> "warning";
      case CLEAR, NOT_APPLICABLE -> "info";
    };
  }
}
