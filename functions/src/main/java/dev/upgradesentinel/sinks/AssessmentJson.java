package dev.upgradesentinel.sinks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.NapPlan;
import dev.upgradesentinel.assess.PoolPlan;

/**
 * The one JSON view of an assessment's plan, shared by the check's report and the webhook's
 * payload, so that a pool or the auto-provisioning fix reads the same in both.
 */
public final class AssessmentJson {
  private AssessmentJson() {}

  /**
   * Every Docker-based pool: {@code name}, {@code imageType}, {@code version}, {@code
   * replacementImageType} and {@code command}.
   */
  public static JsonArray dockerNodePools(Assessment a) {
    JsonArray pools = new JsonArray();
    for (PoolPlan pool : a.dockerPools()) {
      pools.add(pool(pool));
    }
    return pools;
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
    NapPlan nap = a.autoprovisioning();
    if (nap == null) {
      return JsonNull.INSTANCE;
    }
    JsonObject json = new JsonObject();
    json.addProperty("imageType", nap.imageType());
    json.addProperty("replacementImageType", nap.replacementImageType());
    json.addProperty("command", nap.command());
    return json;
  }
}
