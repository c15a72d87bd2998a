package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonParser;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.gke.UpgradeJson;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where GKE's answer and the blockers disagree, the message says so. */
class UpgradeStatusGuidanceTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T09:00:00Z"), ZoneOffset.UTC);

  @Test
  void minorPauseThatNothingExplains_isNamedWithTheCommandsToLookFurther() {
    ClusterInfo cluster =
        new ClusterInfo(
            new ClusterRef("shop-prod", "us-central1", "api"),
            false,
            "1.33.5-gke.1308000",
            "REGULAR",
            List.of(new NodePoolInfo("default-pool", "COS_CONTAINERD", "1.33.5-gke.1308000", 3)),
            false,
            "",
            Map.of());
    UpgradeInfo info =
        UpgradeJson.upgradeInfo(
            JsonParser.parseString("{\"autoUpgradeStatus\":[\"MINOR_UPGRADE_PAUSED\"]}")
                .getAsJsonObject());
    Assessment a =
        new Assessor().assess(cluster).withUpgradeStatus(UpgradeStatus.read(info, List.of()));

    String english = new GuidanceRenderer(Language.EN, CLOCK).render(a).plainText();
    String korean = new GuidanceRenderer(Language.KO, CLOCK).render(a).plainText();

    assertThat(english)
        .contains(
            "GKE pauses minor upgrades, yet neither the cluster's maintenance policy nor any check"
                + " of this tool explains it");
    assertThat(english)
        .contains(
            "gcloud container clusters get-upgrade-info api --project=shop-prod"
                + " --location=us-central1\n"
                + "    gcloud recommender insights list"
                + " --insight-type=google.container.DiagnosisInsight --project=shop-prod"
                + " --location=us-central1");
    assertThat(korean).contains("GKE가 부 버전 업그레이드를 일시중지했지만");
  }
}
