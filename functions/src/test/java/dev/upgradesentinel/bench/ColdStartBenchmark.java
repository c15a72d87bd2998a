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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
      String minimalClasspath = ColdStarts.compileMinimal(work);
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

      ColdStarts.Runs runs = new ColdStarts.Runs();
      for (int round = 0; round < ROUNDS; round++) {
        for (Map.Entry<String, Supplier<InvokerProcess>> variant : variants.entrySet()) {
          int postsBefore = slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK))).size();
          long start = System.nanoTime();
          try (InvokerProcess function = variant.getValue().get()) {
            int status = CloudEvents.postPubSub(function.baseUrl(), event);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertThat(status).isEqualTo(200);
            runs.add(variant.getKey(), elapsed, function.peakRssMiB());
          }
          assertThat(slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK)))).hasSize(postsBefore + 1);
        }
      }
      System.out.println(
          runs.table(
              "Cold start, launch to first notification answered ("
                  + ROUNDS
                  + " rounds, interleaved)"));
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
}
