package dev.upgradesentinel.assess;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.NodePoolInfo;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndOfSupportTest {
  private static final ClusterRef REF = new ClusterRef("shop-prod", "us-central1", "checkout");

  private static ClusterInfo cluster(String channel, String version, String poolVersion) {
    return new ClusterInfo(
        REF,
        false,
        version,
        channel,
        List.of(new NodePoolInfo("p", "COS_CONTAINERD", poolVersion, 3)),
        false,
        "",
        Map.of());
  }

  private static GkeEvent.UpgradeInfo endOfSupport(
      String version, String standard, String extended) {
    return new GkeEvent.UpgradeInfo(
        "MASTER", "", "", "", version, "", "", "", "", "END_OF_SUPPORT", standard, extended);
  }

  @Test
  void of_takesStandardSupport_orExtendedOnTheExtendedChannel() {
    GkeEvent.UpgradeInfo event =
        endOfSupport("1.31.13-gke.100", "2026-12-20T00:00:00Z", "2027-08-20T00:00:00Z");

    assertThat(EndOfSupport.of(cluster("REGULAR", "1.31.13-gke.100", "1.31.13-gke.100"), event))
        .hasValue(new EndOfSupport("1.31", LocalDate.parse("2026-12-20"), false));
    assertThat(EndOfSupport.of(cluster("EXTENDED", "1.31.13-gke.100", "1.31.13-gke.100"), event))
        .hasValue(new EndOfSupport("1.31", LocalDate.parse("2027-08-20"), true));
  }

  @Test
  void of_otherEventsOrUnreadableDates_giveNothing() {
    ClusterInfo c = cluster("REGULAR", "1.31.13-gke.100", "1.31.13-gke.100");

    assertThat(EndOfSupport.of(c, endOfSupport("1.31.13-gke.100", "soon", ""))).isEmpty();
    assertThat(EndOfSupport.of(c, new GkeEvent.UpgradeAvailable("1.32.1", "MASTER", "", "")))
        .isEmpty();
    assertThat(EndOfSupport.of(c, null)).isEmpty();
    // About 1.30, which no part of this 1.31 cluster runs any more.
    assertThat(EndOfSupport.of(c, endOfSupport("1.30.9-gke.100", "2026-09-01T00:00:00Z", "")))
        .isEmpty();
  }

  @Test
  void key_roundTrips_andAppliesWhileAnyPartOfTheClusterRunsTheMinor() {
    EndOfSupport eos = new EndOfSupport("1.31", LocalDate.parse("2026-12-20"), true);

    assertThat(EndOfSupport.parse(eos.key())).isEqualTo(Optional.of(eos));
    assertThat(EndOfSupport.parse("")).isEmpty();
    assertThat(eos.appliesTo(cluster("EXTENDED", "1.32.2-gke.100", "1.31.13-gke.100"))).isTrue();
    assertThat(eos.appliesTo(cluster("EXTENDED", "1.32.2-gke.100", "1.32.2-gke.100"))).isFalse();
  }
}
