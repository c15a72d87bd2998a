package dev.upgradesentinel.scan;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.config.Config;
import dev.upgradesentinel.routing.RoutingTable;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digests follow the routing config: each route's sinks get the clusters its matches select, in its
 * language, and the default route the rest with the projects that could not be read. Real Slack
 * webhook sinks, built from a routing config, post to WireMock.
 */
class RoutedDigestTest {
  private static final String PAYMENTS = "/services/T0/B0/paymentsHook";
  private static final String KOREA = "/services/T0/B0/koreaHook";
  private static final String DEFAULT = "/services/T0/B0/defaultHook";

  @TempDir Path dir;
  private WireMockServer slack;
  private RoutingTable routing;

  @BeforeEach
  void start() throws Exception {
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    for (String hook : List.of(PAYMENTS, KOREA, DEFAULT)) {
      slack.stubFor(post(urlEqualTo(hook)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }
    Path config =
        Files.writeString(
            dir.resolve("routing.json"),
            """
            {
              "sinks": {
                "slack-payments": {"type": "slack-webhook", "urlEnv": "HOOK_PAYMENTS"},
                "slack-korea": {"type": "slack-webhook", "urlEnv": "HOOK_KOREA"},
                "slack-default": {"type": "slack-webhook", "urlEnv": "HOOK_DEFAULT"}
              },
              "routes": [
                {"match": {"projects": ["payments-*"]}, "sinks": ["slack-payments"]},
                {"match": {"projects": ["seoul-*"]}, "sinks": ["slack-korea"], "language": "ko"}
              ],
              "default": {"sinks": ["slack-default"]}
            }
            """);
    routing =
        RoutingTable.from(
            Config.fromEnv(
                Map.of(
                    "ROUTING_CONFIG", config.toString(),
                    "HOOK_PAYMENTS", slack.baseUrl() + PAYMENTS,
                    "HOOK_KOREA", slack.baseUrl() + KOREA,
                    "HOOK_DEFAULT", slack.baseUrl() + DEFAULT)),
            "RoutedDigestTest",
            HttpClient.newHttpClient());
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  private String posted(String hook) {
    List<String> bodies =
        slack.findAll(postRequestedFor(urlEqualTo(hook))).stream()
            .map(r -> r.getBodyAsString())
            .toList();
    assertThat(bodies).hasSize(1);
    return bodies.get(0);
  }

  @Test
  void eachRouteGetsItsClusters_theDefaultTheRestAndTheUnreadProjects() {
    ScanResult result =
        new ScanResult(
            "scan-weekly-7",
            Instant.parse("2026-12-02T03:00:00Z"),
            4,
            List.of(
                Clusters.blocked("payments-prod", "checkout"),
                Clusters.blocked("seoul-prod", "kiosk"),
                Clusters.atRisk("search-prod", "indexer"),
                Clusters.clear("payments-prod", "ledger")),
            List.of(
                new ScanError(
                    "locked-prod", "PERMISSION_DENIED: caller lacks container.clusters.list")));
    ScanRequest request =
        new ScanRequest(
            "scan-weekly-7",
            ScanRequest.Kind.SWEEP,
            List.of("payments-prod"),
            "-",
            "",
            true,
            "",
            "scheduler",
            1,
            1);

    boolean sent =
        new DigestDelivery(
                Language.EN,
                false,
                new dev.upgradesentinel.delivery.InMemoryNotificationLog(),
                Clock.systemUTC())
            .deliver(request, result, routing);

    assertThat(sent).isTrue();
    String payments = posted(PAYMENTS);
    assertThat(payments).contains("checkout");
    assertThat(payments).doesNotContain("kiosk");
    assertThat(payments).doesNotContain("indexer");
    assertThat(payments).doesNotContain("locked-prod");
    String korea = posted(KOREA);
    assertThat(korea).contains("kiosk");
    assertThat(korea).doesNotContain("checkout");
    assertThat(korea).containsMatch("[가-힣]");
    String fallback = posted(DEFAULT);
    assertThat(fallback).contains("indexer");
    assertThat(fallback).contains("locked-prod");
    assertThat(fallback).doesNotContain("checkout");
    assertThat(fallback).doesNotContain("kiosk");
  }

  @Test
  void aRouteWhoseClustersNeedNoAction_getsNothing() {
    ScanResult result =
        new ScanResult(
            "scan-weekly-8",
            Instant.parse("2026-12-02T03:00:00Z"),
            2,
            List.of(
                Clusters.clear("payments-prod", "ledger"),
                Clusters.blocked("search-prod", "indexer")),
            List.of());
    ScanRequest request =
        new ScanRequest(
            "scan-weekly-8",
            ScanRequest.Kind.SWEEP,
            List.of("payments-prod"),
            "-",
            "",
            true,
            "",
            "scheduler",
            1,
            1);

    new DigestDelivery(
            Language.EN,
            false,
            new dev.upgradesentinel.delivery.InMemoryNotificationLog(),
            Clock.systemUTC())
        .deliver(request, result, routing);

    assertThat(slack.findAll(postRequestedFor(urlEqualTo(PAYMENTS)))).isEmpty();
    assertThat(slack.findAll(postRequestedFor(urlEqualTo(KOREA)))).isEmpty();
    assertThat(posted(DEFAULT)).contains("indexer");
  }
}
