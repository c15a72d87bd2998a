package dev.upgradesentinel.sinks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.Cause;
import dev.upgradesentinel.assess.NapPlan;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one JSON view of an assessment's plan, shared by the check's report and the webhook's
 * payload, so that a pool or the auto-provisioning fix reads the same in both. Docker's plan keeps
 * its fields of its own ({@code dockerNodePools}, {@code autoprovisioning}), which the reports had
 * before other blockers existed.
 */
public final class AssessmentJson {
  private AssessmentJson() {}

  /**
   * Every Docker-based pool: {@code name}, {@code imageType}, {@code version}, {@code
   * replacementImageType} and {@code command}.
   */
  public static JsonArray dockerNodePools(Assessment a) {
    JsonArray pools = new JsonArray();
    for (PoolPlan pool : dockerPools(a)) {
      pools.add(pool(pool));
    }
    return pools;
  }

  /** The Docker-based pools, in GKE's order; none when Docker's blocker was not found. */
  public static List<PoolPlan> dockerPools(Assessment a) {
    return a.blocker(Blocker.DockerImages.class).map(Blocker.DockerImages::pools).orElse(List.of());
  }

  /**
   * Why the Docker rule decided as it did: its blocker's cause or, without one, {@code AUTOPILOT}
   * or {@code NO_DOCKER_IMAGES}.
   */
  public static String dockerCause(Assessment a) {
    Cause none = a.cluster().autopilot() ? Cause.AUTOPILOT : Cause.NO_DOCKER_IMAGES;
    return a.blocker(Blocker.DockerImages.class)
        .map(Blocker.DockerImages::cause)
        .orElse(none)
        .name();
  }

  /** One pool as {@link #dockerNodePools} lists it. */
  public static JsonObject pool(PoolPlan pool) {
    JsonObject json = new JsonObject();
    json.addProperty("name", pool.name());
    json.addProperty("imageType", pool.imageType());
    json.addProperty("version", pool.version());
    json.addProperty("replacementImageType", pool.replacementImageType());
    json.addProperty("command", pool.command());
    return json;
  }

  /**
   * Node auto-provisioning's fix ({@code imageType}, {@code replacementImageType}, {@code
   * command}), or JSON null when its default is not Docker-based.
   */
  public static JsonElement autoprovisioning(Assessment a) {
    Optional<NapPlan> plan =
        a.blocker(Blocker.DockerImages.class).flatMap(Blocker.DockerImages::autoprovisioningPlan);
    if (plan.isEmpty()) {
      return JsonNull.INSTANCE;
    }
    NapPlan nap = plan.get();
    JsonObject json = new JsonObject();
    json.addProperty("imageType", nap.imageType());
    json.addProperty("replacementImageType", nap.replacementImageType());
    json.addProperty("command", nap.command());
    return json;
  }

  /**
   * Every blocker: {@code kind}, {@code verdict} and {@code summary}; insights add {@code subtype},
   * {@code insightName}, {@code state} and {@code removedIn}; Windows adds its {@code nodePools}
   * and the {@code commands} of the manual upgrade.
   *
   * @param summary the one-line summary of a blocker, in the report's language
   */
  public static JsonArray blockers(Assessment a, Function<Blocker, String> summary) {
    JsonArray blockers = new JsonArray();
    for (Blocker blocker : a.blockers()) {
      JsonObject json = new JsonObject();
      json.addProperty("kind", blocker.kind().name());
      json.addProperty("verdict", blocker.verdict().name());
      json.addProperty("summary", summary.apply(blocker));
      if (blocker instanceof Blocker.DeprecatedFeature feature) {
        json.addProperty("subtype", feature.insight().subtype());
        json.addProperty("insightName", feature.insight().name());
        json.addProperty("state", feature.insight().state());
        json.addProperty("removedIn", feature.deprecation().removedIn());
      } else if (blocker instanceof Blocker.PodDisruption pdb) {
        json.addProperty("disruptionType", pdb.disruption().type());
        json.addProperty("node", pdb.disruption().node());
        JsonArray pods = new JsonArray();
        for (GkeEvent.PodRef pod : pdb.disruption().pods()) {
          JsonObject p = new JsonObject();
          p.addProperty("namespace", pod.namespace());
          p.addProperty("name", pod.name());
          pods.add(p);
        }
        json.add("pods", pods);
        if (!pdb.disruption().violationTimeout().isEmpty()) {
          json.addProperty("pdbViolationTimeout", pdb.disruption().violationTimeout());
        }
      } else if (blocker instanceof Blocker.WindowsContainerd windows) {
        JsonArray pools = new JsonArray();
        for (NodePoolInfo pool : windows.pools()) {
          JsonObject p = new JsonObject();
          p.addProperty("name", pool.name());
          p.addProperty("imageType", pool.imageType());
          p.addProperty("version", pool.version());
          pools.add(p);
        }
        json.add("nodePools", pools);
        JsonArray commands = new JsonArray();
        commands.add(windows.controlPlaneCommand());
        windows.poolCommands().forEach(commands::add);
        json.add("commands", commands);
      } else if (blocker instanceof Blocker.EndOfSupportUpgrade eos) {
        json.addProperty("endOfSupport", eos.endOfSupport().date().toString());
        json.addProperty("minor", eos.endOfSupport().minor());
        json.addProperty("extended", eos.endOfSupport().extended());
        JsonArray exclusions = new JsonArray();
        for (Hold hold : eos.exclusions()) {
          JsonObject h = new JsonObject();
          hold.name().ifPresent(name -> h.addProperty("name", name));
          hold.scope().ifPresent(scope -> h.addProperty("scope", scope));
          hold.until().ifPresent(until -> h.addProperty("until", until.toString()));
          exclusions.add(h);
        }
        json.add("exclusions", exclusions);
        json.addProperty("blockersOpen", eos.blockersOpen());
        JsonArray commands = new JsonArray();
        commands.add(eos.upgradeCommand());
        eos.exclusionCommands().forEach(commands::add);
        json.add("commands", commands);
      }
      blockers.add(json);
    }
    return blockers;
  }

