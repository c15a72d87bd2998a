package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.gke.UpgradeJson;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import dev.upgradesentinel.sinks.AssessmentJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** GKE's answer for a fleet: asked once per location, version and channel, derived for the rest. */
class FleetStatusesTest {
  private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
  private final Assessor assessor = new Assessor();
  private final List<ClusterRef> asked = new CopyOnWriteArrayList<>();

  private static ClusterInfo cluster(String name, String location, String version, String policy) {
    JsonObject json =
        JsonParser.parseString(
                "{\"maintenancePolicy\":{\"window\":{\"maintenanceExclusions\":{" + policy + "}}}}")
            .getAsJsonObject();
    return new ClusterInfo(
        new ClusterRef("shop-prod", location, name),
        false,
        version,
        "REGULAR",
        List.of(new NodePoolInfo("default-pool", "COS_CONTAINERD", version, 3)),
        false,
        "",
        Map.of(),
        UpgradeJson.maintenancePolicy(json));
  }

  private static final String FREEZE =
      "\"freeze\":{\"startTime\":\"2026-12-01T00:00:00Z\",\"endTime\":\"2026-12-31T00:00:00Z\","
          + "\"maintenanceExclusionOptions\":{\"scope\":\"NO_UPGRADES\"}}";

  private static UpgradeInfo answer() {
    return UpgradeJson.upgradeInfo(
        JsonParser.parseString(
                "{\"autoUpgradeStatus\":[\"MINOR_UPGRADE_PAUSED\"],\"pausedReason\":[\"SYSTEM_CONFIG\"],"
                    + "\"minorTargetVersion\":\"1.34.1-gke.2037000\","
                    + "\"endOfStandardSupportTimestamp\":\"2027-02-20T00:00:00Z\"}")
            .getAsJsonObject());
  }

  private FleetStatuses.Joined join(
      List<ClusterInfo> clusters, Function<ClusterRef, UpgradeInfo> ask) {
    List<Assessment> assessments = clusters.stream().map(assessor::assess).toList();
    return FleetStatuses.join(
        assessments,
        ref -> {
          asked.add(ref);
          return ask.apply(ref);
        },
        Runnable::run,
        (a, status) ->
            assessor.withUpgradeStatus(a, status, LocalDate.ofInstant(NOW, ZoneOffset.UTC)),
        NOW);
  }

  private static UpgradeStatus status(FleetStatuses.Joined joined, String name) {
    return joined.assessments().stream()
        .filter(a -> a.ref().name().equals(name))
        .findFirst()
        .orElseThrow()
        .upgradeStatus();
  }

  @Test
  void oneAskPerGroup_theRestDerivedAndLabelledWithTheClusterAsked() {
    FleetStatuses.Joined joined =
        join(
            List.of(
                cluster("b-web", "us-central1", "1.33.5-gke.1308000", ""),
                cluster("a-api", "us-central1", "1.33.5-gke.1308000", ""),
                cluster("c-batch", "us-central1", "1.33.5-gke.1308000", FREEZE),
                cluster("d-eu", "europe-west1", "1.33.5-gke.1308000", "")),
            ref -> answer());

    assertThat(asked)
        .containsExactly(
            new ClusterRef("shop-prod", "us-central1", "a-api"),
            new ClusterRef("shop-prod", "europe-west1", "d-eu"));
    assertThat(joined.asked()).isEqualTo(2);
    assertThat(joined.derived()).isEqualTo(2);
    assertThat(status(joined, "a-api").read()).isTrue();
    assertThat(status(joined, "a-api").holds().get(0).kind()).isEqualTo("SYSTEM_CONFIG");

    UpgradeStatus web = status(joined, "b-web");
    assertThat(web.read()).isFalse();
    assertThat(web.derivedFrom())
        .hasValue("projects/shop-prod/locations/us-central1/clusters/a-api");
    // Targets and support dates are the answer's; the status comes from its own policy.
    assertThat(web.info().get().autoUpgradeStatus()).containsExactly("ACTIVE");
    assertThat(web.info().get().minorTargetVersion()).hasValue("1.34.1-gke.2037000");
    assertThat(web.holds()).isEmpty();
    assertThat(web.reason()).contains("cannot see GKE's own pauses (SYSTEM_CONFIG)");

    UpgradeStatus batch = status(joined, "c-batch");
    assertThat(batch.info().get().autoUpgradeStatus()).containsExactly("UPGRADE_PAUSED");
    assertThat(batch.holds().get(0).name()).hasValue("freeze");

    JsonObject json = AssessmentJson.upgradeStatus(web);
    assertThat(json.get("read").getAsBoolean()).isFalse();
    assertThat(json.get("derivedFrom").getAsString())
        .isEqualTo("projects/shop-prod/locations/us-central1/clusters/a-api");
    assertThat(json.get("endOfStandardSupport").getAsString()).isEqualTo("2027-02-20T00:00:00Z");
  }

  @Test
  void aGroupWhoseAskFails_saysWhyForEachOfItsClusters_andTheOtherGroupsStand() {
    FleetStatuses.Joined joined =
        join(
            List.of(
                cluster("a-api", "us-central1", "1.33.5-gke.1308000", ""),
                cluster("b-web", "us-central1", "1.33.5-gke.1308000", ""),
                cluster("d-eu", "europe-west1", "1.33.5-gke.1308000", "")),
            ref -> {
              if (ref.location().equals("us-central1")) {
                throw new TransientFailureException("RESOURCE_EXHAUSTED: quota");
              }
              return answer();
            });

    assertThat(status(joined, "a-api").info()).isEmpty();
    assertThat(status(joined, "a-api").reason()).isEqualTo("RESOURCE_EXHAUSTED: quota");
    assertThat(status(joined, "b-web").info()).isEmpty();
    assertThat(status(joined, "b-web").reason())
        .contains("projects/shop-prod/locations/us-central1/clusters/a-api");
    assertThat(status(joined, "d-eu").read()).isTrue();
  }

  @Test
  void derivedExclusionPastTheEndOfSupport_isAtRiskInTheFleetToo() {
    String untilEos =
        "\"stay\":{\"startTime\":\"2026-11-01T00:00:00Z\",\"endTime\":\"2027-02-20T00:00:00Z\","
            + "\"maintenanceExclusionOptions\":{\"scope\":\"NO_MINOR_UPGRADES\","
            + "\"endTimeBehavior\":\"UNTIL_END_OF_SUPPORT\"}}";
    FleetStatuses.Joined joined =
        join(
            List.of(
                cluster("a-api", "us-central1", "1.33.5-gke.1308000", ""),
                cluster("b-held", "us-central1", "1.33.5-gke.1308000", untilEos)),
            ref -> answer());

    Assessment held =
        joined.assessments().stream()
            .filter(a -> a.ref().name().equals("b-held"))
            .findFirst()
            .orElseThrow();
    assertThat(held.verdict().name()).isEqualTo("AT_RISK");
    assertThat(held.blockers().get(0).kind().name()).isEqualTo("END_OF_SUPPORT_UPGRADE");
  }
}
