package dev.upgradesentinel.insights;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileInsightSourceTest {
  private final FileInsightSource source =
      new FileInsightSource(Fixtures.path("insights/diagnosis-insights.json"));

  @Test
  void list_givesTheLocationsInsights_asGcloudPrintsThem() {
    List<Insight> insights = source.list("shop-prod", "us-central1", Duration.ofSeconds(1));

    assertThat(insights.stream().map(Insight::subtype).toList())
        .containsExactly("DEPRECATION_K8S_1_32_API", "DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES")
        .inOrder();
    Insight apis = insights.get(0);
    assertThat(apis.state()).isEqualTo("ACTIVE");
    assertThat(apis.content())
        .containsExactly(
            "lastObservation", "2026-11-28T14:12:09Z",
            "userAgents.0", "flux-helm-controller/v0.37.4");
    assertThat(source.metered()).isFalse();
  }

  @Test
  void targets_matchTheClusterByProjectIdOrNumber() {
    ClusterRef checkout = new ClusterRef("shop-prod", "us-central1", "checkout");
    List<Insight> insights = source.list("shop-prod", "us-central1", Duration.ofSeconds(1));

    assertThat(insights.stream().filter(i -> i.targets(checkout)).count()).isEqualTo(2);
    assertThat(insights.get(1).dismissed()).isTrue();
    assertThat(insights.get(0).targets(new ClusterRef("shop-prod", "us-central1", "other")))
        .isFalse();
  }

  @Test
  void otherShapes_failAtStart_namingTheShapeExpected(@TempDir Path dir) throws Exception {
    Path object = Files.writeString(dir.resolve("one.json"), "{\"insights\":[]}");
    Path broken = Files.writeString(dir.resolve("broken.json"), "[{");

    ConfigException notArray =
        assertThrows(ConfigException.class, () -> new FileInsightSource(object));
    ConfigException notJson =
        assertThrows(ConfigException.class, () -> new FileInsightSource(broken));

    assertThat(notArray.getMessage())
        .contains(
            "gcloud recommender insights list --insight-type=google.container.DiagnosisInsight");
    assertThat(notJson.getMessage()).startsWith("GKE_INSIGHTS_FILE is not JSON");
  }
}
