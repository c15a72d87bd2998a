package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.testing.FakeAssetServer;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FakeGkeServer.GkeError;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CheckFunction in its own JVM on the real invoker, reading a gRPC GKE API through the real client:
 * every status code of the contract, JSON and text, and notify to Slack (WireMock).
 */
class CheckFunctionEndToEndTest {
  private static final String WEBHOOK_PATH = "/services/T0CHECK/B0CHECK/checkWebhookSecret";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static FakeGkeServer gke;
  private static WireMockServer slack;
  private static InvokerProcess function;

  private static final String ORG = "organizations/123456789012";

  /** An organization of 1,001 clusters: two inventory pages, with one page a batch. */
  private static final String LARGE_ORG = "organizations/777000888999";

  private static FakeAssetServer assets;

  @BeforeAll
  static void start() throws Exception {
    gke = new FakeGkeServer().start();
    gke.addCluster("shop-prod", placed("clusters/standard-docker.json", "shop-prod", "payments"));
    JsonObject ledger = placed("clusters/containerd.json", "shop-prod", "ledger");
    ledger.add(
        "maintenancePolicy",
        JsonParser.parseString(
                "{\"window\":{\"maintenanceExclusions\":{\"stay-on-this-minor\":"
                    + "{\"startTime\":\"2026-01-01T00:00:00Z\",\"endTime\":\"2036-01-01T00:00:00Z\","
                    + "\"maintenanceExclusionOptions\":{\"scope\":\"NO_MINOR_UPGRADES\"}}}}}")
            .getAsJsonObject());
    gke.addCluster("shop-prod", ledger);
    gke.clusterUpgradeInfo(
        "shop-prod",
        "us-central1",
        "ledger",
        Fixtures.cluster("upgrade-info/minor-paused-by-exclusion.json"));
    gke.addCluster("web-prod", placed("clusters/autopilot.json", "web-prod", "web"));
    gke.failProject(
        "locked-prod", GkeError.of("PERMISSION_DENIED", "caller lacks container.clusters.list"));
    assets = new FakeAssetServer().start();
    assets.addCluster(
        "shop-prod", placed("clusters/standard-docker.json", "shop-prod", "payments"), ORG);
    assets.addCluster("shop-prod", placed("clusters/containerd.json", "shop-prod", "ledger"), ORG);
    assets.addCluster("web-prod", placed("clusters/autopilot.json", "web-prod", "web"), ORG);
    for (int i = 0; i < 1_001; i++) {
      String project = String.format("large-%04d", i);
      assets.addCluster(project, placed("clusters/containerd.json", project, "app"), LARGE_ORG);
    }
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    slack.stubFor(
        post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    function =
        InvokerProcess.start(
            "dev.upgradesentinel.functions.CheckFunction",
            Map.of(
                "GKE_EMULATOR_HOST",
                gke.target(),
                "ASSET_EMULATOR_HOST",
                assets.target(),
                "SLACK_WEBHOOK_URL",
                slack.baseUrl() + WEBHOOK_PATH,
                "FANOUT_THRESHOLD",
                "3",
                "SCAN_PAGES_PER_BATCH",
                "1"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    if (slack != null) {
      slack.stop();
    }
    if (gke != null) {
      gke.close();
    }
    if (assets != null) {
      assets.close();
    }
  }

  static JsonObject placed(String fixture, String project, String name) {
    return Fixtures.cluster(fixture, project, "us-central1", name);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String query) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(function.baseUrl() + "?" + query)).GET());
  }

