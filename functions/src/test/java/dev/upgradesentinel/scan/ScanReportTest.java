package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanReportTest {
  private static final Instant NOW = Instant.parse("2026-11-25T07:00:00.123Z");
  private final ScanReport report =
      new ScanReport(new GuidanceRenderer(Language.EN, Clock.fixed(NOW, ZoneOffset.UTC)));

  private static ScanResult result() {
    return new ScanResult(
        "scan-1",
        NOW,
        3,
        List.of(
            Clusters.clear("alpha-prod", "ledger"),
            Clusters.atRisk("bravo-prod", "search"),
            Clusters.blocked("alpha-prod", "payments")),
        List.of(new ScanError("zulu-prod", "PERMISSION_DENIED: no access")));
  }

  @Test
  void json_mixedResult_hasTheDocumentedShapeWithBlockedFirst() {
    JsonObject json = JsonParser.parseString(report.jsonText(result())).getAsJsonObject();

    assertThat(json.keySet())
        .containsExactly("generatedAt", "summary", "clusters", "errors")
        .inOrder();
    assertThat(json.get("generatedAt").getAsString()).isEqualTo("2026-11-25T07:00:00Z");
    assertThat(json.getAsJsonObject("summary").toString())
        .isEqualTo(
            "{\"clusters\":3,\"blocked\":1,\"atRisk\":1,\"clear\":1,\"notApplicable\":0,\"errors\":1,"
                + "\"upgradeStatus\":{\"read\":0,\"derived\":0,\"notRead\":3}}");
    JsonObject first = json.getAsJsonArray("clusters").get(0).getAsJsonObject();
    assertThat(first.keySet())
        .containsExactly(
            "project",
            "location",
            "name",
            "verdict",
            "reason",
            "controlPlaneVersion",
            "consoleUrl",
            "dockerNodePools",
            "autoprovisioning",
            "blockers",
            "insights",
            "upgradeStatus")
        .inOrder();
    assertThat(first.getAsJsonArray("blockers").toString())
        .isEqualTo(
            "[{\"kind\":\"DOCKER_NODE_IMAGES\",\"verdict\":\"BLOCKED\","
                + "\"summary\":\"Docker-based node images (1.24)\"}]");
    assertThat(first.getAsJsonObject("insights").toString())
        .isEqualTo("{\"read\":false,\"reason\":\"not asked for\"}");
    assertThat(first.getAsJsonObject("upgradeStatus").toString())
        .isEqualTo("{\"read\":false,\"reason\":\"not asked for\"}");
    assertThat(first.get("name").getAsString()).isEqualTo("payments");
    assertThat(first.get("verdict").getAsString()).isEqualTo("BLOCKED");
    assertThat(first.get("reason").getAsString()).contains("1.23.17-gke.100");
    assertThat(first.get("autoprovisioning").isJsonNull()).isTrue();
    JsonObject pool = first.getAsJsonArray("dockerNodePools").get(0).getAsJsonObject();
    assertThat(pool.keySet())
        .containsExactly("name", "imageType", "version", "replacementImageType", "command")
        .inOrder();
    assertThat(pool.get("command").getAsString())
        .isEqualTo(
            "gcloud container clusters upgrade payments --project=alpha-prod --location=us-central1"
                + " --node-pool=default-pool --image-type=COS_CONTAINERD");
    assertThat(
            json.getAsJsonArray("clusters").get(1).getAsJsonObject().get("verdict").getAsString())
        .isEqualTo("AT_RISK");
    assertThat(json.getAsJsonArray("errors").get(0).toString())
        .isEqualTo("{\"project\":\"zulu-prod\",\"message\":\"PERMISSION_DENIED: no access\"}");
  }

  @Test
  void table_mixedResult_alignsColumnsAndListsErrorsAndSummary() {
    List<String> lines = report.table(result()).lines().toList();

    assertThat(lines.get(0)).startsWith("PROJECT     LOCATION        CLUSTER   VERDICT");
    int verdictColumn = lines.get(0).indexOf("VERDICT");
    assertThat(lines.get(1).indexOf("BLOCKED")).isEqualTo(verdictColumn);
    assertThat(lines.get(2).indexOf("AT_RISK")).isEqualTo(verdictColumn);
    assertThat(lines.get(1)).endsWith("default-pool:COS→COS_CONTAINERD");
    assertThat(lines.get(3)).endsWith("-");
    assertThat(lines).contains("ERROR zulu-prod: PERMISSION_DENIED: no access");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "3 clusters: 1 blocked, 1 at risk, 1 clear, 0 not applicable; 1 errors; GKE's status 0"
                + " read, 0 derived (*), 3 not read; generated 2026-11-25T07:00:00Z");
  }

  @Test
  void table_nextDate_isThePoolUpgradeGkeAnnounced_evenWithoutGkesAnswer() {
    dev.upgradesentinel.assess.Assessment clear = Clusters.clear("alpha-prod", "ledger");
    dev.upgradesentinel.model.ClusterInfo c = clear.cluster();
    dev.upgradesentinel.model.NodePoolInfo pool =
        new dev.upgradesentinel.model.NodePoolInfo(
            "web",
            "COS_CONTAINERD",
            "1.33.5-gke.1308000",
            3,
            false,
            java.util.Optional.empty(),
            "e2-standard-4",
            java.util.Optional.empty(),
            java.util.Optional.of(Instant.parse("2026-11-28T02:00:00Z")));
    dev.upgradesentinel.assess.Assessment announced =
        new dev.upgradesentinel.assess.Assessment(
            new dev.upgradesentinel.model.ClusterInfo(
                c.ref(),
                false,
                c.controlPlaneVersion(),
                c.releaseChannel(),
                List.of(pool),
                false,
                "",
                java.util.Map.of()),
            clear.verdict(),
            null,
            List.of());

    List<String> lines =
        report
            .table(new ScanResult("scan-1", NOW, 1, List.of(announced), List.of()))
            .lines()
            .toList();

    int column = lines.get(0).indexOf("NEXT_DATE");
    assertThat(lines.get(1).substring(column)).startsWith("2026-11-28 pool_upgrade");
  }
}
