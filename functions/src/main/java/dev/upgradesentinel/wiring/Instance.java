package dev.upgradesentinel.wiring;

import com.google.common.base.Suppliers;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.Warmable;
import dev.upgradesentinel.check.CheckHandler;
import dev.upgradesentinel.check.TestNotificationHandler;
import dev.upgradesentinel.command.SlackSignature;
import dev.upgradesentinel.command.SlashCommandHandler;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.config.DeliveryConfig;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.delivery.NotificationLogs;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.gke.ClusterSources;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.insights.InsightReader;
import dev.upgradesentinel.insights.InsightReaders;
import dev.upgradesentinel.pipeline.DeliveryPolicy;
import dev.upgradesentinel.pipeline.NotificationPipeline;
import dev.upgradesentinel.routing.RoutingConfig;
import dev.upgradesentinel.routing.RoutingTable;
import dev.upgradesentinel.scan.DigestDelivery;
import dev.upgradesentinel.scan.FleetScanner;
import dev.upgradesentinel.scan.PubSubScanPublisher;
import dev.upgradesentinel.scan.ScanPublisher;
import dev.upgradesentinel.scan.ScanReport;
import dev.upgradesentinel.scan.ScanWorker;
import dev.upgradesentinel.scan.Ticker;
import dev.upgradesentinel.sinks.slack.SlackResponseUrlReply;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The components of one function instance, wired in one place: each is built on first use and then
 * reused for every event the instance handles, so an entry class asks for what its job needs and
 * nothing else is created (the offline cluster source is enough for a check, the Pub/Sub publisher
 * and the Firestore client wait for the first event that needs them).
 *
 * <p>What would fail for good is checked when the entry class is built: a missing required
 * variable, a broken routing config. The error names the variable, so a bad deployment fails at
 * start, not at the first notification.
 */
public final class Instance {
  private static final Logger log = Logger.getLogger(Instance.class.getName());

  /** Connecting to any service this long means it is not answering. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final Config config;
  private final Clock clock;
  private final DeferredHttpClient httpClient;
  private final Supplier<HttpClient> http;
  private final Supplier<ClusterSource> clusters;
  private final Supplier<NotificationLog> notificationLog;
  private final Supplier<FleetScanner> scanner;
  private final Supplier<InsightReader> insights;
  private final Supplier<ScanPublisher> topicPublisher;
  private final Map<String, Supplier<RoutingTable>> lazyRoutings = new ConcurrentHashMap<>();

  public Instance(Config config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    DeferredHttpClient client =
        // HTTP/1.1: each request on a connection of its own. Over HTTP/2 the posts to one host
        // share a connection, and one reset loses the answers of every post on it, which a sink
        // that cannot be asked (a webhook) would then post again.
        new DeferredHttpClient(
            () ->
                HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .build());
    this.httpClient = client;
    this.http = () -> client;
    this.clusters = Suppliers.memoize(() -> ClusterSources.from(config, http));
    this.notificationLog = Suppliers.memoize(() -> NotificationLogs.from(config.delivery()));
    this.insights =
        Suppliers.memoize(
            () -> InsightReaders.from(config, () -> notificationLog.get().insightLedger(), clock));
    this.topicPublisher =
        Suppliers.memoize(
            () ->
                publisher(
                    Config.require(config.scan().topic(), "SCAN_TOPIC", "SlackCommandFunction")));
    this.scanner =
        Suppliers.memoize(
            () ->
                FleetScanner.create(clusters.get(), config.scan(), clock)
                    .withEndOfSupportWarning(config.endOfSupportWarning())
                    .withInsights(insights.get())
                    .withInventory(
                        ClusterSources.inventory(config, clusters.get()),
                        FleetScanner.inventoryPace(Ticker.SYSTEM),
                        config.scan().pagesPerBatch()));
  }

  /**
   * Builds the HTTP client and the API clients a notification or a check calls first (the GKE API,
   * the notification log's Firestore, Recommender), each in a daemon thread of its own, unless
   * {@code WARM_UP=false}. An entry class calls it first as it is built: the Functions Framework
   * builds it before it opens its port, so the clients are made while the entry class wires the
   * rest, the server starts and the first request is on its way, and at the same time as each
   * other, rather than one after the other while that request waits. A client that fails to build
   * is left for the entry class, or the first real call, to build again and report.
   */
  public void warmUpClients() {
    if (config.warmUp()) {
      httpClient.buildInBackground();
    }
    warmUp(clusters, notificationLog, insights);
  }

  /** As {@link #warmUpClients}, for the scan topic's publisher that the slash command calls. */
  public void warmUpPublisher() {
    warmUp(topicPublisher);
  }

