package dev.upgradesentinel.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeAssetServer;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scan worker as deployed, on the real invoker, sweeping one organization of 10,000 clusters
 * (2,000 projects of 5) from an in-process Cloud Asset API: its peak resident memory against the
 * 512 MiB the deploy gives it, with the deploy's JVM options: its JIT and GC, and 70% of 512 MiB
 * for the heap ({@code -XX:MaxRAM=512m -XX:MaxRAMPercentage=70}).
 */
class ScopeSweepMemoryBenchmark {
  private static final String ORG = "organizations/123456789012";
  private static final String HOOK = "/services/T0/B0/sweepHook";

  @Test
  void sweep_10000ClustersOfOneOrganization_peakRssOfTheWorker() throws Exception {
    String[] fixtures = {
      "clusters/standard-docker.json",
      "clusters/containerd.json",
      "clusters/autopilot.json",
      "clusters/windows.json",
      "clusters/legacy-lowercase.json"
    };
    WireMockServer slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    slack.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    try (FakeGkeServer gke = new FakeGkeServer().start();
        FakeAssetServer assets = new FakeAssetServer().start()) {
      for (int p = 0; p < 2_000; p++) {
        String project = String.format("org-%04d", p);
        for (int c = 0; c < fixtures.length; c++) {
          JsonObject cluster =
              Fixtures.cluster(fixtures[c], project, "us-central1", "cluster-" + c);
          assets.addCluster(project, cluster, ORG);
        }
      }
      assets.latency(Duration.ofMillis(300));
      try (InvokerProcess worker =
          InvokerProcess.start(
              "dev.upgradesentinel.functions.ScanWorkerFunction",
              Map.of(
                  "GKE_EMULATOR_HOST",
                  gke.target(),
                  "ASSET_EMULATOR_HOST",
                  assets.target(),
                  "SLACK_WEBHOOK_URL",
                  slack.baseUrl() + HOOK,
                  "JAVA_TOOL_OPTIONS",
                  ColdStarts.DEPLOY_JVM_OPTIONS))) {
        String request = "{\"kind\":\"sweep\",\"scope\":\"" + ORG + "\",\"notify\":true}";
        String envelope =
            "{\"message\":{\"data\":\""
                + Base64.getEncoder().encodeToString(request.getBytes(StandardCharsets.UTF_8))
                + "\",\"messageId\":\"sweep-org-1\"},\"subscription\":\"s\"}";
        long start = System.nanoTime();
        int status = CloudEvents.postPubSub(worker.baseUrl(), envelope);
        double seconds = (System.nanoTime() - start) / 1e9;
        worker.awaitOutput("clusters=10000", Duration.ofSeconds(30));

        System.out.printf(
            "%nScope sweep on the worker: clusters=10000 pages=%d status=%d seconds=%.2f"
                + " peakRssMiB=%d deployedMemoryMiB=512%n",
            assets.requests().size(), status, seconds, worker.peakRssMiB());
        assertThat(status).isEqualTo(200);
        assertThat(worker.peakRssMiB()).isLessThan(512);
        // The digest of 10,000 clusters went out, in one message.
        assertThat(slack.findAll(postRequestedFor(urlEqualTo(HOOK)))).hasSize(1);
      }
    } finally {
      slack.stop();
    }
  }
}
