package dev.upgradesentinel.gke;

import dev.upgradesentinel.config.Config;
import java.net.http.HttpClient;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** Chooses where clusters are read from, as the configuration says. */
public final class ClusterSources {
  private static final Logger log = Logger.getLogger(ClusterSources.class.getName());

  private ClusterSources() {}

  /**
   * Where fleet scans of a scope read their clusters: the offline file when {@code
   * GKE_CLUSTERS_FILE} is set (the same file as {@link #from}, so {@code source} when it is one),
   * otherwise Cloud Asset Inventory, at {@code ASSET_EMULATOR_HOST} when set. Its client is built
   * on first use.
   */
  public static ClusterInventory inventory(Config config, ClusterSource source) {
    if (source instanceof FileClusterSource file) {
      return file;
    }
    return InventoryClusterSource.create(config.gke().assetEmulatorHost().orElse(null));
  }

  /**
   * The offline file when {@code GKE_CLUSTERS_FILE} is set; otherwise the GKE API's REST form, at
   * {@code GKE_EMULATOR_HOST} when set, over the instance's HTTP client. Creating the API source
   * connects nothing.
   */
  public static ClusterSource from(Config config, Supplier<HttpClient> http) {
    if (config.gke().clustersFile().isPresent()) {
      log.info(
          "Reading clusters from file="
              + config.gke().clustersFile().get()
              + " instead of the GKE API");
      return new FileClusterSource(
          config.gke().clustersFile().get(),
          config.gke().upgradeInfoFile(),
          config.gke().operationsFile());
    }
    return new ApiClusterSource(
        GkeApi.create(config.gke().emulatorHost().orElse(null), http.get()));
  }
}
