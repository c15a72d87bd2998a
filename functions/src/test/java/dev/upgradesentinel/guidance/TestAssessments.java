package dev.upgradesentinel.guidance;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.Cause;
import dev.upgradesentinel.assess.NapPlan;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Assessments shaped like the assessor's, written out by hand so rendering is tested alone. */
public final class TestAssessments {
  public static final String PROJECT = "shop-prod";
  public static final String LOCATION = "us-central1";
  public static final String CLUSTER = "checkout";

  private TestAssessments() {}

  public static ClusterInfo cluster(String name, String controlPlaneVersion, boolean autopilot) {
    return new ClusterInfo(
        new ClusterRef(PROJECT, LOCATION, name),
        autopilot,
        controlPlaneVersion,
        "REGULAR",
        List.of(),
        false,
        "",
        Map.of());
  }

  public static PoolPlan pool(String cluster, String name, String imageType, String version) {
    String replacement = imageType + "_CONTAINERD";
    return new PoolPlan(
        name,
        imageType,
        version,
        replacement,
        base("upgrade", cluster) + " --node-pool=" + name + " --image-type=" + replacement,
        imageType.startsWith("WINDOWS") ? "1.21.1-gke.2200" : "1.14",
        "");
  }

  public static PoolPlan poolNeedingNodeUpgrade(String cluster, String name) {
    PoolPlan plan = pool(cluster, name, "WINDOWS_LTSC", "1.20.15-gke.300");
    return new PoolPlan(
        plan.name(),
        plan.imageType(),
        plan.version(),
        plan.replacementImageType(),
        plan.command(),
        plan.minimumVersion(),
        base("upgrade", cluster) + " --node-pool=" + name);
  }

  public static NapPlan nap(String cluster) {
    return new NapPlan(
        "COS",
        "COS_CONTAINERD",
        base("update", cluster)
            + " --enable-autoprovisioning --autoprovisioning-image-type=COS_CONTAINERD");
  }

  /** BLOCKED because the control plane runs 1.23, with two pools and a Docker-based NAP default. */
  public static Assessment blockedByControlPlane() {
    return docker(
        cluster(CLUSTER, "1.23.17-gke.100", false),
        Verdict.BLOCKED,
        Cause.CONTROL_PLANE_AT_WALL,
        null,
        "1.23.17-gke.100",
        List.of(
            pool(CLUSTER, "default-pool", "COS", "1.23.17-gke.100"),
            pool(CLUSTER, "batch", "UBUNTU", "1.23.17-gke.100")),
        nap(CLUSTER));
  }

  public static Assessment withPools(String clusterName, int count) {
    List<PoolPlan> pools = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pools.add(pool(clusterName, "pool-" + i, i % 2 == 0 ? "COS" : "UBUNTU", "1.23.17-gke.100"));
    }
    return docker(
        cluster(clusterName, "1.23.17-gke.100", false),
        Verdict.BLOCKED,
        Cause.CONTROL_PLANE_AT_WALL,
        null,
        "1.23.17-gke.100",
        pools,
        null);
  }

  /**
   * An assessment whose one blocker is Docker's, as the assessor gives it for a cluster with no
   * other blocker.
   */
  public static Assessment docker(
      ClusterInfo cluster,
      Verdict verdict,
      Cause cause,
      GkeEvent trigger,
      String wallVersion,
      List<PoolPlan> pools,
      NapPlan nap) {
    return new Assessment(
        cluster,
        verdict,
        trigger,
        List.of(new Blocker.DockerImages(verdict, cause, wallVersion, pools, nap)));
  }

  public static GkeEvent.SecurityBulletin bulletin(String description, String uri) {
    return new GkeEvent.SecurityBulletin(
        "CONTROL_PLANE",
        "GCP-2024-001",
        List.of("CVE-2024-0001"),
        "HIGH",
        uri,
        description,
        List.of("1.23"),
        List.of("1.24.17-gke.200", "1.25.16-gke.100"),
        "1.24.17-gke.200",
        false);
  }

  public static Assessment blockedByBulletin(GkeEvent.SecurityBulletin bulletin) {
    return docker(
        cluster(CLUSTER, "1.22.17-gke.100", false),
        Verdict.BLOCKED,
        Cause.BULLETIN_PATCHED_ONLY_PAST_WALL,
        bulletin,
        "1.24.17-gke.200",
        List.of(pool(CLUSTER, "default-pool", "COS", "1.22.17-gke.100")),
        null);
  }

  private static String base(String verb, String cluster) {
    return "gcloud container clusters "
        + verb
        + " "
        + cluster
        + " --project="
        + PROJECT
        + " --location="
        + LOCATION;
  }
}
