package dev.upgradesentinel.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeRecommenderServer;
import dev.upgradesentinel.testing.FirestoreEmulator;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import dev.upgradesentinel.testing.PubSubEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold start of the functions as {@code infra/deploy.sh} ships them: the Firestore notification log
 * through its client library (on the emulator, cleared before every run so each run posts a NEW
 * finding), the GKE API over its REST form against a local fake answering the captured cluster,
 * deprecation insights from an in-process Recommender through its client library, the scan topic on
 * the Pub/Sub emulator, and the deploy's {@code JAVA_TOOL_OPTIONS}, which the minimal functions get
 * too. Each variant starts a fresh JVM on the real invoker; variants run interleaved, round after
 * round.
 *
 * <p>{@code -Dbench.baseline.classpath=CLASSES:DEPENDENCIES} adds an earlier build of the product,
 * started with the environment it was deployed with then ({@link #baselineDeployed}), so that a
 * change is measured side by side with the tree before it in one run.
 */
class DeployedColdStartBenchmark {
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
  private static final String WEBHOOK = "/services/T0/B0/bench";
  private static final String PROJECT = "bench-deployed";
  private static final String CLUSTER_PATH =
      "/v1/projects/111111111111/locations/us-central1/clusters/payments-prod";

  @TempDir Path work;

  private FirestoreEmulator firestore;
  private PubSubEmulator pubsub;
  private FakeRecommenderServer recommender;
  private WireMockServer gke;
  private WireMockServer slack;
  private String topic;
  private String clusterJson;

  @BeforeEach
  void start() throws Exception {
    firestore = FirestoreEmulator.start();
    pubsub = PubSubEmulator.start();
    topic = pubsub.createTopic("scan-requests");
    recommender = new FakeRecommenderServer().start();
    JsonObject cluster = Fixtures.cluster("clusters/standard-docker.json");
    cluster.addProperty("name", "payments-prod");
    cluster.addProperty("location", "us-central1");
    cluster.addProperty("selfLink", "https://container.googleapis.com" + CLUSTER_PATH);
    clusterJson = cluster.toString();
    gke = new WireMockServer(wireMockConfig().dynamicPort());
    gke.start();
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(clusterJson)));
    // GKE's own answer, which every notification asks for beside the cluster.
    gke.stubFor(
        get(urlPathEqualTo(CLUSTER_PATH + ":fetchClusterUpgradeInfo"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.text("upgrade-info/minor-paused-by-exclusion.json"))));
    // Recommender's REST form, on the same server, for a baseline build that read it so.
    gke.stubFor(
        get(urlPathEqualTo(
                "/v1/projects/111111111111/locations/us-central1/insightTypes/"
                    + "google.container.DiagnosisInsight/insights"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    slack.stubFor(post(urlEqualTo(WEBHOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {firestore, pubsub, recommender}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    for (WireMockServer server : new WireMockServer[] {gke, slack}) {
      if (server != null) {
        server.stop();
      }
    }
  }

  /**
   * The environment a build before one client per API was deployed with: each Google API over a
   * REST adapter of its own, chosen with variables that build read and this one does not.
   */
  private Map<String, String> baselineDeployed(String jvmOptions) {
    Map<String, String> env = deployed(jvmOptions);
    // -Dbench.baseline.env=current: a baseline built with one client per API, deployed as now.
    if (System.getProperty("bench.baseline.env", "").equals("current")) {
      return env;
    }
    env.put("GKE_API_TRANSPORT", "rest");
    env.put("PUBSUB_TRANSPORT", "rest");
    env.put("FIRESTORE_TRANSPORT", "rest");
    env.put("RECOMMENDER_TRANSPORT", "rest");
    env.put("RECOMMENDER_EMULATOR_HOST", "127.0.0.1:" + gke.port());
    return env;
  }

  /** The environment {@code infra/deploy.sh} gives the functions, pointed at the local fakes. */
  private Map<String, String> deployed(String jvmOptions) {
    Map<String, String> env = new HashMap<>();
    env.put("MESSAGE_LANGUAGE", "en");
    env.put("NOTIFY_ON_CLEAR", "false");
    env.put("DRY_RUN", "false");
    env.put("NOTIFICATION_LOG", "firestore");
    env.put("FIRESTORE_PROJECT_ID", PROJECT);
    env.put("FIRESTORE_EMULATOR_HOST", firestore.hostPort());
    env.put("GKE_EMULATOR_HOST", "127.0.0.1:" + gke.port());
    env.put("RECOMMENDER_EMULATOR_HOST", recommender.target());
    env.put("SCAN_TOPIC", topic);
    env.put("PUBSUB_EMULATOR_HOST", pubsub.hostPort());
    env.put("SLACK_WEBHOOK_URL", slack.baseUrl() + WEBHOOK);
    env.put("SLACK_SIGNING_SECRET", SlashCommandColdStartBenchmark.SECRET);
    env.put("JAVA_TOOL_OPTIONS", jvmOptions);
    return env;
  }

  /** One variant: how to start it, and its first request, which must succeed. */
  private record Variant(Function<String, InvokerProcess> start, FirstRequest first) {}

  @FunctionalInterface
  private interface FirstRequest {
    void send(InvokerProcess function) throws Exception;
  }

  private Map<String, Variant> variants(String jvmOptions) throws Exception {
    // jvmOptions: the options every variant starts with, also those of the archives' training.
    String event = Fixtures.text("events/upgrade-available-1-24.json");
    HttpClient http = HttpClient.newHttpClient();
    FirstRequest notification =
        function -> {
          int posts = slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK))).size();
          assertThat(CloudEvents.postPubSub(function.baseUrl(), event)).isEqualTo(200);
          assertThat(slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK)))).hasSize(posts + 1);
        };
    String minimal = ColdStarts.compileMinimal(work);
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put(
        "minimal function",
        new Variant(options -> minimalOn(javaHere(), minimal, options), notification));
    variants.put(
        "ClusterNotificationFunction, first notification posted",
        new Variant(
            options ->
                InvokerProcess.start(
                    "dev.upgradesentinel.functions.ClusterNotificationFunction", deployed(options)),
            notification));
    variants.put(
        "ClusterNotificationFunction, WARM_UP=false",
        new Variant(
            options -> {
              Map<String, String> env = deployed(options);
              env.put("WARM_UP", "false");
              return InvokerProcess.start(
                  "dev.upgradesentinel.functions.ClusterNotificationFunction", env);
            },
            notification));
    // -Dbench.baseline.classpath: an earlier build of the product, with the deploy's settings then.
    String baseline = System.getProperty("bench.baseline.classpath", "");
    if (!baseline.isEmpty()) {
      variants.put(
          "ClusterNotificationFunction, baseline build as then deployed",
          new Variant(
              options ->
                  InvokerProcess.start(
                      "dev.upgradesentinel.functions.ClusterNotificationFunction",
                      baseline,
                      baselineDeployed(options)),
              notification));
    }
    // -Dbench.otherJdk: the home of another JDK (a later release), for the runtime the deploy
    // picks.
    String otherJdk = System.getProperty("bench.otherJdk", "");
    if (!otherJdk.isEmpty()) {
      String java = Path.of(otherJdk, "bin", "java").toString();
      String release = Path.of(otherJdk).getFileName().toString();
      variants.put(
          "minimal function on " + release,
          new Variant(options -> minimalOn(java, minimal, options), notification));
      variants.put(
          "ClusterNotificationFunction on " + release,
          new Variant(
              options ->
                  InvokerProcess.start(
                      java,
                      "dev.upgradesentinel.functions.ClusterNotificationFunction",
                      InvokerProcess.functionClasspath(),
                      deployed(options)),
              notification));
    }
    // -Dbench.cds=true: class-data sharing, which the deploy cannot ship (docs/performance.md): an
    // archive of the classes one run loaded.
    if (Boolean.getBoolean("bench.cds")) {
      Path archive = work.resolve("notification.jsa");
      trainArchive(archive, Path.of(javaHere()), jvmOptions, notification);
      variants.put(
          "ClusterNotificationFunction, AppCDS archive of one run",
          new Variant(
              options ->
                  InvokerProcess.start(
                      "dev.upgradesentinel.functions.ClusterNotificationFunction",
                      deployed(options + " -Xshare:auto -XX:SharedArchiveFile=" + archive)),
              notification));
    }
    variants.put(
        "CheckFunction, first check of one cluster answered",
        new Variant(
            options ->
                InvokerProcess.start(
                    "dev.upgradesentinel.functions.CheckFunction", deployed(options)),
            function -> {
              HttpResponse<String> answer =
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create(
                                  function.baseUrl()
                                      + "?project=111111111111&location=us-central1"
                                      + "&cluster=payments-prod"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(answer.statusCode()).isEqualTo(200);
              assertThat(answer.body()).contains("\"verdict\":\"BLOCKED\"");
            }));
    FirstRequest command =
        function -> {
          HttpResponse<String> ack =
              http.send(
                  SlashCommandColdStartBenchmark.signed(function.baseUrl()),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(ack.statusCode()).isEqualTo(200);
          assertThat(ack.body()).contains("Checking platform-prod");
        };
    String minimalCommand = ColdStarts.compileMinimalCommand(work);
    variants.put(
        "minimal command function",
        new Variant(
            options ->
                InvokerProcess.start(
                    javaHere(),
                    "bench.MinimalCommandFunction",
                    minimalCommand,
                    Map.of(
                        "SLACK_SIGNING_SECRET",
                        SlashCommandColdStartBenchmark.SECRET,
                        "JAVA_TOOL_OPTIONS",
                        options)),
            command));
    variants.put(
        "SlackCommandFunction, first command acknowledged",
        new Variant(
            options ->
                InvokerProcess.start(
                    "dev.upgradesentinel.functions.SlackCommandFunction", deployed(options)),
            command));
    if (!baseline.isEmpty()) {
      variants.put(
          "SlackCommandFunction, baseline build as then deployed",
          new Variant(
              options ->
                  InvokerProcess.start(
                      "dev.upgradesentinel.functions.SlackCommandFunction",
                      baseline,
                      baselineDeployed(options)),
              command));
    }
    return variants;
  }

  @Test
  void coldStart_asDeployed_againstMinimalFunction() throws Exception {
    Map<String, Variant> variants = variants(ColdStarts.DEPLOY_JVM_OPTIONS);
    // -Dbench.only=REGEX: the minimal functions and the variants whose name matches, for more
    // rounds of fewer variants.
    String only = System.getProperty("bench.only", "");
    if (!only.isEmpty()) {
      Pattern kept = Pattern.compile(only);
      variants.keySet().removeIf(name -> !name.startsWith("minimal") && !kept.matcher(name).find());
    }
    ColdStarts.Runs launchToAnswer = new ColdStarts.Runs();
    ColdStarts.Runs firstRequest = new ColdStarts.Runs();
    for (int round = 0; round < ROUNDS; round++) {
      for (Map.Entry<String, Variant> variant : variants.entrySet()) {
        firestore.clear(PROJECT);
        long launched = System.nanoTime();
        try (InvokerProcess function =
            variant.getValue().start().apply(ColdStarts.DEPLOY_JVM_OPTIONS)) {
          long ready = System.nanoTime();
          try {
            variant.getValue().first().send(function);
          } catch (AssertionError e) {
            String output = function.output();
            throw new AssertionError(
                variant.getKey()
                    + " failed in round "
                    + round
                    + "; its output ends:\n"
                    + output.substring(Math.max(0, output.length() - 4_000)),
                e);
          }
          long answered = System.nanoTime();
          launchToAnswer.add(
              variant.getKey(), (answered - launched) / 1_000_000, function.peakRssMiB());
          firstRequest.add(variant.getKey(), (answered - ready) / 1_000_000, function.peakRssMiB());
        }
      }
    }
    System.out.println(
        launchToAnswer.table(
            "Cold start as deployed, launch to first answer ("
                + ROUNDS
                + " rounds, interleaved; JAVA_TOOL_OPTIONS="
                + ColdStarts.DEPLOY_JVM_OPTIONS
                + ")"));
    System.out.println(
        firstRequest.table("The same runs, from the invoker's port open to the first answer"));
  }

  /**
   * Where the notification function's cold start goes: every class loaded before the first
   * notification is answered, by library, with the moment each library's first class loaded.
   */
  @Test
  void classLoading_asDeployed_byLibrary() throws Exception {
    Map<String, Variant> variants = variants(ColdStarts.DEPLOY_JVM_OPTIONS);
    for (String name :
        List.of(
            "minimal function",
            "ClusterNotificationFunction, first notification posted",
            "minimal command function",
            "SlackCommandFunction, first command acknowledged")) {
      Path log = work.resolve(name.replaceAll("\\W+", "-") + ".log");
      firestore.clear(PROJECT);
      long launched = System.nanoTime();
      long answered;
      try (InvokerProcess function =
          variants
              .get(name)
              .start()
              .apply(
                  ColdStarts.DEPLOY_JVM_OPTIONS
                      + " -Xlog:class+load=info:file="
                      + log
                      + ":uptime")) {
        variants.get(name).first().send(function);
        answered = (System.nanoTime() - launched) / 1_000_000;
      }
      System.out.println(profile(name, Files.readAllLines(log), answered));
    }
  }

  /**
   * What each Google API costs the first notification: the deployed function with one API at a time
   * put back on top of a floor that reads the cluster from a file, keeps its log in memory and
   * reads no insights.
   */
  @Test
  void coldStart_asDeployed_byApi() throws Exception {
    Path fleet = work.resolve("fleet.json");
    Files.writeString(fleet, "[" + clusterJson + "]");
    String event = Fixtures.text("events/upgrade-available-1-24.json");
    String minimal = ColdStarts.compileMinimal(work);
    String options = ColdStarts.DEPLOY_JVM_OPTIONS;
    Map<String, Map<String, String>> layers = new LinkedHashMap<>();
    Map<String, String> floor = deployed(options);
    floor.put("NOTIFICATION_LOG", "memory");
    floor.put("INSIGHTS", "off");
    floor.remove("GKE_EMULATOR_HOST");
    floor.put("GKE_CLUSTERS_FILE", fleet.toString());
    layers.put("floor: cluster file, log in memory, no insights", floor);
    Map<String, String> withGke = new HashMap<>(floor);
    withGke.remove("GKE_CLUSTERS_FILE");
    withGke.put("GKE_EMULATOR_HOST", "127.0.0.1:" + gke.port());
    layers.put("floor + GKE API (REST)", withGke);
    Map<String, String> withFirestore = new HashMap<>(floor);
    withFirestore.put("NOTIFICATION_LOG", "firestore");
    layers.put("floor + Firestore log", withFirestore);
    Map<String, String> withRecommender = new HashMap<>(floor);
    withRecommender.remove("INSIGHTS");
    layers.put("floor + Recommender insights", withRecommender);
    layers.put("as deployed: all three", deployed(options));
    ColdStarts.Runs runs = new ColdStarts.Runs();
    for (int round = 0; round < ROUNDS; round++) {
      firestore.clear(PROJECT);
      long launched = System.nanoTime();
      try (InvokerProcess function = minimalOn(javaHere(), minimal, options)) {
        assertThat(CloudEvents.postPubSub(function.baseUrl(), event)).isEqualTo(200);
        runs.add(
            "minimal function", (System.nanoTime() - launched) / 1_000_000, function.peakRssMiB());
      }
      for (Map.Entry<String, Map<String, String>> layer : layers.entrySet()) {
        firestore.clear(PROJECT);
        int posts = slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK))).size();
        launched = System.nanoTime();
        try (InvokerProcess function =
            InvokerProcess.start(
                "dev.upgradesentinel.functions.ClusterNotificationFunction", layer.getValue())) {
          assertThat(CloudEvents.postPubSub(function.baseUrl(), event)).isEqualTo(200);
          long elapsed = (System.nanoTime() - launched) / 1_000_000;
          assertThat(slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK)))).hasSize(posts + 1);
          runs.add(layer.getKey(), elapsed, function.peakRssMiB());
        }
      }
    }
    System.out.println(
        runs.table("Cold start by Google API, launch to first answer (" + ROUNDS + " rounds)"));
  }

  private InvokerProcess minimalOn(String java, String classpath, String options) {
    return InvokerProcess.start(
        java,
        "bench.MinimalFunction",
        classpath,
        Map.of("SLACK_WEBHOOK_URL", slack.baseUrl() + WEBHOOK, "JAVA_TOOL_OPTIONS", options));
  }

  private static String javaHere() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Runs the function once on {@code java}, with a dynamic archive written at its exit, as a build
   * step could; the log is cleared after, so the runs measured post a NEW finding.
   */
  private void trainArchive(Path archive, Path java, String options, FirstRequest first) {
    firestore.clear(PROJECT);
    try (InvokerProcess training =
        InvokerProcess.start(
            java.toString(),
            "dev.upgradesentinel.functions.ClusterNotificationFunction",
            InvokerProcess.functionClasspath(),
            deployed(options + " -XX:ArchiveClassesAtExit=" + archive))) {
      send(first, training);
    }
    firestore.clear(PROJECT);
    assertThat(Files.exists(archive)).isTrue();
  }

  private static void send(FirstRequest first, InvokerProcess function) {
    try {
      first.send(function);
    } catch (Exception e) {
      throw new IllegalStateException("the first request failed", e);
    }
  }

  private static final Pattern LOADED =
      Pattern.compile("^\\[(\\d+\\.\\d+)s\\] (\\S+) source: (.*)$");

  /** Classes by library, in the order each library's first class was loaded. */
  static String profile(String name, List<String> lines, long answeredMillis) {
    Map<String, Integer> classes = new LinkedHashMap<>();
    Map<String, Double> first = new LinkedHashMap<>();
    Map<String, Double> last = new TreeMap<>();
    Map<String, Integer> hiddenBy = new HashMap<>();
    int total = 0;
    for (String line : lines) {
      Matcher m = LOADED.matcher(line);
      if (!m.matches()) {
        continue;
      }
      double at = Double.parseDouble(m.group(1));
      String library = library(m.group(2), m.group(3));
      classes.merge(library, 1, Integer::sum);
      if (library.startsWith("hidden")) {
        // Who defined them: the package of the class a lambda or proxy belongs to.
        String host = m.group(3).replaceAll("\\.[A-Z].*$", "");
        hiddenBy.merge(host, 1, Integer::sum);
      }
      first.putIfAbsent(library, at);
      last.put(library, at);
      total++;
    }
    StringBuilder out =
        new StringBuilder(
            String.format(
                "%nClasses loaded by %s before its first answer (%d classes, answered %d ms after"
                    + " launch)%n%-44s %8s %12s %12s%n",
                name, total, answeredMillis, "library", "classes", "first at ms", "last at ms"));
    List<String> order = new ArrayList<>(classes.keySet());
    order.sort((a, b) -> Double.compare(first.get(a), first.get(b)));
    for (String library : order) {
      out.append(
          String.format(
              "%-44s %8d %12.0f %12.0f%n",
              library, classes.get(library), first.get(library) * 1000, last.get(library) * 1000));
    }
    out.append(String.format("Hidden classes by the package that defined them:%n"));
    hiddenBy.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(15)
        .forEach(e -> out.append(String.format("  %-42s %8d%n", e.getKey(), e.getValue())));
    return out.toString();
  }

  /** A library's name from the class and where it was loaded from. */
  private static String library(String className, String source) {
    if (source.startsWith("shared objects file")) {
      return "JDK (from the CDS archive)";
    }
    if (source.startsWith("jrt:/")) {
      return "JDK (" + source.substring("jrt:/".length()) + ")";
    }
    if (!source.contains(":") && !source.contains("/")) {
      // A hidden class names the class that defined it: lambdas, method handles, proxies.
      return "hidden classes (lambdas, proxies)";
    }
    if (className.startsWith("dev.upgradesentinel.")) {
      String[] parts = className.split("\\.");
      return "product: " + parts[2];
    }
    if (className.startsWith("io.grpc.netty.shaded.")) {
      return "grpc-netty-shaded";
    }
    Matcher jar = Pattern.compile("([^/!]+?)(-\\d[^/!]*)?\\.jar").matcher(source);
    if (jar.find()) {
      return jar.group(1);
    }
    return source.length() > 40 ? source.substring(0, 40) : source;
  }
}
