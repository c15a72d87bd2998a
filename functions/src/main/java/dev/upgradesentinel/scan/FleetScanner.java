package dev.upgradesentinel.scan;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.assess.Holds;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.gke.ClusterAccessException;
import dev.upgradesentinel.gke.ClusterInventory;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.gke.PoolUpgradeInfo;
import dev.upgradesentinel.insights.InsightReader;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Reads and assesses the clusters a scan request names, many projects at once, without tripping the
 * GKE API's per-minute quota.
 *
 * <p>A project costs one listClusters request (location {@code -} returns every cluster with its
 * node pools), a single cluster one getCluster. Up to {@code concurrency} requests are in flight,
 * and every attempt, retries included, first takes a slot from the instance's {@link RateLimiter}.
 * A transient failure (RESOURCE_EXHAUSTED, UNAVAILABLE after the client's own retries, a deadline)
 * is retried with full-jitter exponential backoff, so that instances that were throttled together
 * do not come back together; a project that still fails, or that refuses access, becomes a {@link
 * ScanError} and the rest of the scan goes on.
 */
public final class FleetScanner {
  private static final Logger log = Logger.getLogger(FleetScanner.class.getName());

  /**
   * Four retries with delays capped at 1, 2, 4 and 8 s: at most 15 s, inside a function's minute.
   */
  static final int MAX_ATTEMPTS = 5;

  static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);

  /** How long a scan lets the insights of one project and location take. */
  static final Duration INSIGHTS_DEADLINE = Duration.ofSeconds(20);

  private final Assessor assessor;
  private final ClusterSource source;
  private final RateLimiter limiter;
  private final int concurrency;
  private final Ticker ticker;
  private final Clock clock;
  private final Supplier<RandomGenerator> random;
  private final Duration baseDelay;
  private final InsightReader insights;
  private final Optional<ClusterInventory> inventory;
  private final RateLimiter inventoryLimiter;
  private final int pagesPerBatch;

  /**
   * @param limiter shared by every scan of the instance, so concurrent scans share one budget
   * @param concurrency requests in flight at most, per scan
   */
  public FleetScanner(ClusterSource source, RateLimiter limiter, int concurrency, Clock clock) {
    this(
        source,
        limiter,
        concurrency,
        clock,
        new Backoff(Ticker.SYSTEM, ThreadLocalRandom::current, DEFAULT_BASE_DELAY));
  }

  /**
   * A scanner paced by {@code SCAN_RATE_PER_MINUTE} with {@code SCAN_CONCURRENCY} requests in
   * flight. The rate is per instance: the limiter lives as long as the scanner, which an entry
   * class keeps for the instance.
   */
  public static FleetScanner create(
      ClusterSource source, Config.ScanSettings settings, Clock clock) {
    return new FleetScanner(
        source,
        RateLimiter.perMinute(settings.ratePerMinute(), Ticker.SYSTEM),
        settings.concurrency(),
        clock);
  }

  /**
   * How a request the GKE API refused for now is retried: full-jitter exponential backoff from
   * {@code baseDelay}, waiting on {@code ticker}.
   */
  record Backoff(Ticker ticker, Supplier<RandomGenerator> random, Duration baseDelay) {
    Backoff {
      Objects.requireNonNull(ticker, "ticker == null");
      Objects.requireNonNull(random, "random == null");
      Objects.requireNonNull(baseDelay, "baseDelay == null");
    }
  }

  FleetScanner(
      ClusterSource source, RateLimiter limiter, int concurrency, Clock clock, Backoff backoff) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.source = Objects.requireNonNull(source, "source == null");
    this.limiter = Objects.requireNonNull(limiter, "limiter == null");
    this.concurrency = concurrency;
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.ticker = backoff.ticker();
    this.random = backoff.random();
    this.baseDelay = backoff.baseDelay();
    this.insights = InsightReader.off("not configured for this scanner");
    this.inventory = Optional.empty();
    this.inventoryLimiter = limiter;
    this.pagesPerBatch = DEFAULT_PAGES_PER_BATCH;
    this.assessor = new Assessor();
  }

  private FleetScanner(
      FleetScanner scanner,
      InsightReader insights,
      Optional<ClusterInventory> inventory,
      RateLimiter inventoryLimiter,
      int pagesPerBatch,
      Assessor assessor) {
    this.assessor = assessor;
    this.source = scanner.source;
    this.limiter = scanner.limiter;
    this.concurrency = scanner.concurrency;
    this.clock = scanner.clock;
    this.ticker = scanner.ticker;
    this.random = scanner.random;
    this.baseDelay = scanner.baseDelay;
    this.insights = Objects.requireNonNull(insights, "insights == null");
    this.inventory = Objects.requireNonNull(inventory, "inventory == null");
    this.inventoryLimiter = Objects.requireNonNull(inventoryLimiter, "inventoryLimiter == null");
    if (pagesPerBatch < 1) {
      throw new IllegalArgumentException("pagesPerBatch must be at least 1: " + pagesPerBatch);
    }
    this.pagesPerBatch = pagesPerBatch;
  }

  /**
   * ListAssets calls a minute, sustained: below Cloud Asset Inventory's 100 a minute per consumer
   * project (and its 800 per organization), as the GKE API's rate stays below its quota.
   */
  public static final int INVENTORY_PAGES_PER_MINUTE = 80;

  /**
   * ListAssets calls that may go back to back: the quota is counted per minute, and 20 at once plus
   * 80 a minute stay within 100 in any minute. A 20,000-cluster organization is read without a
   * wait.
   */
  static final int INVENTORY_BURST = 20;

  /** Inventory pages one batch of a scope reads; a larger scope goes on in later batches. */
  public static final int DEFAULT_PAGES_PER_BATCH = Config.ScanSettings.DEFAULT_PAGES_PER_BATCH;

  /** The pace of ListAssets calls for {@link #withInventory}, one per instance. */
  public static RateLimiter inventoryPace(Ticker ticker) {
    return new RateLimiter(INVENTORY_PAGES_PER_MINUTE, INVENTORY_BURST, ticker);
  }

  /**
   * This scanner, reading scopes ({@link ScanRequest#scope}) from Cloud Asset Inventory, its pages
   * paced by {@code limiter} and retried as the GKE API's requests are.
   */
  public FleetScanner withInventory(ClusterInventory inventory, RateLimiter limiter) {
    return withInventory(inventory, limiter, DEFAULT_PAGES_PER_BATCH);
  }

  /**
   * As {@link #withInventory(ClusterInventory, RateLimiter)}, each batch of a scope reading at most
   * {@code pagesPerBatch} pages; the result says where the next batch starts.
   */
  public FleetScanner withInventory(
      ClusterInventory inventory, RateLimiter limiter, int pagesPerBatch) {
    return new FleetScanner(
        this, insights, Optional.of(inventory), limiter, pagesPerBatch, assessor);
  }

  /**
   * This scanner, reading the deprecation insights of each cluster's project and location through
   * {@code insights}, whose cache and budget keep a large scan within Recommender's quota.
   */
  public FleetScanner withInsights(InsightReader insights) {
    return new FleetScanner(this, insights, inventory, inventoryLimiter, pagesPerBatch, assessor);
  }

  /**
   * This scanner, saying of a cluster with an open blocker that GKE upgrades it anyway at the end
   * of support once that day is {@code warning} away or nearer.
   */
  public FleetScanner withEndOfSupportWarning(Duration warning) {
    return new FleetScanner(
        this, insights, inventory, inventoryLimiter, pagesPerBatch, new Assessor(warning));
  }

  private Assessment assess(ClusterInfo cluster) {
    return assessor.assess(
        cluster, null, insights.read(cluster.ref(), Deadline.after(INSIGHTS_DEADLINE)));
  }

  /**
   * Scans what the request names: one cluster when it names one, otherwise every cluster of its
   * projects in its location ({@code -}: all).
   *
   * @throws ClusterNotFoundException when the request names one cluster and it does not exist
   * @throws TransientFailureException when the scan was interrupted
   */
  public ScanResult scan(ScanRequest request) {
    Objects.requireNonNull(request, "request == null");
    String context = "scan=" + request.scanId() + " batch=" + request.batchLabel();
    long started = ticker.nanoTime();
    Queue<Assessment> assessments = new ConcurrentLinkedQueue<>();
    Queue<ScanError> errors = new ConcurrentLinkedQueue<>();
    Optional<ScanResult.Inventory> read = Optional.empty();
    if (request.hasScope()) {
      read = scanScope(request, context, assessments, errors);
    } else if (!request.cluster().isEmpty()) {
      scanCluster(request, assessments, errors);
    } else {
      scanProjects(request, context, assessments, errors);
    }
    List<Assessment> assessed = new ArrayList<>(assessments);
    if (request.cluster().isEmpty() && !assessed.isEmpty()) {
      assessed = withUpgradeStatuses(request, context, assessed);
    }
    long millis = Duration.ofNanos(ticker.nanoTime() - started).toMillis();
    log.info(
        context
            + " done projects="
            + request.projects().size()
            + " clusters="
            + assessments.size()
            + " errors="
            + errors.size()
            + " millis="
            + millis);
    int projects =
        request.hasScope()
            ? (int) assessments.stream().map(a -> a.ref().project()).distinct().count()
            : request.projects().size();
    return new ScanResult(
        request.scanId(), clock.instant(), projects, assessed, new ArrayList<>(errors), read);
  }

  /**
   * GKE's answer for every cluster of a fleet scan: asked once per location, version and release
   * channel, derived for the rest ({@link FleetStatuses}), each ask under the scan's rate limit.
   */
  private List<Assessment> withUpgradeStatuses(
      ScanRequest request, String context, List<Assessment> assessed) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    ExecutorService pool = pool(request, concurrency);
    try {
      FleetStatuses.Joined joined =
          FleetStatuses.join(
              assessed,
              ref -> withRetries("upgradeInfo cluster=" + ref, () -> source.upgradeInfo(ref)),
              pool,
              (a, status) -> assessor.withUpgradeStatus(a, status, today),
              now);
      log.info(
          context
              + " upgradeStatus asked="
              + joined.asked()
              + " derived="
              + joined.derived()
              + " clusters="
              + assessed.size());
      return joined.assessments();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Reads the clusters of the request's scope from Cloud Asset Inventory, page by page from the
   * request's page token, and assesses each page's clusters while the next page is read. A batch
   * stops after {@code pagesPerBatch} pages, so one instance's memory bounds no organization; the
   * result carries the token the next batch starts at.
   */
  private Optional<ScanResult.Inventory> scanScope(
      ScanRequest request, String context, Queue<Assessment> assessments, Queue<ScanError> errors) {
    if (inventory.isEmpty()) {
      errors.add(
          new ScanError(
              request.scope(),
              "this scanner reads no Cloud Asset Inventory; name projects instead"));
      return Optional.empty();
    }
    String scope = request.scope();
    ExecutorService pool = pool(request, concurrency);
    List<Future<?>> futures = new ArrayList<>();
    Instant readTime = null;
    int pages = 0;
    String next = "";
    try {
      try {
        String token = request.pageToken();
        do {
          String pageToken = token;
          long asked = ticker.nanoTime();
          ClusterInventory.Page page =
              withRetries(
                  inventoryLimiter,
                  "Cloud Asset Inventory",
                  "scope=" + scope + " page=" + (pages + 1),
                  () -> inventory.get().page(scope, pageToken));
          pages++;
          readTime = readTime == null ? page.readTime() : readTime;
          // Parsed and assessed on the pool while the next page is fetched.
          futures.add(
              pool.submit(
                  () -> {
                    for (ClusterInfo cluster : page.clusters().get()) {
                      if (request.location().equals("-")
                          || cluster.ref().location().equals(request.location())) {
                        assessments.add(assess(cluster));
                      }
                    }
                  }));
          log.info(
              context
                  + " inventory scope="
                  + scope
                  + " page="
                  + pages
                  + " millis="
                  + Duration.ofNanos(ticker.nanoTime() - asked).toMillis());
          token = page.nextPageToken();
        } while (!token.isEmpty() && pages < pagesPerBatch);
        next = token;
      } catch (ClusterAccessException | TransientFailureException e) {
        errors.add(
            new ScanError(
                scope,
                pages == 0
                    ? e.getMessage()
                    : "read "
                        + pages
                        + (pages == 1 ? " page" : " pages")
                        + ", then stopped: "
                        + e.getMessage()));
      }
      // The pages read are assessed and reported, whether or not the rest of the scope was read.
      awaitAll(futures, context);
    } finally {
      pool.shutdownNow();
    }
    return readTime == null
        ? Optional.empty()
        : Optional.of(new ScanResult.Inventory(scope, readTime, pages, next));
  }

  /**
   * Waits for every task handed to the pool. Tasks catch what a project or a page can throw;
   * anything else is a bug and should be seen as one.
   *
   * @throws TransientFailureException when interrupted
   */
  private static void awaitAll(List<Future<?>> futures, String context) {
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException("interrupted while scanning " + context, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("scan task failed " + context, e.getCause());
    }
  }

  private static ExecutorService pool(ScanRequest request, int threads) {
    return Executors.newFixedThreadPool(
        threads,
        runnable -> {
          Thread thread = new Thread(runnable, "scan-" + request.scanId());
          thread.setDaemon(true);
          return thread;
        });
  }

  private void scanCluster(
      ScanRequest request, Queue<Assessment> assessments, Queue<ScanError> errors) {
    ClusterRef ref =
        new ClusterRef(request.projects().get(0), request.location(), request.cluster());
    try {
      ClusterInfo cluster = withRetries(ref.toString(), () -> source.get(ref));
      assessments.add(
          assessor.withUpgradeStatus(
              assess(cluster),
              upgradeStatus(cluster),
              LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    } catch (ClusterAccessException | TransientFailureException e) {
      errors.add(new ScanError(ref.project(), e.getMessage()));
    }
  }

  /**
   * What GKE says about one cluster's upgrades, with the holds behind it; why not, when it cannot
   * be read. A failure here never fails the check: the rest of the report stands.
   */
  private UpgradeStatus upgradeStatus(ClusterInfo cluster) {
    try {
      // The reader retries what is worth retrying within its own 20 s.
      UpgradeInfo info = source.upgradeInfo(cluster.ref());
      UpgradeStatus status =
          UpgradeStatus.read(info, Holds.of(info, cluster.maintenancePolicy(), clock.instant()));
      if (PoolUpgradeInfo.apart(cluster).isEmpty()) {
        return status;
      }
      // Pools on another minor, or with an exclusion of their own, are asked about too.
      ExecutorService pools =
          Executors.newFixedThreadPool(
              4,
              runnable -> {
                Thread thread = new Thread(runnable, "pool-upgrade-info");
                thread.setDaemon(true);
                return thread;
              });
      try {
        return status.withPools(
            PoolUpgradeInfo.read(source, cluster, Duration.ofSeconds(10), pools));
      } finally {
        pools.shutdownNow();
      }
    } catch (ClusterNotFoundException | ClusterAccessException | TransientFailureException e) {
      return UpgradeStatus.unread(e.getMessage());
    }
  }

  private void scanProjects(
      ScanRequest request, String context, Queue<Assessment> assessments, Queue<ScanError> errors) {
    List<String> projects = request.projects();
    int threads = Math.min(concurrency, projects.size());
    AtomicInteger done = new AtomicInteger();
    int step = Math.max(1, projects.size() / 10);
    ExecutorService pool = pool(request, threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String project : projects) {
        futures.add(
            pool.submit(
                () -> {
                  scanProject(project, request.location(), assessments, errors);
                  int finished = done.incrementAndGet();
                  if (finished % step == 0 || finished == projects.size()) {
                    log.info(
                        context
                            + " progress="
                            + finished
                            + "/"
                            + projects.size()
                            + " clusters="
                            + assessments.size()
                            + " errors="
                            + errors.size());
                  }
                }));
      }
      awaitAll(futures, context);
    } finally {
      pool.shutdownNow();
    }
  }

  private void scanProject(
      String project, String location, Queue<Assessment> assessments, Queue<ScanError> errors) {
    try {
      for (ClusterInfo cluster : withRetries("project=" + project, () -> source.list(project))) {
        if (location.equals("-") || cluster.ref().location().equals(location)) {
          assessments.add(assess(cluster));
        }
      }
    } catch (ClusterAccessException | TransientFailureException e) {
      errors.add(new ScanError(project, e.getMessage()));
    }
  }

  /**
   * Runs a request under the rate limit, retrying transient failures with full-jitter backoff.
   *
   * @throws TransientFailureException when the last attempt failed transiently, or on interrupt
   */
  private <T> T withRetries(String what, Supplier<T> call) {
    return withRetries(limiter, "GKE API", what, call);
  }

  /**
   * Runs a request under {@code pace}, retrying transient failures with full-jitter backoff.
   *
   * @param api the API, for log lines
   */
  private <T> T withRetries(RateLimiter pace, String api, String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        pace.acquire();
        return call.get();
      } catch (TransientFailureException e) {
        if (attempt == MAX_ATTEMPTS || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        Duration cap = baseDelay.multipliedBy(1L << (attempt - 1));
        Duration delay = Duration.ofNanos(random.get().nextLong(cap.toNanos() + 1));
        log.warning(
            api
                + " request failed, retrying "
                + what
                + " attempt="
                + attempt
                + " delayMillis="
                + delay.toMillis()
                + " error="
                + e.getMessage());
        pause(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientFailureException(
            "interrupted while waiting for the rate limit " + what, e);
      }
    }
  }

  private void pause(Duration delay) {
    try {
      ticker.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException("interrupted while backing off", e);
    }
  }
}
