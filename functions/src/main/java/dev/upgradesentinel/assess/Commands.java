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
    return pool("update", ref, pool) + " --remove-maintenance-exclusion-until-end-of-support";
  }

  static String migrateAutoprovisioning(ClusterRef ref, String replacementImageType) {
    return base("update", ref)
        + " --enable-autoprovisioning --autoprovisioning-image-type="
        + replacementImageType;
  }

  /** An operation of the cluster's location, as gcloud describes it, with its error. */
  static String describeOperation(ClusterRef ref, String operation) {
    return "gcloud container operations describe "
        + quote(operation)
        + " --project="
        + quote(ref.project())
        + " --location="
        + quote(ref.location());
  }

  /** Upgrades a node pool by hand to a version. */
  static String upgradePool(ClusterRef ref, String pool, String version) {
    return base("upgrade", ref)
        + " --node-pool="
        + quote(pool)
        + " --cluster-version="
        + quote(version);
  }

  /** Upgrades the control plane by hand to a version. */
  static String upgradeControlPlaneTo(ClusterRef ref, String version) {
    return base("upgrade", ref) + " --master --cluster-version=" + quote(version);
  }

  /** Changes how many nodes GKE adds and takes down at once while it upgrades a pool. */
  static String setSurge(ClusterRef ref, String pool, int maxSurge, int maxUnavailable) {
    return pool("update", ref, pool)
        + " --max-surge-upgrade="
        + maxSurge
        + " --max-unavailable-upgrade="
        + maxUnavailable;
  }

  /** The Compute Engine quotas of the cluster's region, with what is used. */
  static String regionQuotas(ClusterRef ref) {
    return "gcloud compute regions describe "
        + quote(region(ref.location()))
        + " --project="
        + quote(ref.project());
  }

  /** The service account a pool's nodes run as. */
  static String poolServiceAccount(ClusterRef ref, String pool) {
    return pool("describe", ref, pool) + " --format=" + quote("value(config.serviceAccount)");
  }

  /** Grants a node service account the role GKE's nodes need. */
  static String grantNodeRole(ClusterRef ref) {
    return "gcloud projects add-iam-policy-binding "
        + quote(ref.project())
        + " --member=serviceAccount:SERVICE_ACCOUNT_EMAIL"
        + " --role=roles/container.defaultNodeServiceAccount";
  }

  /** Gives the GKE service agent its role back. */
  static String grantServiceAgentRole(ClusterRef ref) {
    return "gcloud projects add-iam-policy-binding "
        + quote(ref.project())
        + " --member=serviceAccount:service-PROJECT_NUMBER@container-engine-robot.iam.gserviceaccount.com"
        + " --role=roles/container.serviceAgent";
  }

  /** The Cloud KMS key the cluster encrypts its Secrets with. */
  static String clusterKmsKey(ClusterRef ref) {
    return base("describe", ref) + " --format=" + quote("value(databaseEncryption.keyName)");
  }

  /** The versions of a Cloud KMS key and their states. */
  static String kmsKeyVersions() {
    return "gcloud kms keys versions list --key=KEY --keyring=KEY_RING --location=KEY_LOCATION"
        + " --project=KEY_PROJECT";
  }

  /**
   * Puts automatic upgrades off with a maintenance exclusion of a scope, from now to {@code end}.
   */
  static String addExclusion(ClusterRef ref, String name, String scope, String end) {
    return base("update", ref)
        + " --add-maintenance-exclusion-name="
        + quote(name)
        + " --add-maintenance-exclusion-end="
        + quote(end)
        + " --add-maintenance-exclusion-scope="
        + scope;
  }

  /** Ends the rollback-safe soak of a two-step control plane upgrade: the upgrade's second step. */
  static String completeControlPlaneUpgrade(ClusterRef ref) {
    return base("complete-control-plane-upgrade", ref);
  }

  /** The region of a zone ({@code us-central1-a}), or the region itself. */
  public static String region(String location) {
    String[] parts = location.split("-");
    return parts.length == 3 && parts[2].length() == 1
        ? location.substring(0, location.lastIndexOf('-'))
        : location;
  }

  private static String pool(String verb, ClusterRef ref, String pool) {
    return "gcloud container node-pools "
        + verb
        + " "
        + quote(pool)
        + " --cluster="
        + quote(ref.name())
        + " --project="
        + quote(ref.project())
        + " --location="
        + quote(ref.location());
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
