package dev.upgradesentinel.assess;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.model.UpgradeOperation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each known cause of a failed upgrade is told apart from its operation's codes and words. */
class UpgradeFailureTest {

  static Stream<Arguments> conditions() {
    return Stream.of(
        Arguments.of("GCE_QUOTA_EXCEEDED", UpgradeFailure.Cause.QUOTA),
        Arguments.of("GCE_STOCKOUT", UpgradeFailure.Cause.STOCKOUT),
        Arguments.of(
            "NODE_SERVICE_ACCOUNT_MISSING_PERMISSIONS", UpgradeFailure.Cause.NODE_SERVICE_ACCOUNT),
        Arguments.of("GKE_SERVICE_ACCOUNT_DELETED", UpgradeFailure.Cause.GKE_SERVICE_ACCOUNT),
        Arguments.of("CLOUD_KMS_KEY_ERROR", UpgradeFailure.Cause.KMS_KEY),
        Arguments.of("CLOUD_KMS_KEY_DESTROYED", UpgradeFailure.Cause.KMS_KEY_DESTROYED),
        Arguments.of("CA_EXPIRING", UpgradeFailure.Cause.OTHER),
        Arguments.of("UNKNOWN", UpgradeFailure.Cause.OTHER));
  }

  @ParameterizedTest
  @MethodSource("conditions")
  void conditionCode_decidesTheCause(String code, UpgradeFailure.Cause cause) {
    UpgradeOperation operation =
        operation("", List.of(new UpgradeOperation.Condition(code, "", "something")));

    assertThat(UpgradeFailure.cause(operation)).isEqualTo(cause);
  }

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of(
            "Insufficient regional quota to satisfy request: resource \"CPUS\": request requires"
                + " '144.0' and is short '109.0'.",
            UpgradeFailure.Cause.QUOTA),
        Arguments.of(
            "[ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS]: Instance 'gke-x' creation failed: The"
                + " zone 'projects/p/zones/us-west1-c' does not have enough resources available to"
                + " fulfill the request.",
            UpgradeFailure.Cause.STOCKOUT),
        Arguments.of(
            "All cluster resources were brought up, but: component \"KubeApiserverReady\" from"
                + " endpoint \"readyz of kube apiserver is not successful\" is unhealthy.",
            UpgradeFailure.Cause.ADMISSION_WEBHOOK),
        Arguments.of(
            "Cannot drain node gke-a: evicting pod default/web-0 would violate its"
                + " PodDisruptionBudget.",
            UpgradeFailure.Cause.DRAIN),
        Arguments.of(
            "Cloud KMS key projects/p/locations/l/keyRings/r/cryptoKeys/k is disabled.",
            UpgradeFailure.Cause.KMS_KEY),
        Arguments.of("Internal error.", UpgradeFailure.Cause.OTHER));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void errorWords_decideTheCause_whenNoConditionDoes(String message, UpgradeFailure.Cause cause) {
    assertThat(UpgradeFailure.cause(operation(message, List.of()))).isEqualTo(cause);
  }

  private static UpgradeOperation operation(
      String message, List<UpgradeOperation.Condition> conditions) {
    return new UpgradeOperation(
        "operation-1",
        "UPGRADE_NODES",
        "DONE",
        "",
        Optional.empty(),
        Optional.empty(),
        message.isEmpty() ? 0 : 9,
        message,
        conditions,
        "");
  }
}
