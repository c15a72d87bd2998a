package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing end to end: ClusterNotificationFunction on the real invoker with a routing config that
 * sends the payments team's findings to Slack, Jira and GitHub at once (all three on WireMock, at
 * the endpoints their APIs document), and CheckFunction's test notification to one of them.
 */
class RoutedDeliveryEndToEndTest {
  private static final String PROJECT = "payments-prod";
  private static final String SLACK_PATH = "/services/T0PAY/B0PAY/paymentsHookSecret";
  private static final String JIRA_SEARCH = "/jira/rest/api/3/search/jql";
  private static final String JIRA_ISSUE = "/jira/rest/api/3/issue";
  private static final String JIRA_BULK_FETCH = "/jira/rest/api/3/issue/bulkfetch";
  private static final String GITHUB_ISSUES = "/github/repos/acme/payments-infra/issues";

  @TempDir static Path dir;
  private static FakeGkeServer gke;
  private static WireMockServer services;
  private static InvokerProcess notifications;
  private static InvokerProcess checks;

  @BeforeAll
  static void start() throws Exception {
    gke = new FakeGkeServer().start();
    JsonObject checkout =
        Fixtures.cluster("clusters/standard-docker.json", PROJECT, "us-central1", "checkout");
    if (!checkout.has("resourceLabels")) {
      checkout.add("resourceLabels", new JsonObject());
    }
    checkout.getAsJsonObject("resourceLabels").addProperty("team", "payments");
    gke.addCluster(PROJECT, checkout);
    services = new WireMockServer(wireMockConfig().dynamicPort());
    services.start();
    services.stubFor(
        post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    services.stubFor(
        post(urlEqualTo("/services/T0/B0/defaultHook"))
            .willReturn(aResponse().withStatus(200).withBody("ok")));
    // Jira is down for the first attempt only.
    services.stubFor(
        post(urlPathEqualTo(JIRA_SEARCH))
            .inScenario("jira")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    services.stubFor(
        post(urlPathEqualTo(JIRA_SEARCH))
            .inScenario("jira")
            .whenScenarioStateIs("up")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"issues\":[]}")));
    services.stubFor(
        post(urlPathEqualTo(JIRA_BULK_FETCH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"issues\":[],\"issueErrors\":[{\"issueIdsOrKeys\":[\"OPS-1\"],"
                            + "\"status\":404,\"errorMessage\":\"Issue does not exist or you do"
                            + " not have permission to see it.\"}]}")));
    services.stubFor(
        post(urlEqualTo(JIRA_ISSUE))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"10001\",\"key\":\"OPS-1\",\"self\":\""
                            + services.baseUrl()
                            + "/jira/rest/api/3/issue/10001\"}")));
    services.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(GITHUB_ISSUES))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("[]")));
    services.stubFor(
        post(urlEqualTo(GITHUB_ISSUES))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":1,\"number\":1,\"html_url\":\"https://github.com/acme/payments-infra/issues/1\"}")));
    Path routing =
        Files.writeString(
            dir.resolve("routing.json"),
            """
            {
              "sinks": {
                "slack-payments": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"},
                "jira-ops": {"type": "jira", "baseUrl": "%1$s/jira", "emailEnv": "JIRA_EMAIL",
                             "tokenEnv": "JIRA_API_TOKEN", "project": "OPS", "issueType": "Task",
                             "doneTransition": "Done"},
                "github-payments": {"type": "github", "baseUrl": "%1$s/github", "tokenEnv": "GITHUB_TOKEN",
                                    "owner": "acme", "repo": "payments-infra", "labels": ["gke-upgrade"]},
                "slack-default": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_DEFAULT"}
              },
              "routes": [
                {"match": {"projects": ["payments-*"], "labels": {"team": "payments"}},
                 "sinks": ["slack-payments", "jira-ops", "github-payments"]}
              ],
              "default": {"sinks": ["slack-default"]}
            }
            """
                .formatted(services.baseUrl()));
    Map<String, String> env = new HashMap<>();
    env.put("GKE_EMULATOR_HOST", gke.target());
    env.put("ROUTING_CONFIG", routing.toString());
    env.put("SLACK_WEBHOOK_PAYMENTS", services.baseUrl() + SLACK_PATH);
    env.put("SLACK_WEBHOOK_DEFAULT", services.baseUrl() + "/services/T0/B0/defaultHook");
    env.put("JIRA_EMAIL", "sentinel@acme.example");
    env.put("JIRA_API_TOKEN", "jiraTokenSecretVb52");
    env.put("GITHUB_TOKEN", "ghp_githubTokenSecretMn38");
    env.put("DELIVERY_DEADLINE", "20s");
    notifications =
        InvokerProcess.start("dev.upgradesentinel.functions.ClusterNotificationFunction", env);
    checks = InvokerProcess.start("dev.upgradesentinel.functions.CheckFunction", env);
  }

  @AfterAll
  static void stop() throws Exception {
    if (notifications != null) {
      notifications.close();
    }
    if (checks != null) {
      checks.close();
    }
    if (services != null) {
      services.stop();
    }
    if (gke != null) {
      gke.close();
    }
  }

  private static String notification() {
    JsonObject envelope =
        JsonParser.parseString(Fixtures.text("events/upgrade-available-1-24.json"))
            .getAsJsonObject();
    JsonObject message = envelope.getAsJsonObject("message");
    message.addProperty("messageId", "routed-1");
    message.remove("message_id");
    JsonObject attributes = message.getAsJsonObject("attributes");
    attributes.addProperty("project_id", PROJECT);
    attributes.addProperty("cluster_location", "us-central1");
    attributes.addProperty("cluster_name", "checkout");
    return envelope.toString();
  }

  @Test
  void
      notification_routedToSlackJiraGitHub_jiraTransientFailureRedeliveredWithoutRepostingOthers() {
    String envelope = notification();

    int first = CloudEvents.postPubSub(notifications.baseUrl(), envelope);
    int second = CloudEvents.postPubSub(notifications.baseUrl(), envelope);

    assertThat(first).isEqualTo(500);
    assertThat(second).isEqualTo(200);
    services.verify(1, postRequestedFor(urlEqualTo(SLACK_PATH)));
    services.verify(1, postRequestedFor(urlEqualTo(GITHUB_ISSUES)));
    // The first attempt's search failed; the repeat searches for the finding's issue and, since
    // an earlier attempt's outcome is unknown to it, for the issues older than that attempt, then
    // reads the newer ones by key before it creates.
    services.verify(3, postRequestedFor(urlPathEqualTo(JIRA_SEARCH)));
    services.verify(1, postRequestedFor(urlPathEqualTo(JIRA_BULK_FETCH)));
    services.verify(
        1, postRequestedFor(urlEqualTo(JIRA_ISSUE)).withRequestBody(containing("\"OPS\"")));
    services.verify(
        0,
        postRequestedFor(urlEqualTo("/services/T0/B0/defaultHook"))
            .withRequestBody(containing("checkout")));
    for (String secret :
        new String[] {"paymentsHookSecret", "jiraTokenSecretVb52", "githubTokenSecretMn38"}) {
      assertThat(notifications.output()).doesNotContain(secret);
    }
  }

  @Test
  void testNotification_knownSinkThroughCheckFunction_deliveredAndMarked() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(checks.baseUrl() + "test-notification?sink=slack-default"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"outcome\":\"DELIVERED\"");
    services.verify(
        1,
        postRequestedFor(urlEqualTo("/services/T0/B0/defaultHook"))
            .withRequestBody(containing("TEST — sample finding from GKE Upgrade Sentinel")));
  }
}
