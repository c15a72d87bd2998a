package dev.upgradesentinel.functions;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.common.base.Suppliers;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.delivery.NotificationLogs;
import dev.upgradesentinel.gke.ClusterSources;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.routing.RoutingTable;
import dev.upgradesentinel.scan.DigestDelivery;
import dev.upgradesentinel.scan.FleetScanner;
import dev.upgradesentinel.scan.PubSubScanPublisher;
import dev.upgradesentinel.scan.ScanPublisher;
import dev.upgradesentinel.scan.ScanWorker;
import dev.upgradesentinel.sinks.slack.SlackResponseUrlReply;
import io.cloudevents.CloudEvent;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Handles scan requests from the scan topic: fan-out batches from CheckFunction, slash-command
 * checks, and Cloud Scheduler's sweeps, which it splits into batches first.
 *
 * <p>Deploy it with {@code --max-instances=1}: the rate limit is per instance, so one instance
 * keeps a whole fleet scan under {@code SCAN_RATE_PER_MINUTE}. Messages that can never be handled
 * are logged and acknowledged; a transient failure escapes {@link #accept} and Pub/Sub redelivers.
 */
public final class ScanWorkerFunction implements CloudEventsFunction {
  private final ScanWorker worker;

  /** Called by the Functions Framework; reads the configuration from the environment. */
  public ScanWorkerFunction() {
    this(Config.fromEnv(System.getenv()));
  }

  ScanWorkerFunction(Config config) {
    this(
        new ScanWorker(
            FleetScanner.create(ClusterSources.from(config), config.scan(), Clock.systemUTC()),
            Suppliers.memoize(
                () ->
                    (ScanPublisher)
                        new PubSubScanPublisher(
                            Config.require(
                                config.scan().topic(),
                                "SCAN_TOPIC",
                                "ScanWorkerFunction, to split a large scan,"),
                            config.scan().pubsubEmulatorHost().orElse(null))),
            Suppliers.memoize(
                () ->
                    RoutingTable.from(config, "ScanWorkerFunction, for notify=true,")
                        .defaultSinks()),
            new SlackResponseUrlReply(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()),
            new GuidanceRenderer(config.language(), Clock.systemUTC()),
            new DigestRenderer(config.language()),
            new DigestDelivery(
                new DigestRenderer(config.language()),
                config.notifyOnClear(),
                NotificationLogs.from(config.delivery()),
                Clock.systemUTC()),
            config.scan().batchSize(),
            config.scan().responseUrlPrefix()));
  }

  ScanWorkerFunction(ScanWorker worker) {
    this.worker = worker;
  }

  @Override
  public void accept(CloudEvent event) {
    worker.handle(event.getType(), event.getData() == null ? null : event.getData().toBytes());
  }
}