  private static HttpResponse<String> postJson(String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(function.baseUrl()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  @Test
  void get_organizationScope_readsTheInventoryAndSaysWhen() throws Exception {
    HttpResponse<String> response = get("scope=" + ORG);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject report = json(response);
    assertThat(report.getAsJsonObject("summary").get("clusters").getAsInt()).isEqualTo(3);
    assertThat(report.getAsJsonObject("summary").get("blocked").getAsInt()).isEqualTo(1);
    JsonObject inventory = report.getAsJsonObject("inventory");
    assertThat(inventory.get("scope").getAsString()).isEqualTo(ORG);
    assertThat(inventory.get("readTime").getAsString())
        .isEqualTo(FakeAssetServer.READ_TIME.toString());
    assertThat(assets.requests()).isNotEmpty();
    assertThat(assets.requests().get(assets.requests().size() - 1).getParent()).isEqualTo(ORG);
  }

  @Test
  void get_scopeLargerThanABatch_withoutScanTopic_answersTheFirstBatchAndSaysWhatIsMissing()
      throws Exception {
    HttpResponse<String> response = get("scope=" + LARGE_ORG);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject report = json(response);
    assertThat(report.getAsJsonObject("summary").get("clusters").getAsInt()).isEqualTo(1_000);
    assertThat(report.getAsJsonObject("inventory").get("complete").getAsBoolean()).isFalse();
    JsonObject error = report.getAsJsonArray("errors").get(0).getAsJsonObject();
    assertThat(error.get("project").getAsString()).isEqualTo(LARGE_ORG);
    assertThat(error.get("message").getAsString())
        .isEqualTo(
            "read the first 1000 clusters of the scope only: the rest is read in batches whose"
                + " digests go to the sinks, which needs SCAN_TOPIC and a sink");
    assertThat(assets.requests().stream().filter(r -> r.getParent().equals(LARGE_ORG)).count())
        .isEqualTo(1);
  }

  @Test
  void get_scopeWithProjectOrMalformed_answers400NamingTheProblem() throws Exception {
    HttpResponse<String> both = get("scope=" + ORG + "&project=shop-prod");
    HttpResponse<String> malformed = get("scope=organization/12");

    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.body()).contains("without project or cluster");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("not a scope");
  }

  @Test
  void get_oneBlockedCluster_answers200WithReport() throws Exception {
    HttpResponse<String> response = get("project=shop-prod&location=us-central1&cluster=payments");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonObject report = json(response);
    assertThat(report.getAsJsonObject("summary").get("blocked").getAsInt()).isEqualTo(1);
    JsonObject cluster = report.getAsJsonArray("clusters").get(0).getAsJsonObject();
    assertThat(cluster.get("name").getAsString()).isEqualTo("payments");
    assertThat(cluster.get("verdict").getAsString()).isEqualTo("BLOCKED");
    assertThat(
            cluster.getAsJsonObject("autoprovisioning").get("replacementImageType").getAsString())
        .isEqualTo("COS_CONTAINERD");
    assertThat(response.body()).contains("--node-pool=default-pool --image-type=COS_CONTAINERD");
  }

  @Test
  void get_oneCluster_reportsGkesOwnAnswerWithTheHoldBehindItsPause() throws Exception {
    HttpResponse<String> response = get("project=shop-prod&location=us-central1&cluster=ledger");

    JsonObject status =
        json(response)
            .getAsJsonArray("clusters")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("upgradeStatus");
    assertThat(status.get("read").getAsBoolean()).isTrue();
    assertThat(status.getAsJsonArray("autoUpgradeStatus").get(0).getAsString())
        .isEqualTo("MINOR_UPGRADE_PAUSED");
    assertThat(status.get("minorTargetVersion").getAsString()).isEqualTo("1.33.5-gke.1308000");
    assertThat(status.get("endOfStandardSupport").getAsString()).isEqualTo("2026-12-22T00:00:00Z");
    JsonObject hold = status.getAsJsonArray("holds").get(0).getAsJsonObject();
    assertThat(hold.get("kind").getAsString()).isEqualTo("MAINTENANCE_EXCLUSION");
    assertThat(hold.get("name").getAsString()).isEqualTo("stay-on-this-minor");
    assertThat(hold.get("scope").getAsString()).isEqualTo("NO_MINOR_UPGRADES");
    assertThat(hold.get("until").getAsString()).isEqualTo("2036-01-01T00:00:00Z");
    assertThat(status.getAsJsonObject("lastUpgrade").get("state").getAsString())
        .isEqualTo("FAILED");
  }

  @Test
  void get_project_givesEveryClusterGkesAnswer_andHoldsPastTheEndOfSupportAreAtRisk()
      throws Exception {
    HttpResponse<String> response = get("project=shop-prod");

    JsonObject report = json(response);
    // payments and ledger run different versions: GKE is asked about each.
    assertThat(report.getAsJsonObject("summary").getAsJsonObject("upgradeStatus").toString())
        .isEqualTo("{\"read\":2,\"derived\":0,\"notRead\":0}");
    for (var cluster : report.getAsJsonArray("clusters")) {
      JsonObject status = cluster.getAsJsonObject().getAsJsonObject("upgradeStatus");
      assertThat(status.get("read").getAsBoolean()).isTrue();
    }
    // ledger's exclusion runs to 2036, past the end of support GKE gives (2026-12-22).
    JsonObject ledger =
        report.getAsJsonArray("clusters").asList().stream()
            .map(c -> c.getAsJsonObject())
            .filter(c -> c.get("name").getAsString().equals("ledger"))
            .findFirst()
            .orElseThrow();
    assertThat(ledger.get("verdict").getAsString()).isEqualTo("AT_RISK");
    JsonObject blocker = ledger.getAsJsonArray("blockers").get(0).getAsJsonObject();
    assertThat(blocker.get("kind").getAsString()).isEqualTo("END_OF_SUPPORT_UPGRADE");
    assertThat(blocker.get("endOfSupport").getAsString()).isEqualTo("2026-12-22");
    assertThat(blocker.getAsJsonArray("commands").get(1).getAsString())
        .endsWith("--remove-maintenance-exclusion=stay-on-this-minor");
  }

  @Test
  void post_projectsWithOneDenied_answers200WithErrorsFilled() throws Exception {
    int before = gke.requestCount();

    HttpResponse<String> response =
        postJson(
            "{\"projects\":[\"shop-prod\",\"web-prod\",\"locked-prod\"],\"location\":\"-\",\"notify\":false}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject report = json(response);
    assertThat(report.getAsJsonObject("summary").toString())
        .isEqualTo(
            "{\"clusters\":3,\"blocked\":1,\"atRisk\":1,\"clear\":0,\"notApplicable\":1,\"errors\":1,"
                + "\"upgradeStatus\":{\"read\":3,\"derived\":0,\"notRead\":0}}");
    assertThat(
            report.getAsJsonArray("errors").get(0).getAsJsonObject().get("message").getAsString())
        .startsWith("PERMISSION_DENIED");
    // A list per project, and an upgrade info per location, version and channel: 3 groups here.
    assertThat(gke.requestCount() - before).isEqualTo(6);
  }

  @Test
  void get_acceptTextPlain_answersAlignedTable() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(function.baseUrl() + "?project=shop-prod"))
                .header("Accept", "text/plain")
                .GET());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    String[] lines = response.body().split("\n");
    assertThat(lines[0]).startsWith("PROJECT");
    assertThat(lines[1]).contains("payments");
    assertThat(lines[1].indexOf("BLOCKED")).isEqualTo(lines[0].indexOf("VERDICT"));
    assertThat(lines[2].indexOf("AT_RISK")).isEqualTo(lines[0].indexOf("VERDICT"));
    assertThat(lines[2].indexOf("MINOR_PAUSED")).isEqualTo(lines[0].indexOf("GKE_STATUS"));
    // The nearest coming date: the end of support, or once it has passed, the exclusion's end.
    assertThat(lines[2].substring(lines[0].indexOf("NEXT_DATE")))
        .matches("[0-9]{4}-[0-9]{2}-[0-9]{2} (end_of_support|exclusion_ends) .*");
  }

  @Test
  void get_formatIcsOrAcceptCalendar_answersTheFleetsComingDatesAsICalendar() throws Exception {
    HttpResponse<String> byFormat = get("project=shop-prod&format=ics");
    HttpResponse<String> byAccept =
        send(
            HttpRequest.newBuilder(URI.create(function.baseUrl() + "?project=shop-prod"))
                .header("Accept", "text/calendar, application/json;q=0.5")
                .GET());

    for (HttpResponse<String> response : List.of(byFormat, byAccept)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/calendar");
      assertThat(response.headers().firstValue("Content-Disposition").orElse(""))
          .contains("gke-upgrades.ics");
      assertThat(response.body()).startsWith("BEGIN:VCALENDAR\r\n");
      // ledger's exclusion ends in 2036: an event whatever the day the test runs.
      assertThat(response.body())
          .contains("SUMMARY:Maintenance exclusion stay-on-this-minor of ledger ends");
      assertThat(response.body()).contains("DTSTART;VALUE=DATE:20360101");
    }
    String uid =
        byFormat.body().lines().filter(l -> l.startsWith("UID:")).sorted().toList().toString();
    String again =
        get("project=shop-prod&format=ics")
            .body()
            .lines()
            .filter(l -> l.startsWith("UID:"))
            .sorted()
            .toList()
            .toString();
    assertThat(again).isEqualTo(uid);
  }

  @Test
  void get_unknownFormat_answers400() throws Exception {
    HttpResponse<String> response = get("project=shop-prod&format=xml");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").getAsString())
        .isEqualTo("format must be json, text or ics");
  }

  @Test
  void get_badInput_answers400BeforeAnyApiCall() throws Exception {
    int before = gke.requestCount();

    HttpResponse<String> badProject = get("project=Not_A_Project");
    HttpResponse<String> unknown = get("project=shop-prod&region=us-central1");
    HttpResponse<String> missing = get("location=us-central1");
    HttpResponse<String> badJson = postJson("{\"projects\":");

    assertThat(badProject.statusCode()).isEqualTo(400);
    assertThat(json(badProject).get("error").getAsString()).contains("not a project id or number");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("error").getAsString()).contains("unknown parameters: region");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(gke.requestCount()).isEqualTo(before);
  }

  @Test
  void get_fleetWithoutScanTopic_answers400NamingScanTopic() throws Exception {
    HttpResponse<String> response = get("project=alpha-prod,bravo-prod,charlie-prod,delta-prod");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").getAsString()).contains("SCAN_TOPIC");
  }

  @Test
  void get_unknownCluster_answers404() throws Exception {
    HttpResponse<String> response = get("project=shop-prod&location=us-central1&cluster=nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").getAsString()).contains("cluster=nope");
  }

  @Test
  void put_answers405WithAllow() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(function.baseUrl()))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
  }

  @Test
  void get_notifyTrue_postsOneDigestToSlack() throws Exception {
    slack.resetRequests();

    HttpResponse<String> response = get("project=shop-prod&notify=true");

    assertThat(response.statusCode()).isEqualTo(200);
    var posts = slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH)));
    assertThat(posts).hasSize(1);
    String body = posts.get(0).getBodyAsString();
    assertThat(body).contains("1 blocked, 1 at risk");
    assertThat(body).contains("--image-type=COS_CONTAINERD");
    assertThat(function.output()).doesNotContain("checkWebhookSecret");
  }
}
