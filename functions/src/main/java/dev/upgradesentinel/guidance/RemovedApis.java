package dev.upgradesentinel.guidance;

import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API versions each GKE minor removes, with what replaces them, from Google's
 * migration guides ({@code deprecations/apis-1-NN}) and the upstream deprecation guide.
 */
final class RemovedApis {
  /** One removed API version and what to use instead; an empty replacement means none. */
  record Removal(String kinds, String removed, String replacement) {}

  private static final Map<String, List<Removal>> BY_MINOR =
      Map.of(
          "1.22",
          List.of(
              new Removal(
                  "MutatingWebhookConfiguration, ValidatingWebhookConfiguration",
                  "admissionregistration.k8s.io/v1beta1",
                  "admissionregistration.k8s.io/v1"),
              new Removal(
                  "CustomResourceDefinition",
                  "apiextensions.k8s.io/v1beta1",
                  "apiextensions.k8s.io/v1"),
              new Removal(
                  "APIService", "apiregistration.k8s.io/v1beta1", "apiregistration.k8s.io/v1"),
              new Removal(
                  "TokenReview", "authentication.k8s.io/v1beta1", "authentication.k8s.io/v1"),
              new Removal(
                  "SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview",
                  "authorization.k8s.io/v1beta1",
                  "authorization.k8s.io/v1"),
              new Removal(
                  "CertificateSigningRequest",
                  "certificates.k8s.io/v1beta1",
                  "certificates.k8s.io/v1"),
              new Removal("Lease", "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1"),
              new Removal("IngressClass", "networking.k8s.io/v1beta1", "networking.k8s.io/v1"),
              new Removal(
                  "ClusterRole, ClusterRoleBinding, Role, RoleBinding",
                  "rbac.authorization.k8s.io/v1beta1",
                  "rbac.authorization.k8s.io/v1"),
              new Removal("PriorityClass", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1"),
              new Removal(
                  "CSIDriver, CSINode, StorageClass, VolumeAttachment",
                  "storage.k8s.io/v1beta1",
                  "storage.k8s.io/v1")),
          "1.25",
          List.of(
              new Removal("CronJob", "batch/v1beta1", "batch/v1"),
              new Removal("EndpointSlice", "discovery.k8s.io/v1beta1", "discovery.k8s.io/v1"),
              new Removal("Event", "events.k8s.io/v1beta1", "events.k8s.io/v1"),
              new Removal("HorizontalPodAutoscaler", "autoscaling/v2beta1", "autoscaling/v2"),
              new Removal("PodDisruptionBudget", "policy/v1beta1", "policy/v1"),
              new Removal("PodSecurityPolicy", "policy/v1beta1", ""),
              new Removal("RuntimeClass", "node.k8s.io/v1beta1", "node.k8s.io/v1")),
          "1.26",
          List.of(
              new Removal(
                  "FlowSchema, PriorityLevelConfiguration",
                  "flowcontrol.apiserver.k8s.io/v1beta1",
                  "flowcontrol.apiserver.k8s.io/v1beta3"),
              new Removal("HorizontalPodAutoscaler", "autoscaling/v2beta2", "autoscaling/v2")),
          "1.27",
          List.of(new Removal("CSIStorageCapacity", "storage.k8s.io/v1beta1", "storage.k8s.io/v1")),
          "1.29",
          List.of(
              new Removal(
                  "FlowSchema, PriorityLevelConfiguration",
                  "flowcontrol.apiserver.k8s.io/v1beta2",
                  "flowcontrol.apiserver.k8s.io/v1")),
          "1.32",
          List.of(
              new Removal(
                  "FlowSchema, PriorityLevelConfiguration",
                  "flowcontrol.apiserver.k8s.io/v1beta3",
                  "flowcontrol.apiserver.k8s.io/v1")));

  private RemovedApis() {}

  /** The API versions a minor removes; empty for a minor this table does not know. */
  static List<Removal> removedIn(String minor) {
    return BY_MINOR.getOrDefault(minor, List.of());
  }

  /** Google's migration guide for the APIs a minor removes. */
  static String guide(String minor) {
    return "https://cloud.google.com/kubernetes-engine/docs/deprecations/apis-"
        + minor.replace('.', '-');
  }
}
