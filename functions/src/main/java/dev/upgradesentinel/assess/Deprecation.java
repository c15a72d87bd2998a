package dev.upgradesentinel.assess;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What GKE's deprecations page says about one deprecation insight subtype: which feature, the minor
 * that removes it, and how many days without detected use lift GKE's pause.
 *
 * @param subtype the insight subtype
 * @param feature which family of guidance explains it
 * @param removedIn the GKE minor that removes the feature, such as {@code 1.33}; empty if unknown
 * @param cleanDaysToResume consecutive days without detected use after which GKE resumes automatic
 *     upgrades; 0 when Google does not say
 */
public record Deprecation(
    String subtype, Feature feature, String removedIn, int cleanDaysToResume) {

  /** The deprecated features GKE reports, each with its own guidance. */
  public enum Feature {
    CONTAINERD_SCHEMA1_IMAGES,
    CONTAINERD_CRI_V1ALPHA2,
    CONTAINERD_REGISTRY_CONFIGS,
    KUBERNETES_API,
    SHA1_CERTIFICATES,
    POD_SECURITY_POLICY,
    DOCKERSHIM,
    WEBHOOK_CERTIFICATE_CN,
    EXEC_PROBE_TIMEOUT,
    UNKNOWN
  }

  /** GKE's general rule: 30 consecutive days without detected use. */
  static final int GENERAL_CLEAN_DAYS = 30;

  private static final Map<String, Deprecation> KNOWN =
      Map.ofEntries(
          known(
              "DEPRECATION_CONTAINERD_V1_SCHEMA_IMAGES",
              Feature.CONTAINERD_SCHEMA1_IMAGES,
              "1.33",
              14),
          known(
              "DEPRECATION_CONTAINERD_V1ALPHA2_CRI_API",
              Feature.CONTAINERD_CRI_V1ALPHA2,
              "1.33",
              14),
          // containerd removes registry.configs in 2.2; GKE has not said in which minor.
          known(
              "DEPRECATION_CONTAINERD_V2_CONFIG_REGISTRY_CONFIGS",
              Feature.CONTAINERD_REGISTRY_CONFIGS,
              "",
              3),
          known("DEPRECATION_K8S_1_32_API", Feature.KUBERNETES_API, "1.32", GENERAL_CLEAN_DAYS),
          known("DEPRECATION_K8S_1_29_API", Feature.KUBERNETES_API, "1.29", GENERAL_CLEAN_DAYS),
          known("DEPRECATION_K8S_1_27_API", Feature.KUBERNETES_API, "1.27", GENERAL_CLEAN_DAYS),
          known("DEPRECATION_K8S_1_26_API", Feature.KUBERNETES_API, "1.26", GENERAL_CLEAN_DAYS),
          known("DEPRECATION_K8S_1_25_API", Feature.KUBERNETES_API, "1.25", GENERAL_CLEAN_DAYS),
          known(
              "DEPRECATION_K8S_1_22_V1BETA1_API",
              Feature.KUBERNETES_API,
              "1.22",
              GENERAL_CLEAN_DAYS),
          known(
              "DEPRECATION_K8S_SHA_1_CERTIFICATE",
              Feature.SHA1_CERTIFICATES,
              "1.29",
              GENERAL_CLEAN_DAYS),
          known(
              "DEPRECATION_K8S_1_25_PODSECURITYPOLICY",
              Feature.POD_SECURITY_POLICY,
              "1.25",
              GENERAL_CLEAN_DAYS),
          known("DEPRECATION_K8S_1_24_DOCKERSHIM", Feature.DOCKERSHIM, "1.24", GENERAL_CLEAN_DAYS),
          known(
              "DEPRECATION_K8S_1_23_CERTIFICATE",
              Feature.WEBHOOK_CERTIFICATE_CN,
              "1.23",
              GENERAL_CLEAN_DAYS),
          // Kubernetes enforces exec probe timeouts from 1.35; GKE pauses upgrades to 1.35 when it
          // sees workloads that may be affected, without saying when the pause lifts.
          known("EXEC_PROBE_TIMEOUT", Feature.EXEC_PROBE_TIMEOUT, "1.35", 0));

  public Deprecation {
    Objects.requireNonNull(subtype, "subtype == null");
    Objects.requireNonNull(feature, "feature == null");
    Objects.requireNonNull(removedIn, "removedIn == null");
  }

  /** What is known of a subtype; an unknown one gets GKE's general rule and no removal minor. */
  public static Deprecation of(String subtype) {
    return Optional.ofNullable(KNOWN.get(subtype)).orElseGet(() -> unknown(subtype));
  }

  public static Deprecation unknown(String subtype) {
    return new Deprecation(subtype, Feature.UNKNOWN, "", GENERAL_CLEAN_DAYS);
  }

  /**
   * Whether an insight of this subtype means GKE paused automatic upgrades: every {@code
   * DEPRECATION_} subtype, and the exec probe timeout one, which lacks the prefix.
   */
  public static boolean pausesUpgrades(String subtype) {
    return subtype.startsWith("DEPRECATION_") || subtype.equals("EXEC_PROBE_TIMEOUT");
  }

  private static Map.Entry<String, Deprecation> known(
      String subtype, Feature feature, String removedIn, int days) {
    return Map.entry(subtype, new Deprecation(subtype, feature, removedIn, days));
  }
}
