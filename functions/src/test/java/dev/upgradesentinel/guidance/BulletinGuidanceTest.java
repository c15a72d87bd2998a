package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.assess.Holds;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.gke.UpgradeJson;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A security bulletin said for the cluster it came for: whether GKE's patch target covers the
 * patched version, and whether an exclusion keeps the patch out.
 */
class BulletinGuidanceTest {
  private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final GkeEvent.SecurityBulletin BULLETIN =
      new GkeEvent.SecurityBulletin(
          "RESOURCE_TYPE_CONTROLPLANE",
          "GCP-2026-071",
          List.of("CVE-2026-24512"),
          "HIGH",
          "https://cloud.google.com/kubernetes-engine/security-bulletins#gcp-2026-071",
          "A vulnerability was found in the Kubernetes API server.",
          List.of("1.33", "1.34"),
          List.of("1.33.5-gke.1400000", "1.34.1-gke.2037000"),
          "1.34.1-gke.2037000",
          false);

  private static final String FREEZE =
      "\"quarter-end\":{\"startTime\":\"2026-12-01T00:00:00Z\",\"endTime\":\"2026-12-31T00:00:00Z\","
          + "\"maintenanceExclusionOptions\":{\"scope\":\"%s\"}}";

  private static Assessment assessment(String version, String exclusions, String patchTarget) {
    JsonObject policy =
        JsonParser.parseString(
                "{\"maintenancePolicy\":{\"window\":{\"dailyMaintenanceWindow\":"
                    + "{\"startTime\":\"03:00\"},\"maintenanceExclusions\":{"
                    + exclusions
                    + "}}}}")
            .getAsJsonObject();
    ClusterInfo cluster =
        new ClusterInfo(
            new ClusterRef("shop-prod", "us-central1", "api"),
            false,
            version,
            "REGULAR",
            List.of(new NodePoolInfo("default-pool", "COS_CONTAINERD", version, 3)),
            false,
            "",
            Map.of(),
            UpgradeJson.maintenancePolicy(policy));
    String reasons =
        exclusions.contains("NO_UPGRADES\"")
            ? "[\"MAINTENANCE_EXCLUSION_NO_UPGRADES\"]"
            : exclusions.isEmpty() ? "[]" : "[\"MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES\"]";
    UpgradeInfo info =
        UpgradeJson.upgradeInfo(
            JsonParser.parseString(
                    "{\"autoUpgradeStatus\":[\"ACTIVE\"],\"pausedReason\":"
                        + reasons
                        + ",\"patchTargetVersion\":\""
                        + patchTarget
                        + "\"}")
                .getAsJsonObject());
    Assessment a =
        new Assessor().assess(cluster, BULLETIN, InsightsRead.off("not read in this test"));
    return a.withUpgradeStatus(
        UpgradeStatus.read(info, Holds.of(info, cluster.maintenancePolicy(), NOW)));
  }

  private static String english(Assessment a) {
    return new GuidanceRenderer(Language.EN, CLOCK).render(a).plainText();
  }

  @Test
  void patchCovered_heldByNoUpgradesExclusion_saysUntilWhenAndHowToUpgradeByHand() {
    String text =
        english(
            assessment(
                "1.34.1-gke.1829001", FREEZE.formatted("NO_UPGRADES"), "1.34.2-gke.1163000"));

    assertThat(text).contains("== This bulletin and this cluster ==");
    assertThat(text)
        .contains(
            "GKE's patch target 1.34.2-gke.1163000 includes the fix (1.34.1-gke.2037000), but the"
                + " maintenance exclusion \u201cquarter-end\u201d (NO_UPGRADES) holds it until"
                + " 2026-12-31 00:00 UTC (in 24 days): upgrade by hand with:");
    assertThat(text)
        .contains(
            "gcloud container clusters upgrade api --project=shop-prod --location=us-central1"
                + " --master --cluster-version=1.34.2-gke.1163000");
  }

  @Test
  void patchCovered_noExclusion_arrivesByItselfInTheNextWindow() {
    String text = english(assessment("1.34.1-gke.1829001", "", "1.34.2-gke.1163000"));

    assertThat(text)
        .contains(
            "it arrives by itself in the next maintenance window, 2026-12-08 03:00 UTC (in 1"
                + " day).");
  }

  @Test
  void patchCovered_minorExclusionOnly_doesNotHoldThePatch() {
    String text =
        english(
            assessment(
                "1.34.1-gke.1829001", FREEZE.formatted("NO_MINOR_UPGRADES"), "1.34.2-gke.1163000"));

    assertThat(text).contains("it arrives by itself in the next maintenance window");
    assertThat(text).contains("holds minor upgrades only, not this patch");
  }

  @Test
  void patchTargetBelowTheFix_saysToUpgradeByHandToTheFix() {
    String text = english(assessment("1.34.1-gke.1829001", "", "1.34.1-gke.1900000"));

    assertThat(text)
        .contains(
            "GKE's patch target (1.34.1-gke.1900000) does not include the fix (1.34.1-gke.2037000)"
                + " yet");
    assertThat(text).contains("--master --cluster-version=1.34.1-gke.2037000");
  }

  @Test
  void alreadyPatched_saysSo() {
    String text = english(assessment("1.34.1-gke.2037000", "", "1.34.2-gke.1163000"));

    assertThat(text).contains("at or above the patched version 1.34.1-gke.2037000");
  }

  @Test
  void heldPatch_isSaidInKorean() {
    String text =
        new GuidanceRenderer(Language.KO, CLOCK)
            .render(
                assessment(
                    "1.34.1-gke.1829001", FREEZE.formatted("NO_UPGRADES"), "1.34.2-gke.1163000"))
            .plainText();

    assertThat(text).contains("== 이 보안 게시판과 이 클러스터 ==");
    assertThat(text).contains("유지보수 제외 \u201cquarter-end\u201d(NO_UPGRADES)가");
    assertThat(text).contains("직접 업그레이드하세요");
  }

  @Test
  void noPatchTarget_saysItCannotTell() {
    String text = english(assessment("1.34.1-gke.1829001", "", ""));

    assertThat(text)
        .contains(
            "GKE names no patch target for the cluster, so whether the fix (1.34.1-gke.2037000)"
                + " arrives by itself cannot be told");
  }
}
