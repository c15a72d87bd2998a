package dev.upgradesentinel.check;

import com.google.gson.JsonObject;
import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.gke.ClusterNotFoundException;
import dev.upgradesentinel.routing.RoutingTable;
import dev.upgradesentinel.scan.DigestDelivery;
import dev.upgradesentinel.scan.FleetScanner;
import dev.upgradesentinel.scan.ScanError;
import dev.upgradesentinel.scan.ScanPublisher;
import dev.upgradesentinel.scan.ScanReport;
import dev.upgradesentinel.scan.ScanRequest;
import dev.upgradesentinel.scan.ScanResult;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Answers an on-demand check: validates it, scans up to the fan-out threshold of projects at once
 * and answers with the report, or publishes larger scans to the scan topic in batches and answers
 * 202 with the scan id, the workers posting the digest.
 *
 * <p>A scope is scanned here a batch of inventory pages at a time: when it holds more, this batch's
 * digest goes to the sinks, the rest is published to the scan topic from the next page on, and the
 * answer is 202.
 *
 * <p>Status codes: 200 the report (partial failures in {@code errors}); 202 fanned out; 400 bad
 * input, or a request this deployment is not configured for (notify without a sink, a fleet without
 * {@code SCAN_TOPIC}), decided before any API call; 404 the one cluster asked for does not exist;
 * 405 another method; 413 a body over 256 KB; 502 the scan ran but the digest could not be sent;
 * 503 the scan topic or the GKE API could not be reached, a retry may work.
 */
public final class CheckHandler {
  private static final Logger log = Logger.getLogger(CheckHandler.class.getName());
  public static final int MAX_BODY_CHARS = 256 * 1024;
  private static final DateTimeFormatter SCAN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final CheckRequestParser parser = new CheckRequestParser();
  private final FleetScanner scanner;
  private final ScanReport report;
  private final DigestDelivery digests;
  private final Supplier<RoutingTable> routing;
  private final Supplier<Optional<ScanPublisher>> publisher;
  private final int fanoutThreshold;
  private final int batchSize;
  private final Clock clock;

