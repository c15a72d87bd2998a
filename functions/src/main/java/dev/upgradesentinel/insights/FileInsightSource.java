package dev.upgradesentinel.insights;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.model.Insight;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Insights from {@code GKE_INSIGHTS_FILE}: the JSON array that {@code gcloud recommender insights
 * list --insight-type=google.container.DiagnosisInsight --format=json} prints, for offline runs and
 * the demo. Read once, at start; a file of another shape fails then, naming the shape expected.
 */
public final class FileInsightSource implements InsightSource {
  private final List<Insight> insights;

  public FileInsightSource(Path file) {
    JsonElement json;
    try {
      json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("GKE_INSIGHTS_FILE cannot be read: " + file + " (" + e + ")");
    } catch (JsonParseException e) {
      throw new ConfigException("GKE_INSIGHTS_FILE is not JSON: " + file);
    }
    if (!json.isJsonArray()) {
      throw new ConfigException(
          "GKE_INSIGHTS_FILE must hold the JSON array that gcloud recommender insights list"
              + " --insight-type=google.container.DiagnosisInsight --format=json prints: "
              + file);
    }
    List<Insight> read = new ArrayList<>();
    for (JsonElement element : json.getAsJsonArray()) {
      if (!element.isJsonObject()) {
        throw new ConfigException(
            "GKE_INSIGHTS_FILE must hold insight objects, found "
                + element.getClass().getSimpleName()
                + ": "
                + file);
      }
      read.add(InsightJson.parse(element.getAsJsonObject()));
    }
    this.insights = List.copyOf(read);
  }

  /**
   * The file's insights whose name is in the location. The project is left to the cluster match,
   * since Recommender names insights by project number.
   */
  @Override
  public List<Insight> list(String project, String location, Duration timeout) {
    return insights.stream().filter(i -> InsightJson.location(i).equals(location)).toList();
  }

  @Override
  public boolean metered() {
    return false;
  }

  public int size() {
    return insights.size();
  }
}
