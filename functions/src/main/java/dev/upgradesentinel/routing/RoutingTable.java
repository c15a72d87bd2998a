package dev.upgradesentinel.routing;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.SinkContext;
import dev.upgradesentinel.sinks.SinkSettings;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The router of a deployment, with the sinks it routes to: the routes of {@code ROUTING_CONFIG}
 * with their sinks built, or, without a routing config, every sink configured by the Slack
 * variables, getting everything in {@code MESSAGE_LANGUAGE}, as before routing existed.
 *
 * <p>The first route that matches wins; a route with {@code "continue": true} lets later routes add
 * their sinks too. A sink chosen by two routes gets one message, in the first route's language.
 * When no route matches, the default route applies. A route matches a message by its cluster, its
 * verdict and its {@link Subject kind}; a route with no sinks drops what it matches.
 */
public final class RoutingTable implements Router {
  private static final Logger log = Logger.getLogger(RoutingTable.class.getName());

  /** One route with its sinks built and its language decided. */
  private record Entry(
      String path, Match match, List<Sink> sinks, Language language, boolean continueMatching) {}

  private final List<Entry> routes;
  private final Entry fallback;
  private final Map<String, Sink> sinks;

  private RoutingTable(List<Entry> routes, Entry fallback, Map<String, Sink> sinks) {
    this.routes = List.copyOf(routes);
    this.fallback = fallback;
    this.sinks = Collections.unmodifiableMap(new LinkedHashMap<>(sinks));
  }

  /**
   * The deployment's routing: {@code ROUTING_CONFIG} when set, otherwise every sink {@link
   * Sinks#from} configures.
   *
   * @param neededFor the function asking, named in the error when no sink is configured
   * @param http the instance's HTTP client, shared by every sink
   * @throws ConfigException when the routing config is invalid, names an unset variable, or no sink
   *     is configured
   */
  public static RoutingTable from(Config config, String neededFor, HttpClient http) {
    if (config.routingConfig().isEmpty()) {
      return everySink(Sinks.from(config, neededFor, http), config.language());
    }
    RoutingConfig routing = RoutingConfig.load(config.routingConfig().get());
    RoutingTable table = of(routing, config.secrets(), http, config.dryRun(), config.language());
    log.info(
        "Routing findings by ROUTING_CONFIG="
            + config.routingConfig().get()
            + " sinks="
            + String.join(",", table.sinks.keySet())
            + " routes="
            + table.routes.size());
    return table;
  }

  /** Every sink gets every finding, in one language. */
  public static RoutingTable everySink(List<Sink> sinks, Language language) {
    Map<String, Sink> byName = new LinkedHashMap<>();
    sinks.forEach(sink -> byName.put(sink.name(), sink));
    return new RoutingTable(
        List.of(), new Entry("default", Match.ANY, List.copyOf(sinks), language, false), byName);
  }

  /**
   * Builds the sinks of a routing config and its routes.
   *
   * @param env reads the variables the config names
   * @param language the language of routes that set none
   */
  static RoutingTable of(
      RoutingConfig config,
      Function<String, Optional<String>> env,
      HttpClient http,
      boolean dryRun,
      Language language) {
    SinkContext context = SinkContext.of(http, dryRun);
    Map<String, Sink> built = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (SinkSpec spec : config.sinks().values()) {
      try {
        SinkSettings settings = new SinkSettings(spec.name(), spec.values(), spec.labels(), env);
        built.put(spec.name(), spec.kind().build(settings, context));
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
    Function<Route, Entry> entry =
        route ->
            new Entry(
                route.path(),
                route.match(),
                route.sinks().stream().map(built::get).toList(),
                route.language().orElse(language),
                route.continueMatching());
    return new RoutingTable(
        config.routes().stream().map(entry).toList(), entry.apply(config.defaultRoute()), built);
  }

  @Override
  public List<Recipient> recipients(ClusterInfo cluster, Verdict verdict) {
    return recipients(cluster, verdict, Subject.FINDING);
  }

  @Override
  public List<Recipient> recipients(ClusterInfo cluster, Verdict verdict, Subject kind) {
    return choose(cluster, verdict, Objects.requireNonNull(kind, "kind == null"), true);
  }

  /**
   * The recipients of a finding as {@link #recipients(ClusterInfo, Verdict)} chooses them, without
   * a log line: a fleet digest routes thousands of clusters at once.
   */
  public List<Recipient> recipientsQuietly(ClusterInfo cluster, Verdict verdict) {
    return choose(cluster, verdict, Subject.FINDING, false);
  }

  /** The default route's sinks, each in the default route's language. */
  public List<Recipient> defaultRecipients() {
    return fallback.sinks().stream().map(sink -> new Recipient(sink, fallback.language())).toList();
  }

  /**
   * The sinks of the routes that match, or of the default route when none does. A route that
   * matches with no sinks still counts: it drops the message rather than leave it to the default.
   */
  private List<Recipient> choose(
      ClusterInfo cluster, Verdict verdict, Subject kind, boolean logged) {
    Map<String, Recipient> chosen = new LinkedHashMap<>();
    List<String> matched = new ArrayList<>();
    for (Entry route : routes) {
      if (!route.match().matches(cluster, verdict, kind)) {
        continue;
      }
      matched.add(route.path());
      add(chosen, route);
      if (!route.continueMatching()) {
        break;
      }
    }
    if (matched.isEmpty()) {
      matched.add(fallback.path());
      add(chosen, fallback);
    }
    if (logged && !routes.isEmpty()) {
      log.info(
          "Routed: "
              + cluster.ref()
              + " verdict="
              + verdict
              + " kind="
              + kind
              + " routes="
              + String.join(",", matched)
              + " sinks="
              + String.join(",", chosen.keySet()));
    }
    return List.copyOf(chosen.values());
  }

  private static void add(Map<String, Recipient> chosen, Entry route) {
    for (Sink sink : route.sinks()) {
      chosen.putIfAbsent(sink.name(), new Recipient(sink, route.language()));
    }
  }

  /** Every sink by name, for test notifications. */
  public Map<String, Sink> sinks() {
    return sinks;
  }

  /** The default route's sinks: where stand-alone messages, such as scan digests, go. */
  public List<Sink> defaultSinks() {
    return fallback.sinks();
  }
}