  private void warmUp(Supplier<?>... parts) {
    if (!config.warmUp()) {
      return;
    }
    for (Supplier<?> part : parts) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  if (part.get() instanceof Warmable warmable) {
                    warmable.warmUp();
                  }
                } catch (RuntimeException e) {
                  log.fine("Warm-up failed, the first call will build it again: " + e);
                }
              },
              "warm-up");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The instance the Functions Framework runs: configuration from the environment. */
  public static Instance fromEnv() {
    return new Instance(Config.fromEnv(System.getenv()), Clock.systemUTC());
  }

  /**
   * The notification function's pipeline. Its routing is built now, so a broken routing config or a
   * missing secret fails the deployment.
   */
  public NotificationPipeline notificationPipeline() {
    DeliveryConfig delivery = config.delivery();
    return new NotificationPipeline(
        clusters.get(),
        this::guidance,
        routing("ClusterNotificationFunction"),
        notificationLog.get(),
        new DeliveryPolicy(
            config.notifyOnClear(),
            delivery.repeatInterval(),
            delivery.deadline(),
            clock,
            config.endOfSupportWarning()),
        insights.get());
  }

  /**
   * The on-demand check. It starts with a cluster source alone: the sinks ({@code notify=true}) and
   * the scan topic are built on first use, the routing config file itself is checked now.
   */
  public CheckHandler checkHandler() {
    Supplier<RoutingTable> routing = lazyRouting("CheckFunction with notify=true");
    return CheckHandler.builder()
        .scanner(scanner.get())
        .report(new ScanReport(guidance(config.language())))
        .digests(new DigestDelivery(config.language(), config.notifyOnClear()))
        .routing(routing)
        .publisher(Suppliers.memoize(this::optionalPublisher))
        .fanOut(config.scan().fanoutThreshold(), config.scan().batchSize())
        .clock(clock)
        .build();
  }

  /** {@code POST /test-notification}: a sample finding to one sink of the routing. */
  public TestNotificationHandler testNotifications() {
    Supplier<RoutingTable> routing = lazyRouting("CheckFunction with notify=true");
    return new TestNotificationHandler(() -> routing.get().sinks(), guidance(config.language()));
  }

  /** The scan worker: fan-out batches, slash-command checks and scheduled sweeps. */
  public ScanWorker scanWorker() {
    Supplier<RoutingTable> routing = lazyRouting("ScanWorkerFunction, for notify=true,");
    return ScanWorker.builder()
        .scanner(scanner.get())
        .publisher(
            Suppliers.memoize(
                () ->
                    publisher(
                        Config.require(
                            config.scan().topic(),
                            "SCAN_TOPIC",
                            "ScanWorkerFunction, to split a large scan,"))))
        .routing(routing)
        .reply(new SlackResponseUrlReply(http.get()))
        .words(guidance(config.language()), new DigestRenderer(config.language(), clock))
        .digests(
            new DigestDelivery(
                config.language(), config.notifyOnClear(), notificationLog.get(), clock))
        .batchSize(config.scan().batchSize())
        .responseUrlPrefix(config.scan().responseUrlPrefix())
        .build();
  }

  /** The slash command; it refuses to start without its signing secret and the scan topic. */
  public SlashCommandHandler slashCommandHandler() {
    String secret =
        Config.require(
            config.slack().signingSecret(), "SLACK_SIGNING_SECRET", "SlackCommandFunction");
    // Required now, so a deployment without the topic fails at start.
    Config.require(config.scan().topic(), "SCAN_TOPIC", "SlackCommandFunction");
    return new SlashCommandHandler(
        new SlackSignature(secret, clock),
        topicPublisher,
        config.scan().responseUrlPrefix(),
        config.language());
  }

  private GuidanceRenderer guidance(Language language) {
    return new GuidanceRenderer(language, clock);
  }

  private RoutingTable routing(String neededFor) {
    return RoutingTable.from(config, neededFor, http.get());
  }

  /**
   * Routing built on first use, once for every component that asks on behalf of the same function;
   * the routing config file, if any, is checked now.
   */
  private Supplier<RoutingTable> lazyRouting(String neededFor) {
    return lazyRoutings.computeIfAbsent(
        neededFor,
        function -> {
          config.routingConfig().ifPresent(RoutingConfig::load);
          return Suppliers.memoize(() -> routing(function));
        });
  }

  private ScanPublisher publisher(String topic) {
    return new PubSubScanPublisher(topic, config.scan().pubsubEmulatorHost().orElse(null));
  }

  private Optional<ScanPublisher> optionalPublisher() {
    return config.scan().topic().map(this::publisher);
  }
}
