package dev.upgradesentinel.insights;

import dev.upgradesentinel.model.Insight;
import java.time.Duration;
import java.util.List;

/** Where GKE's diagnosis insights are read from: Recommender, or a file of gcloud's output. */
public interface InsightSource {

  /**
   * Every {@code google.container.DiagnosisInsight} of a project and location, in any state.
   *
   * @param timeout the longest the read may take
   * @throws InsightsUnavailableException when they cannot be read now, saying why
   */
  List<Insight> list(String project, String location, Duration timeout);

  /** Whether reads count against Recommender's quota, and so go through the cache and budget. */
  boolean metered();
}
