package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterRef;
import java.util.regex.Pattern;

/**
 * The gcloud commands of the migration, in the forms of Google's migration guide. Names are
 * validated where they enter the product; any value that is not a plain word is single-quoted
 * anyway, so a command stays safe to paste into a shell whatever a cluster file holds.
 */
public final class Commands {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");

  private Commands() {}

  static String migratePool(ClusterRef ref, String pool, String replacementImageType) {
    return base("upgrade", ref)
        + " --node-pool="
        + quote(pool)
        + " --image-type="
        + replacementImageType;
  }

  /** Upgrades a pool's nodes to the control plane's version, so a containerd image can run. */
  static String upgradePoolNodes(ClusterRef ref, String pool) {
    return base("upgrade", ref) + " --node-pool=" + quote(pool);
  }

  /**
   * Upgrades the control plane by hand to a minor; GKE takes a minor alone as an alias for the
   * newest patch of it that the cluster may run.
   */
  static String upgradeControlPlane(ClusterRef ref, String minor) {
    return base("upgrade", ref) + " --master --cluster-version=" + minor;
  }

  /** GKE's own answer about the cluster's upgrades, as gcloud prints it. */
  public static String getUpgradeInfo(ClusterRef ref) {
    return base("get-upgrade-info", ref);
  }

  /** The deprecation insights of the cluster's project and location. */
  public static String listDeprecationInsights(ClusterRef ref) {
    return "gcloud recommender insights list --insight-type=google.container.DiagnosisInsight"
        + " --project="
        + quote(ref.project())
        + " --location="
        + quote(ref.location());
  }

  /** Removes a maintenance exclusion by its name. */
  static String removeExclusion(ClusterRef ref, String exclusion) {
    return base("update", ref) + " --remove-maintenance-exclusion=" + quote(exclusion);
  }

  /** Removes a node pool's own maintenance exclusion until the end of support. */
  static String removePoolExclusion(ClusterRef ref, String pool) {
    return "gcloud container node-pools update "
        + quote(pool)
        + " --cluster="
        + quote(ref.name())
        + " --project="
        + quote(ref.project())
        + " --location="
        + quote(ref.location())
        + " --remove-maintenance-exclusion-until-end-of-support";
  }

  static String migrateAutoprovisioning(ClusterRef ref, String replacementImageType) {
    return base("update", ref)
        + " --enable-autoprovisioning --autoprovisioning-image-type="
        + replacementImageType;
  }

  private static String base(String verb, ClusterRef ref) {
    return "gcloud container clusters "
        + verb
        + " "
        + quote(ref.name())
        + " --project="
        + quote(ref.project())
        + " --location="
        + quote(ref.location());
  }

  static String quote(String value) {
    return PLAIN.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
  }
}
