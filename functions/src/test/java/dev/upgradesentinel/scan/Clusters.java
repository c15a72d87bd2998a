package dev.upgradesentinel.scan;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import java.util.List;
import java.util.Map;

/** Small clusters, assessed by the real assessor, for report and digest tests. */
public final class Clusters {
  private Clusters() {}

  /** A standard cluster with one pool of the image type; the NAP default is unset. */
  public static ClusterInfo cluster(
      String project, String location, String name, String version, String imageType) {
    return new ClusterInfo(
        new ClusterRef(project, location, name),
        false,
        version,
        "REGULAR",
        List.of(new NodePoolInfo("default-pool", imageType, version, 3)),
        false,
        "",
        Map.of());
  }

  public static ClusterInfo autopilot(String project, String location, String name) {
    return new ClusterInfo(
        new ClusterRef(project, location, name),
        true,
        "1.27.3-gke.100",
        "REGULAR",
        List.of(),
        false,
        "",
        Map.of());
  }

  public static Assessment blocked(String project, String name) {
    return new Assessor().assess(cluster(project, "us-central1", name, "1.23.17-gke.100", "COS"));
  }

  public static Assessment atRisk(String project, String name) {
    return new Assessor()
        .assess(cluster(project, "europe-west1-b", name, "1.22.9-gke.100", "UBUNTU"));
  }

  public static Assessment clear(String project, String name) {
    return new Assessor()
        .assess(cluster(project, "us-central1", name, "1.23.17-gke.100", "COS_CONTAINERD"));
  }
}
