package dev.upgradesentinel.insights;

import com.google.common.base.Suppliers;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.delivery.InsightLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Chooses where insights are read from, following where clusters are read from: an offline cluster
 * file pairs with an insights file, a GKE emulator with a Recommender emulator, the real GKE API
 * with the real Recommender. A setup that names no insights for its offline or emulated clusters
 * reads none, rather than calling the real Recommender from a test or a laptop.
 */
public final class InsightReaders {
  private static final Logger log = Logger.getLogger(InsightReaders.class.getName());

  private InsightReaders() {}

  /**
   * The reader the configuration asks for. The Recommender client is created on the first read, so
   * a function that never reads insights never pays for it.
   */
  public static InsightReader from(Config config, Supplier<InsightLedger> ledger, Clock clock) {
    Config.InsightSettings settings = config.insights();
    if (settings.off()) {
      return InsightReader.off("turned off with INSIGHTS=off");
    }
    if (settings.file().isPresent()) {
      FileInsightSource file = new FileInsightSource(settings.file().get());
      log.info("Insights from GKE_INSIGHTS_FILE: insights=" + file.size());
      return new InsightReader(file, null, Duration.ZERO, 0, clock);
    }
    if (settings.emulatorHost().isEmpty()) {
      if (config.gke().clustersFile().isPresent()) {
        return InsightReader.off("offline: GKE_CLUSTERS_FILE is set and GKE_INSIGHTS_FILE is not");
      }
      if (config.gke().emulatorHost().isPresent()) {
        return InsightReader.off("GKE_EMULATOR_HOST is set and RECOMMENDER_EMULATOR_HOST is not");
      }
    }
    String host = settings.emulatorHost().orElse(null);
    return new InsightReader(
        new LazySource(() -> RecommenderInsightSource.create(host)),
        new LazyLedger(ledger),
        settings.cacheTtl(),
        settings.dailyBudget(),
        clock);
  }

  /** A Recommender source created on first use. */
  private static final class LazySource implements InsightSource, Warmable {
    private final Supplier<InsightSource> source;

    LazySource(Supplier<InsightSource> source) {
      this.source = Suppliers.memoize(source::get);
    }

    @Override
    public void warmUp() {
      if (source.get() instanceof Warmable warmable) {
        warmable.warmUp();
      }
    }

    @Override
    public List<dev.upgradesentinel.model.Insight> list(
        String project, String location, Duration timeout) {
      return source.get().list(project, location, timeout);
    }

    @Override
    public boolean metered() {
      return true;
    }
  }

  /** The notification log's ledger, looked up on first use. */
  private static final class LazyLedger implements InsightLedger {
    private final Supplier<InsightLedger> ledger;

    LazyLedger(Supplier<InsightLedger> ledger) {
      this.ledger = Suppliers.memoize(ledger::get);
    }

    @Override
    public Optional<Cached> cached(String project, String location, Deadline deadline) {
      return ledger.get().cached(project, location, deadline);
    }

    @Override
    public void store(String project, String location, Cached cached, Deadline deadline) {
      ledger.get().store(project, location, cached, deadline);
    }

    @Override
    public Outlook outlook(String project, String location, Deadline deadline) {
      return ledger.get().outlook(project, location, deadline);
    }

    @Override
    public Start startRead(Outlook seen, Instant until, String day, int budget, Deadline deadline) {
      return ledger.get().startRead(seen, until, day, budget, deadline);
    }

    @Override
    public void pauseUntil(Instant until, Deadline deadline) {
      ledger.get().pauseUntil(until, deadline);
    }
  }
}
