package dev.upgradesentinel.insights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.model.Insight;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one insight in the JSON form Recommender's REST API and {@code gcloud recommender insights
 * list --format=json} print (camelCase). The gRPC client's insights are printed to this form first,
 * so there is one mapping for both.
 */
final class InsightJson {
  /** Content entries kept per insight; its keys are not documented, so it is shown, not read. */
  static final int CONTENT_ENTRIES = 40;

  /** Characters kept of each content value. */
  static final int CONTENT_VALUE_CHARS = 300;

  private InsightJson() {}

  static Insight parse(JsonObject json) {
    List<String> targets = new ArrayList<>();
    if (json.get("targetResources") instanceof JsonArray array) {
      array.forEach(t -> targets.add(t.getAsString()));
    }
    String state = "";
    if (json.get("stateInfo") instanceof JsonObject stateInfo) {
      state = string(stateInfo, "state");
    }
    Map<String, String> content = new LinkedHashMap<>();
    if (json.get("content") != null) {
      flatten("", json.get("content"), content);
    }
    return new Insight(
        string(json, "name"),
        string(json, "insightSubtype"),
        string(json, "description"),
        state,
        targets,
        string(json, "lastRefreshTime"),
        content);
  }

  /** The location in an insight's name, {@code projects/P/locations/L/...}; empty if none. */
  static String location(Insight insight) {
    String[] parts = insight.name().split("/", -1);
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals("locations")) {
        return parts[i + 1];
      }
    }
    return "";
  }

  private static void flatten(String path, JsonElement value, Map<String, String> into) {
    if (into.size() >= CONTENT_ENTRIES || value == null || value.isJsonNull()) {
      return;
    }
    if (value.isJsonObject()) {
      for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
        flatten(
            path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), entry.getValue(), into);
      }
    } else if (value.isJsonArray()) {
      JsonArray array = value.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        flatten(path + "." + i, array.get(i), into);
      }
    } else {
      String text = value.getAsString();
      into.put(
          path,
          text.length() > CONTENT_VALUE_CHARS
              ? text.substring(0, CONTENT_VALUE_CHARS) + "…"
              : text);
    }
  }

  private static String string(JsonObject json, String field) {
    JsonElement value = json.get(field);
    return value == null || !value.isJsonPrimitive() ? "" : value.getAsString();
  }
}
