package dev.upgradesentinel.gke;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.model.MaintenancePolicy;
import dev.upgradesentinel.model.UpgradeInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads GKE's upgrade answers and a cluster's maintenance policy from the JSON the REST API gives
 * ({@code ClusterUpgradeInfo}, {@code NodePoolUpgradeInfo}, {@code Cluster.maintenancePolicy}),
 * leniently: a field that is missing or of another type is left out, an enum value this code does
 * not know is kept as it came, and nothing here throws on what the API may add.
 */
public final class UpgradeJson {
  private UpgradeJson() {}

  /** GKE's answer about a cluster's or a node pool's upgrades. */
  public static UpgradeInfo upgradeInfo(JsonObject info) {
    List<UpgradeInfo.Upgrade> upgrades = new ArrayList<>();
    for (JsonObject details : objects(info.get("upgradeDetails"))) {
      upgrades.add(
          new UpgradeInfo.Upgrade(
              string(details, "state").orElse("UNKNOWN"),
              string(details, "initialVersion").orElse(""),
              string(details, "targetVersion").orElse(""),
              instant(details, "startTime"),
              instant(details, "endTime"),
              string(details, "startType").orElse("")));
    }
    Optional<Instant> rollbackSafeUntil =
        object(info, "rollbackSafeUpgradeStatus")
            .filter(
                s ->
                    string(s, "mode")
                        .filter(m -> m.equals("KCP_MINOR_UPGRADE_ROLLBACK_SAFE_MODE"))
                        .isPresent())
            .flatMap(s -> instant(s, "controlPlaneUpgradeRollbackEndTime"));
    return new UpgradeInfo(
        strings(info.get("autoUpgradeStatus")),
        strings(info.get("pausedReason")),
        string(info, "minorTargetVersion").filter(v -> !v.isEmpty()),
        string(info, "patchTargetVersion").filter(v -> !v.isEmpty()),
        instant(info, "endOfStandardSupportTimestamp"),
        instant(info, "endOfExtendedSupportTimestamp"),
        upgrades,
        rollbackSafeUntil);
  }

  /**
   * A node pool's own exclusion until the end of support ({@code
   * maintenancePolicy.exclusionUntilEndOfSupport}): empty when the pool has none or it is not
   * enabled; else its end, empty when GKE gave none.
   */
  public static Optional<Optional<Instant>> poolExclusionUntilEndOfSupport(JsonObject pool) {
    Optional<JsonObject> exclusion =
        object(pool, "maintenancePolicy").flatMap(p -> object(p, "exclusionUntilEndOfSupport"));
    if (exclusion.isEmpty()) {
      return Optional.empty();
    }
    JsonElement enabled = exclusion.get().get("enabled");
    if (enabled == null
        || !enabled.isJsonPrimitive()
        || !enabled.getAsJsonPrimitive().isBoolean()
        || !enabled.getAsBoolean()) {
      return Optional.empty();
    }
    return Optional.of(instant(exclusion.get(), "endTime"));
  }

  /** The cluster's maintenance policy; {@link MaintenancePolicy#NONE} when it has none. */
  public static MaintenancePolicy maintenancePolicy(JsonObject cluster) {
    Optional<JsonObject> policy = object(cluster, "maintenancePolicy");
    if (policy.isEmpty()) {
      return MaintenancePolicy.NONE;
    }
    Optional<JsonObject> window = object(policy.get(), "window");
    List<MaintenancePolicy.Exclusion> exclusions = new ArrayList<>();
    window
        .flatMap(w -> object(w, "maintenanceExclusions"))
        .ifPresent(
            all -> {
              for (Map.Entry<String, JsonElement> entry : all.entrySet()) {
                if (!entry.getValue().isJsonObject()) {
                  continue;
                }
                JsonObject exclusion = entry.getValue().getAsJsonObject();
                Optional<JsonObject> options = object(exclusion, "maintenanceExclusionOptions");
                exclusions.add(
                    new MaintenancePolicy.Exclusion(
                        entry.getKey(),
                        options.flatMap(o -> string(o, "scope")).orElse("NO_UPGRADES"),
                        instant(exclusion, "startTime"),
                        instant(exclusion, "endTime"),
                        options
                            .flatMap(o -> string(o, "endTimeBehavior"))
                            .filter(b -> b.equals("UNTIL_END_OF_SUPPORT"))
                            .isPresent()));
              }
            });
    Optional<MaintenancePolicy.Window> when = window.flatMap(UpgradeJson::window);
    Optional<MaintenancePolicy.DisruptionBudget> budget =
        object(policy.get(), "disruptionBudget")
            .map(
                b ->
                    new MaintenancePolicy.DisruptionBudget(
                        duration(b, "minorVersionDisruptionInterval"),
                        duration(b, "patchVersionDisruptionInterval"),
                        instant(b, "lastMinorVersionDisruptionTime"),
                        instant(b, "lastDisruptionTime")));
    return new MaintenancePolicy(when, exclusions, budget);
  }

  private static Optional<MaintenancePolicy.Window> window(JsonObject window) {
    Optional<JsonObject> daily = object(window, "dailyMaintenanceWindow");
    if (daily.isPresent()) {
      return Optional.of(
          new MaintenancePolicy.Window(
              string(daily.get(), "startTime"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
    Optional<JsonObject> recurring = object(window, "recurringWindow");
    if (recurring.isPresent()) {
      Optional<JsonObject> span = object(recurring.get(), "window");
      return Optional.of(
          new MaintenancePolicy.Window(
              Optional.empty(),
              span.flatMap(s -> instant(s, "startTime")),
              span.flatMap(s -> instant(s, "endTime")),
              string(recurring.get(), "recurrence").filter(r -> !r.isEmpty())));
    }
    return Optional.empty();
  }

  private static Optional<JsonObject> object(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonObject()
        ? Optional.of(value.getAsJsonObject())
        : Optional.empty();
  }

  private static List<JsonObject> objects(JsonElement element) {
    List<JsonObject> objects = new ArrayList<>();
    if (element != null && element.isJsonArray()) {
      for (JsonElement item : (JsonArray) element) {
        if (item.isJsonObject()) {
          objects.add(item.getAsJsonObject());
        }
      }
    }
    return objects;
  }

  /** The values of an array of strings (or enum values as numbers), kept as they came. */
  static List<String> strings(JsonElement element) {
    List<String> values = new ArrayList<>();
    if (element != null && element.isJsonArray()) {
      for (JsonElement item : (JsonArray) element) {
        if (item.isJsonPrimitive()) {
          values.add(item.getAsString());
        }
      }
    }
    return values;
  }

  private static Optional<String> string(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonPrimitive()
        ? Optional.of(value.getAsString())
        : Optional.empty();
  }

  /** An RFC 3339 timestamp; empty when missing or not one. */
  static Optional<Instant> instant(JsonObject parent, String field) {
    return string(parent, field)
        .flatMap(
            text -> {
              try {
                return Optional.of(Instant.parse(text));
              } catch (DateTimeParseException e) {
                return Optional.empty();
              }
            });
  }

  /** A {@code google.protobuf.Duration} in JSON ({@code "2592000s"}); empty when not one. */
  private static Optional<Duration> duration(JsonObject parent, String field) {
    return string(parent, field).map(GkeApi::duration);
  }
}
