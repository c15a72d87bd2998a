package dev.upgradesentinel.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.container.v1.Cluster;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold start: each variant in a fresh JVM on the real invoker, from launch to the first
 * notification answered, side by side with a minimal function that does the same outward job
 * (decode the Pub/Sub envelope, one HTTP post). Variants run interleaved, round after round, so
 * that a busy moment of the machine hits all of them alike; medians and ratios are printed.
 */
class ColdStartBenchmark {
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
  private static final String WEBHOOK = "/services/T0/B0/bench";

  /** The comparison point, compiled by the benchmark so it is no part of the product. */
  private static final String MINIMAL_SOURCE =
      """
      package bench;

      import com.google.cloud.functions.CloudEventsFunction;
      import com.google.gson.JsonObject;
      import com.google.gson.JsonParser;
      import io.cloudevents.CloudEvent;
      import java.net.URI;
      import java.net.http.HttpClient;
      import java.net.http.HttpRequest;
      import java.net.http.HttpResponse;
      import java.nio.charset.StandardCharsets;
      import java.util.Base64;

      public class MinimalFunction implements CloudEventsFunction {
        private final HttpClient http = HttpClient.newHttpClient();

        @Override
        public void accept(CloudEvent event) throws Exception {
          JsonObject message = JsonParser.parseString(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject().getAsJsonObject("message");
          String text = new String(Base64.getDecoder().decode(message.get("data").getAsString()), StandardCharsets.UTF_8);
          JsonObject body = new JsonObject();
          body.addProperty("text", message.getAsJsonObject("attributes").get("cluster_name").getAsString() + ": " + text);
          HttpResponse<Void> response = http.send(
              HttpRequest.newBuilder(URI.create(System.getenv("SLACK_WEBHOOK_URL")))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
              HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() >= 300) {
            throw new IllegalStateException("webhook answered " + response.statusCode());
          }
        }
      }
      """;

  @TempDir Path work;