  /**
   * What GKE says about the cluster's upgrades, in the report's shape: {@code read}, and {@code
   * reason} when it was not; else the status and paused reasons as GKE spelled them, the targets,
   * the support dates, the holds with the day each ends, the last upgrade and the end of a
   * rollback-safe window. Fields GKE left out are left out.
   */
  public static JsonObject upgradeStatus(UpgradeStatus status) {
    JsonObject json = new JsonObject();
    json.addProperty("read", status.read());
    if (status.info().isEmpty()) {
      json.addProperty("reason", status.reason());
      return json;
    }
    status
        .derivedFrom()
        .ifPresent(
            from -> {
              json.addProperty("derivedFrom", from);
              json.addProperty("reason", status.reason());
            });
    UpgradeInfo info = status.info().get();
    json.add("autoUpgradeStatus", strings(info.autoUpgradeStatus()));
    json.add("pausedReasons", strings(info.pausedReasons()));
    info.minorTargetVersion().ifPresent(v -> json.addProperty("minorTargetVersion", v));
    info.patchTargetVersion().ifPresent(v -> json.addProperty("patchTargetVersion", v));
    info.endOfStandardSupport()
        .ifPresent(t -> json.addProperty("endOfStandardSupport", t.toString()));
    info.endOfExtendedSupport()
        .ifPresent(t -> json.addProperty("endOfExtendedSupport", t.toString()));
    JsonArray holds = new JsonArray();
    for (Hold hold : status.holds()) {
      JsonObject h = new JsonObject();
      h.addProperty("kind", hold.kind());
      h.addProperty("pausedReason", hold.pausedReason());
      hold.name().ifPresent(n -> h.addProperty("name", n));
      hold.scope().ifPresent(s -> h.addProperty("scope", s));
      hold.until().ifPresent(t -> h.addProperty("until", t.toString()));
      if (hold.untilEndOfSupport()) {
        h.addProperty("untilEndOfSupport", true);
      }
      holds.add(h);
    }
    json.add("holds", holds);
    info.lastUpgrade()
        .ifPresent(
            u -> {
              JsonObject last = new JsonObject();
              last.addProperty("state", u.state());
              last.addProperty("initialVersion", u.initialVersion());
              last.addProperty("targetVersion", u.targetVersion());
              u.startTime().ifPresent(t -> last.addProperty("startTime", t.toString()));
              u.endTime().ifPresent(t -> last.addProperty("endTime", t.toString()));
              json.add("lastUpgrade", last);
            });
    info.rollbackSafeUntil().ifPresent(t -> json.addProperty("rollbackSafeUntil", t.toString()));
    if (!status.pools().isEmpty()) {
      JsonArray pools = new JsonArray();
      status
          .pools()
          .forEach(
              (name, answer) -> {
                JsonObject pool = new JsonObject();
                pool.addProperty("name", name);
                pool.add("autoUpgradeStatus", strings(answer.autoUpgradeStatus()));
                pool.add("pausedReasons", strings(answer.pausedReasons()));
                answer
                    .minorTargetVersion()
                    .ifPresent(v -> pool.addProperty("minorTargetVersion", v));
                answer
                    .patchTargetVersion()
                    .ifPresent(v -> pool.addProperty("patchTargetVersion", v));
                pools.add(pool);
              });
      json.add("nodePools", pools);
    }
    return json;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }

  /** Whether insights were read: {@code read}, and {@code reason} when they were not. */
  public static JsonObject insights(Assessment a) {
    InsightsRead insights = a.insights();
    JsonObject json = new JsonObject();
    json.addProperty("read", insights.wasRead());
    if (!insights.wasRead()) {
      json.addProperty("reason", insights.reason());
    }
    return json;
  }
}
