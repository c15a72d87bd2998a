package dev.upgradesentinel.gke;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.model.UpgradeOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps GKE's {@code Operation} JSON, as {@code operations.get} answers it and {@code gcloud
 * container operations describe --format=json} prints it, to {@link UpgradeOperation}.
 */
public final class OperationJson {
  private OperationJson() {}

  public static UpgradeOperation operation(JsonObject operation) {
    JsonObject error = object(operation, "error").orElseGet(JsonObject::new);
    String message = string(error, "message");
    if (message.isEmpty()) {
      message = string(operation, "statusMessage");
    }
    List<UpgradeOperation.Condition> conditions = new ArrayList<>();
    conditions(operation.get("clusterConditions"), conditions);
    conditions(operation.get("nodepoolConditions"), conditions);
    return new UpgradeOperation(
        name(string(operation, "name")),
        string(operation, "operationType"),
        string(operation, "status"),
        string(operation, "targetLink"),
        UpgradeJson.instant(operation, "startTime"),
        UpgradeJson.instant(operation, "endTime"),
        integer(error, "code"),
        message,
        conditions,
        string(operation, "detail"));
  }

  /**
   * The operation's id, whether GKE names it alone ({@code operation-…}) or by its resource name
   * ({@code projects/P/locations/L/operations/operation-…}).
   */
  public static String name(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  private static void conditions(JsonElement array, List<UpgradeOperation.Condition> into) {
    if (array == null || !array.isJsonArray()) {
      return;
    }
    for (JsonElement item : array.getAsJsonArray()) {
      if (item.isJsonObject()) {
        JsonObject condition = item.getAsJsonObject();
        into.add(
            new UpgradeOperation.Condition(
                string(condition, "code"),
                string(condition, "canonicalCode"),
                string(condition, "message")));
      }
    }
  }

  private static Optional<JsonObject> object(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonObject()
        ? Optional.of(value.getAsJsonObject())
        : Optional.empty();
  }

  private static String string(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  private static int integer(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    if (value == null || !value.isJsonPrimitive()) {
      return 0;
    }
    try {
      return value.getAsInt();
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