  private CheckHandler(Builder b) {
    this.scanner = b.scanner;
    this.report = b.report;
    this.digests = b.digests;
    this.routing = b.routing;
    this.publisher = b.publisher;
    this.fanoutThreshold = b.fanoutThreshold;
    this.batchSize = b.batchSize;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CheckHandler}; {@link #build} names the first part that is missing. */
  public static final class Builder {
    private FleetScanner scanner;
    private ScanReport report;
    private DigestDelivery digests;
    private Supplier<RoutingTable> routing;
    private Supplier<Optional<ScanPublisher>> publisher;
    private int fanoutThreshold = -1;
    private int batchSize = -1;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Scans the projects of checks at or below the fan-out threshold. */
    public Builder scanner(FleetScanner scanner) {
      this.scanner = Objects.requireNonNull(scanner, "scanner == null");
      return this;
    }

    public Builder report(ScanReport report) {
      this.report = Objects.requireNonNull(report, "report == null");
      return this;
    }

    /** Posts the digest of a check with {@code notify=true}. */
    public Builder digests(DigestDelivery digests) {
      this.digests = Objects.requireNonNull(digests, "digests == null");
      return this;
    }

    /**
     * The routing of digests, built on first use; throws {@link ConfigException} when no sink is
     * configured. Each route's sinks get the part of a digest its matches select.
     */
    public Builder routing(Supplier<RoutingTable> routing) {
      this.routing = Objects.requireNonNull(routing, "routing == null");
      return this;
    }

    /** The scan topic, created on first use; empty when {@code SCAN_TOPIC} is not set. */
    public Builder publisher(Supplier<Optional<ScanPublisher>> publisher) {
      this.publisher = Objects.requireNonNull(publisher, "publisher == null");
      return this;
    }

    /** The most projects a check scans itself; more are fanned out in batches of {@code size}. */
    public Builder fanOut(int threshold, int size) {
      if (threshold < 1 || size < 1) {
        throw new IllegalArgumentException(
            "fan-out threshold and batch size must be at least 1: " + threshold + ", " + size);
      }
      this.fanoutThreshold = threshold;
      this.batchSize = size;
      return this;
    }

    /** Names scans and dates reports; the system's UTC clock unless set. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * @throws IllegalStateException naming the first part that was not set
     */
    public CheckHandler build() {
      require(scanner, "scanner");
      require(report, "report");
      require(digests, "digests");
      require(routing, "routing");
      require(publisher, "publisher");
      if (fanoutThreshold < 0) {
        throw new IllegalStateException("CheckHandler needs fanOut(threshold, size)");
      }
      return new CheckHandler(this);
    }

    private static void require(Object part, String name) {
      if (part == null) {
        throw new IllegalStateException("CheckHandler needs " + name + "(...)");
      }
    }
  }

  /**
   * Handles one HTTP request.
   *
   * @param query the query parameters, each with its values in order
   * @param body the request body, at most {@link #MAX_BODY_CHARS} + 1 characters of it
   * @param accept the Accept header, or empty
   */
  public CheckResponse handle(
      String method, Map<String, List<String>> query, String body, String accept) {
    if (!method.equals("GET") && !method.equals("POST")) {
      return new CheckResponse(
          405, CheckResponse.JSON, "{\"error\":\"use GET or POST\"}", Map.of("Allow", "GET, POST"));
    }
    try {
      Map<String, List<String>> parameters = new HashMap<>(query);
      Format format = format(parameters.remove("format"), accept);
      CheckRequest request = parse(method, parameters, body);
      return check(request, format);
    } catch (BadRequestException e) {
      log.info("Check refused status=" + e.status() + " reason=" + e.getMessage());
      return CheckResponse.error(e.status(), e.getMessage());
    }
  }

  private CheckRequest parse(String method, Map<String, List<String>> query, String body) {
    if (method.equals("GET")) {
      return parser.fromQuery(query);
    }
    if (!query.isEmpty()) {
      throw new BadRequestException("POST takes its parameters in the JSON body, not the query");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new BadRequestException(
          413, "the body is larger than " + MAX_BODY_CHARS / 1024 + " KB");
    }
    return parser.fromJson(body);
  }

  /** What the answer is written as. */
  enum Format {
    JSON,
    TEXT,
    CALENDAR
  }

  /**
   * The answer's form: {@code format=json|text|ics} when given, else by the Accept header: text
   * when it lists text/plain before JSON, a calendar for text/calendar before JSON, JSON otherwise.
   */
  static Format format(List<String> parameter, String accept) {
    if (parameter != null) {
      if (parameter.size() != 1) {
        throw new BadRequestException("format must be given once");
      }
      return switch (parameter.get(0)) {
        case "json" -> Format.JSON;
        case "text" -> Format.TEXT;
        case "ics" -> Format.CALENDAR;
        default -> throw new BadRequestException("format must be json, text or ics");
      };
    }
    String value = accept.toLowerCase(Locale.ROOT);
    int json = value.indexOf("application/json");
    int calendar = value.indexOf("text/calendar");
    if (calendar >= 0 && (json < 0 || calendar < json)) {
      return Format.CALENDAR;
    }
    return wantsText(accept) ? Format.TEXT : Format.JSON;
  }

  private CheckResponse check(CheckRequest check, Format format) {
    String scanId = newScanId();
    ScanRequest request =
        new ScanRequest(
            scanId,
            ScanRequest.Kind.CHECK,
            check.projects(),
            check.location(),
            check.cluster(),
            check.notifySinks(),
            "",
            "http",
            1,
            1,
            check.scope());
    // A scope's first batch of pages is scanned here, however large the organization.
    if (!request.hasScope()
        && check.cluster().isEmpty()
        && check.projects().size() > fanoutThreshold) {
      return fanOut(request);
    }
    RoutingTable targets = check.notifySinks() ? routingOrRefuse() : null;
    log.info(
        "Check scan="
            + scanId
            + (check.scope().isEmpty()
                ? " projects=" + check.projects().size()
                : " scope=" + check.scope())
            + " location="
            + check.location()
            + " cluster="
            + (check.cluster().isEmpty() ? "-" : check.cluster())
            + " notify="
            + check.notifySinks());
    ScanResult result;
    try {
      result = scanner.scan(request);
    } catch (ClusterNotFoundException e) {
      return CheckResponse.error(404, "cluster not found: " + e.ref());
    } catch (TransientFailureException e) {
      return CheckResponse.error(503, "the scan could not finish, try again: " + e.getMessage());
    }
    if (result.inventory().filter(ScanResult.Inventory::continues).isPresent()) {
      Optional<CheckResponse> handedOn = handOn(request, result, targets);
      if (handedOn.isPresent()) {
        return handedOn.get();
      }
      result = result.withError(new ScanError(request.scope(), restNotRead(result)));
    }
    if (check.notifySinks()) {
      try {
        digests.deliver(request, result, targets);
      } catch (TransientFailureException e) {
        return CheckResponse.error(
            502, "the scan finished but the digest could not be sent: " + e.getMessage());
      }
    }
    return switch (format) {
      case TEXT ->
          new CheckResponse(200, "text/plain; charset=utf-8", report.table(result), Map.of());
      case CALENDAR ->
          new CheckResponse(
              200,
              "text/calendar; charset=utf-8",
              report.calendar(result),
              Map.of("Content-Disposition", "attachment; filename=\"gke-upgrades.ics\""));
      case JSON -> new CheckResponse(200, CheckResponse.JSON, report.jsonText(result), Map.of());
    };
  }

  /**
   * Hands the rest of a scope on to the scan topic, and sends this batch's digest: 202. Empty when
   * there is no scan topic or no sink to tell of the rest; the answer is then this batch's report.
   */
  private Optional<CheckResponse> handOn(
      ScanRequest request, ScanResult result, RoutingTable targets) {
    Optional<ScanPublisher> topic = publisher.get();
    RoutingTable sinks = targets != null ? targets : routingOrNull();
    if (topic.isEmpty() || sinks == null) {
      log.info(
          "Not handing the rest of the scope on, "
              + (topic.isEmpty() ? "SCAN_TOPIC is not set" : "no sink is configured")
              + " scan="
              + request.scanId());
      return Optional.empty();
    }
    ScanRequest notifying = request.notifySinks() ? request : request.notifying();
    String next = result.inventory().orElseThrow().nextPageToken();
    try {
      topic.get().publish(notifying.continuation(next, false));
    } catch (TransientFailureException e) {
      return Optional.of(
          CheckResponse.error(503, "could not publish the scan, try again: " + e.getMessage()));
    }
    try {
      digests.deliver(notifying, result, sinks);
    } catch (TransientFailureException e) {
      // The rest of the scope is on its way; say that this batch's digest is what failed.
      return Optional.of(
          CheckResponse.error(
              502,
              "the scope's first "
                  + result.assessments().size()
                  + " clusters were scanned and the rest handed on, but their digest could not be"
                  + " sent: "
                  + e.getMessage()));
    }
    log.info(
        "Handed the rest of the scope on scan="
            + request.scanId()
            + " scope="
            + request.scope()
            + " clusters="
            + result.assessments().size());
    JsonObject json = new JsonObject();
    json.addProperty("scanId", request.scanId());
    json.addProperty("scope", request.scope());
    json.addProperty("clusters", result.assessments().size());
    json.addProperty("continues", true);
    return Optional.of(CheckResponse.json(202, json));
  }

  private static String restNotRead(ScanResult result) {
    return "read the first "
        + result.assessments().size()
        + " clusters of the scope only: the rest is read in batches whose digests go to the sinks,"
        + " which needs SCAN_TOPIC and a sink";
  }

  /** The routing, or null when no sink is configured. */
  private RoutingTable routingOrNull() {
    try {
      return routing.get();
    } catch (ConfigException e) {
      return null;
    }
  }

  /**
   * Publishes the scan in batches. The results always go to the sinks as digests: an HTTP answer
   * cannot wait for the workers, so the digest is where a fanned-out scan reports.
   */
  private CheckResponse fanOut(ScanRequest request) {
    ScanPublisher topic =
        publisher
            .get()
            .orElseThrow(
                () ->
                    new BadRequestException(
                        "this deployment scans at most "
                            + fanoutThreshold
                            + " projects per request; larger scans are fanned out and need"
                            + " SCAN_TOPIC to be set"));
    ScanRequest notifying = request.notifySinks() ? request : request.notifying();
    List<ScanRequest> batches = notifying.split(batchSize);
    try {
      topic.publishAll(batches);
    } catch (TransientFailureException e) {
      return CheckResponse.error(503, "could not publish the scan, try again: " + e.getMessage());
    }
    log.info(
        "Fanned out scan="
            + request.scanId()
            + " projects="
            + request.projects().size()
            + " batches="
            + batches.size());
    JsonObject json = new JsonObject();
    json.addProperty("scanId", request.scanId());
    json.addProperty("batches", batches.size());
    json.addProperty("projects", request.projects().size());
    return CheckResponse.json(202, json);
  }

  /** The routing for notify=true; refused before scanning when no sink is configured. */
  private RoutingTable routingOrRefuse() {
    try {
      return routing.get();
    } catch (ConfigException e) {
      throw new BadRequestException("notify=true cannot be honoured: " + e.getMessage());
    }
  }

  /** Text when the caller lists text/plain before JSON, or without JSON; JSON otherwise. */
  static boolean wantsText(String accept) {
    String value = accept.toLowerCase(Locale.ROOT);
    int text = value.indexOf("text/plain");
    int json = value.indexOf("application/json");
    return text >= 0 && (json < 0 || text < json);
  }

  private String newScanId() {
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return "scan-" + SCAN_ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
  }
}