  @Test
  void coldStart_clusterNotificationFunction_againstMinimalFunction() throws Exception {
    WireMockServer slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    slack.stubFor(post(urlEqualTo(WEBHOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    try (FakeGkeServer gke = new FakeGkeServer().start()) {
      Cluster cluster =
          Fixtures.cluster("clusters/standard-docker.json").toBuilder()
              .setName("payments-prod")
              .setLocation("us-central1")
              .setSelfLink(
                  "https://container.googleapis.com/v1/projects/111111111111/locations/us-central1/clusters/payments-prod")
              .build();
      gke.addCluster("111111111111", cluster);
      Path fleet = work.resolve("fleet.json");
      Files.writeString(
          fleet, "[" + com.google.protobuf.util.JsonFormat.printer().print(cluster) + "]");
      String webhook = slack.baseUrl() + WEBHOOK;
      String event = notification();

      Map<String, Supplier<InvokerProcess>> variants = new LinkedHashMap<>();
      String minimalClasspath = compileMinimal();
      variants.put(
          "minimal function",
          () ->
              InvokerProcess.start(
                  "bench.MinimalFunction", minimalClasspath, Map.of("SLACK_WEBHOOK_URL", webhook)));
      variants.put(
          "ClusterNotificationFunction, file source",
          () ->
              InvokerProcess.start(
                  "dev.upgradesentinel.functions.ClusterNotificationFunction",
                  Map.of("SLACK_WEBHOOK_URL", webhook, "GKE_CLUSTERS_FILE", fleet.toString())));
      variants.put(
          "ClusterNotificationFunction, GKE API (gRPC)",
          () ->
              InvokerProcess.start(
                  "dev.upgradesentinel.functions.ClusterNotificationFunction",
                  Map.of("SLACK_WEBHOOK_URL", webhook, "GKE_EMULATOR_HOST", gke.target())));

      WireMockServer restGke = new WireMockServer(wireMockConfig().dynamicPort());
      restGke.start();
      restGke.stubFor(
          com.github.tomakehurst.wiremock.client.WireMock.get(
                  com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                      "/v1/projects/111111111111/locations/us-central1/clusters/payments-prod"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(com.google.protobuf.util.JsonFormat.printer().print(cluster))));
      String restTarget = "127.0.0.1:" + restGke.port();
      variants.put(
          "ClusterNotificationFunction, GKE API (REST)",
          () ->
              InvokerProcess.start(
                  "dev.upgradesentinel.functions.ClusterNotificationFunction",
                  Map.of(
                      "SLACK_WEBHOOK_URL", webhook,
                      "GKE_EMULATOR_HOST", restTarget,
                      "GKE_API_TRANSPORT", "rest")));
      String quickJit = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
      variants.put(
          "ClusterNotificationFunction, GKE API (REST), C1 + SerialGC",
          () ->
              InvokerProcess.start(
                  "dev.upgradesentinel.functions.ClusterNotificationFunction",
                  Map.of(
                      "SLACK_WEBHOOK_URL", webhook,
                      "GKE_EMULATOR_HOST", restTarget,
                      "GKE_API_TRANSPORT", "rest",
                      "JAVA_TOOL_OPTIONS", quickJit)));
      variants.put(
          "ClusterNotificationFunction, GKE API, C1 only + SerialGC",
          () ->
              InvokerProcess.start(
                  "dev.upgradesentinel.functions.ClusterNotificationFunction",
                  Map.of(
                      "SLACK_WEBHOOK_URL", webhook,
                      "GKE_EMULATOR_HOST", gke.target(),
                      "JAVA_TOOL_OPTIONS", quickJit)));
      Path archive = trainClassDataArchive(webhook, gke.target(), event);
      variants.put(
          "ClusterNotificationFunction, GKE API, C1 + AppCDS",
          () ->
              InvokerProcess.start(
                  "dev.upgradesentinel.functions.ClusterNotificationFunction",
                  Map.of(
                      "SLACK_WEBHOOK_URL",
                      webhook,
                      "GKE_EMULATOR_HOST",
                      gke.target(),
                      "JAVA_TOOL_OPTIONS",
                      quickJit + " -XX:SharedArchiveFile=" + archive)));

      Map<String, List<Long>> millis = new LinkedHashMap<>();
      Map<String, List<Long>> rss = new LinkedHashMap<>();
      variants.keySet().forEach(name -> millis.put(name, new ArrayList<>()));
      variants.keySet().forEach(name -> rss.put(name, new ArrayList<>()));
      for (int round = 0; round < ROUNDS; round++) {
        for (Map.Entry<String, Supplier<InvokerProcess>> variant : variants.entrySet()) {
          int postsBefore = slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK))).size();
          long start = System.nanoTime();
          try (InvokerProcess function = variant.getValue().get()) {
            int status = CloudEvents.postPubSub(function.baseUrl(), event);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertThat(status).isEqualTo(200);
            millis.get(variant.getKey()).add(elapsed);
            rss.get(variant.getKey()).add(function.peakRssMiB());
          }
          assertThat(slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK)))).hasSize(postsBefore + 1);
        }
      }
      report(millis, rss);
    } finally {
      slack.stop();
    }
  }

  /**
   * Runs the function once with a dynamic class-data-sharing archive written at exit, as a
   * deployment could do in a build step, and returns the archive.
   */
  private Path trainClassDataArchive(String webhook, String gkeTarget, String event) {
    Path archive = work.resolve("notification-function.jsa");
    try (InvokerProcess training =
        InvokerProcess.start(
            "dev.upgradesentinel.functions.ClusterNotificationFunction",
            Map.of(
                "SLACK_WEBHOOK_URL", webhook,
                "GKE_EMULATOR_HOST", gkeTarget,
                "JAVA_TOOL_OPTIONS", "-XX:ArchiveClassesAtExit=" + archive))) {
      assertThat(CloudEvents.postPubSub(training.baseUrl(), event)).isEqualTo(200);
    }
    assertThat(Files.exists(archive)).isTrue();
    return archive;
  }

  private static String notification() {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-available-1-24.json"))
            .getAsJsonObject();
    return envelope.toString();
  }

  private String compileMinimal() throws IOException {
    Path sources = Files.createDirectories(work.resolve("src/bench"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path source = sources.resolve("MinimalFunction.java");
    Files.writeString(source, MINIMAL_SOURCE, StandardCharsets.UTF_8);
    String classpath = System.getProperty("java.class.path");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int result =
        compiler.run(
            null, null, null, "-classpath", classpath, "-d", classes.toString(), source.toString());
    assertThat(result).isEqualTo(0);
    String gson =
        List.of(classpath.split(":")).stream()
            .filter(p -> p.contains("/gson-"))
            .findFirst()
            .orElseThrow();
    return classes + ":" + gson;
  }

  private static void report(Map<String, List<Long>> millis, Map<String, List<Long>> rss) {
    long baseline = median(millis.values().iterator().next());
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%nCold start, launch to first notification answered (%d rounds, interleaved)%n",
            ROUNDS));
    out.append(
        String.format(
            "%-58s %10s %10s %10s %8s %10s%n",
            "variant", "median ms", "min ms", "max ms", "ratio", "peak RSS"));
    for (Map.Entry<String, List<Long>> entry : millis.entrySet()) {
      List<Long> values = entry.getValue();
      long median = median(values);
      out.append(
          String.format(
              "%-58s %10d %10d %10d %7.2fx %6d MiB%n",
              entry.getKey(),
              median,
              Collections.min(values),
              Collections.max(values),
              (double) median / baseline,
              Collections.max(rss.get(entry.getKey()))));
    }
    System.out.println(out);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
