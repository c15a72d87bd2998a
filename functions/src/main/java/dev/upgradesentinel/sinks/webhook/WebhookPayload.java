package dev.upgradesentinel.sinks.webhook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.sinks.AssessmentJson;
import dev.upgradesentinel.sinks.Delivery;

/**
 * Renders a delivery as the generic webhook's JSON: the finding as data (verdict, cluster, pools
 * and their commands, the NAP fix) for receivers that open tickets or run automation, and the
 * guidance as plain text for those that only show it.
 *
 * <p>Shape (version 1; fields are only ever added):
 *
 * <pre>{@code
 * {"version":1, "findingId":"gus-…", "kind":"NEW", "verdict":"BLOCKED", "cause":"CONTROL_PLANE_AT_WALL",
 *  "cluster":{"project":"p","location":"us-central1","name":"c","consoleUrl":"https://…","labels":{…}},
 *  "dockerNodePools":[{"name":"default-pool","imageType":"COS","version":"1.23.17-gke.100",
 *    "replacementImageType":"COS_CONTAINERD","command":"gcloud …","nodeUpgradeCommand":""}],
 *  "autoprovisioning":{"imageType":"COS","replacementImageType":"COS_CONTAINERD","command":"gcloud …"},
 *  "upgrade":{"eventType":"UPGRADE_LIFECYCLE","state":"FAILED","resourceType":"NODE_POOL",
 *    "resource":"…/nodePools/default-pool","operation":"operation-…","currentVersion":"…",
 *    "targetVersion":"…"},
 *  "title":"…", "message":"…plain text…"}
 * }</pre>
 *
 * {@code upgrade} is GKE's event, as it sent it, for a message about a step of an upgrade or a COS
 * milestone (a heads-up, a failure, a thread line, a resolution after a success); null otherwise.
 *
 * <p>{@code cluster} is null and the lists are empty for stand-alone messages such as digests.
 */
public final class WebhookPayload {
  static final int VERSION = 1;

  public JsonObject render(Delivery delivery) {
    JsonObject json = new JsonObject();
    json.addProperty("version", VERSION);
    json.addProperty("findingId", delivery.findingId());
    json.addProperty("kind", delivery.kind().name());
    json.addProperty("verdict", delivery.message().verdict().name());
    Assessment a = delivery.assessment().orElse(null);
    json.addProperty("cause", a == null ? "" : AssessmentJson.dockerCause(a));
    json.add("cluster", a == null ? JsonNull.INSTANCE : cluster(a));
    JsonArray pools = new JsonArray();
    if (a != null) {
      for (PoolPlan pool : AssessmentJson.dockerPools(a)) {
        JsonObject p = AssessmentJson.pool(pool);
        p.addProperty("nodeUpgradeCommand", pool.nodeUpgradeCommand());
        pools.add(p);
      }
    }
    json.add("dockerNodePools", pools);
    json.add(
        "autoprovisioning", a == null ? JsonNull.INSTANCE : AssessmentJson.autoprovisioning(a));
    json.add("upgrade", a == null ? JsonNull.INSTANCE : upgrade(a));
    json.addProperty("title", delivery.message().title());
    json.addProperty("message", delivery.message().plainText());
    return json;
  }

  /** The lifecycle or milestone event the message is about, or JSON null. */
  private static JsonElement upgrade(Assessment a) {
    if (!(a.trigger() instanceof GkeEvent.UpgradeInfo info)
        || !(info.lifecycle().isPresent()
            || GkeEvent.UpgradeInfo.COS_MILESTONE_VERSION_UPDATE.equals(info.eventType()))) {
      return JsonNull.INSTANCE;
    }
    JsonObject upgrade = new JsonObject();
    upgrade.addProperty("eventType", info.eventType());
    upgrade.addProperty("state", info.state());
    upgrade.addProperty("resourceType", info.resourceType());
    upgrade.addProperty("resource", info.resource());
    upgrade.addProperty("operation", info.operation());
    upgrade.addProperty("currentVersion", info.currentVersion());
    upgrade.addProperty("targetVersion", info.targetVersion());
    upgrade.addProperty("startTime", info.startTime());
    upgrade.addProperty("description", info.description());
    return upgrade;
  }

  private static JsonObject cluster(Assessment a) {
    JsonObject cluster = new JsonObject();
    cluster.addProperty("project", a.ref().project());
    cluster.addProperty("location", a.ref().location());
    cluster.addProperty("name", a.ref().name());
    cluster.addProperty("consoleUrl", a.consoleUrl());
    JsonObject labels = new JsonObject();
    a.cluster().labels().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> labels.addProperty(e.getKey(), e.getValue()));
    cluster.add("labels", labels);
    return cluster;
  }
}
