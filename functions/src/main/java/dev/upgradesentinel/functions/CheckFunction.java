package dev.upgradesentinel.functions;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.google.common.base.Suppliers;
import dev.upgradesentinel.check.CheckHandler;
import dev.upgradesentinel.check.CheckResponse;
import dev.upgradesentinel.check.TestNotificationHandler;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.gke.ClusterSources;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.routing.RoutingConfig;
import dev.upgradesentinel.routing.RoutingTable;
import dev.upgradesentinel.scan.DigestDelivery;
import dev.upgradesentinel.scan.FleetScanner;
import dev.upgradesentinel.scan.PubSubScanPublisher;
import dev.upgradesentinel.scan.ScanPublisher;
import dev.upgradesentinel.scan.ScanReport;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers on-demand checks over HTTPS (deployed IAM-authenticated): one cluster, a project or a
 * list of projects, as JSON or, with {@code Accept: text/plain}, as a table.
 *
 * <p>It starts with a cluster source alone; the sinks ({@code notify=true}) and the Pub/Sub
 * publisher (scans above {@code FANOUT_THRESHOLD} projects) are created on first use. A routing
 * config ({@code ROUTING_CONFIG}) is validated at start; digests go to its default route.
 *
 * <p>{@code POST /test-notification?sink=NAME} sends a marked sample finding to one sink ({@link
 * TestNotificationHandler}).
 */
public final class CheckFunction implements HttpFunction {
  private final CheckHandler handler;
  private final TestNotificationHandler testNotifications;

  /** Called by the Functions Framework; reads the configuration from the environment. */
  public CheckFunction() {
    this(Config.fromEnv(System.getenv()));
  }

  CheckFunction(Config config) {
    this(config, routing(config));
  }

  private CheckFunction(Config config, Supplier<RoutingTable> routing) {
    this(
        new CheckHandler(
            FleetScanner.create(ClusterSources.from(config), config.scan(), Clock.systemUTC()),
            new ScanReport(new GuidanceRenderer(config.language(), Clock.systemUTC())),
            new DigestDelivery(new DigestRenderer(config.language()), config.notifyOnClear()),
            () -> routing.get().defaultSinks(),
            Suppliers.memoize(
                () ->
                    config
                        .scan()
                        .topic()
                        .map(
                            topic ->
                                (ScanPublisher)
                                    new PubSubScanPublisher(
                                        topic, config.scan().pubsubEmulatorHost().orElse(null)))),
            config.scan().fanoutThreshold(),
            config.scan().batchSize(),
            Clock.systemUTC()),
        new TestNotificationHandler(
            () -> routing.get().sinks(),
            new GuidanceRenderer(config.language(), Clock.systemUTC())));
  }

  CheckFunction(CheckHandler handler, TestNotificationHandler testNotifications) {
    this.handler = handler;
    this.testNotifications = testNotifications;
  }

  /**
   * The sinks, built on first use: the function starts without their secrets. The routing config
   * file itself is checked now, so a broken one fails the deployment.
   */
  private static Supplier<RoutingTable> routing(Config config) {
    config.routingConfig().ifPresent(RoutingConfig::load);
    return Suppliers.memoize(() -> RoutingTable.from(config, "CheckFunction with notify=true"));
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    CheckResponse answer;
    if (request.getPath().replaceAll("/+$", "").equals(TestNotificationHandler.PATH)) {
      answer = testNotifications.handle(request.getMethod(), request.getQueryParameters());
    } else {
      String body = request.getMethod().equals("POST") ? read(request.getReader()) : "";
      answer =
          handler.handle(
              request.getMethod(),
              request.getQueryParameters(),
              body,
              request.getFirstHeader("Accept").orElse(""));
    }
    response.setStatusCode(answer.status());
    response.setContentType(answer.contentType());
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.appendHeader(header.getKey(), header.getValue());
    }
    try (Writer writer = response.getWriter()) {
      writer.write(answer.body());
    }
  }

  /** Reads one character more than the handler accepts, so it can tell a body is too large. */
  private static String read(Reader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    int n;
    while (text.length() <= CheckHandler.MAX_BODY_CHARS && (n = reader.read(buffer)) != -1) {
      text.append(buffer, 0, n);
    }
    return text.toString();
  }
}
