package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an upgrade GKE reported {@code FAILED} failed, as its operation says, with the commands that
 * look further or fix it.
 *
 * @param event the {@code UPGRADE_LIFECYCLE} event
 * @param operation the operation as GKE answered; empty when it could not be read
 * @param unread why the operation was not read; empty when it was
 * @param cause the known cause, {@link Cause#OTHER} when none is recognized
 * @param pool the node pool the upgrade was of; empty for the control plane
 * @param settings that pool's upgrade settings, for the surge arithmetic; empty when unknown
 * @param machineType that pool's machine type; empty when unknown
 * @param autopilot whether the cluster is Autopilot, whose nodes' upgrade settings GKE manages
 * @param commands what to run, most useful first
 */
public record UpgradeFailure(
    GkeEvent.UpgradeInfo event,
    Optional<UpgradeOperation> operation,
    String unread,
    Cause cause,
    Optional<String> pool,
    Optional<NodePoolInfo.UpgradeSettings> settings,
    String machineType,
    boolean autopilot,
    List<String> commands) {

  public UpgradeFailure {
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(operation, "operation == null");
    Objects.requireNonNull(unread, "unread == null");
    Objects.requireNonNull(cause, "cause == null");
    Objects.requireNonNull(pool, "pool == null");
    Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(machineType, "machineType == null");
    commands = List.copyOf(commands);
  }

  /** The causes GKE's failed upgrades have guidance of their own for. */
  public enum Cause {
    /** Compute Engine quota ran out for the nodes the upgrade adds ({@code GCE_QUOTA_EXCEEDED}). */
    QUOTA,
    /** The zone had no capacity for those nodes ({@code GCE_STOCKOUT}). */
    STOCKOUT,
    /** The nodes' service account lacks permissions GKE needs. */
    NODE_SERVICE_ACCOUNT,
    /** The GKE service agent was deleted or lost its role. */
    GKE_SERVICE_ACCOUNT,
    /** A Cloud KMS key the cluster uses cannot be used. */
    KMS_KEY,
    /** A Cloud KMS key the cluster uses was destroyed: that is permanent. */
    KMS_KEY_DESTROYED,
    /** An admission webhook kept the new control plane's API server from becoming ready. */
    ADMISSION_WEBHOOK,
    /** PodDisruptionBudgets held a node's drain. */
    DRAIN,
    /** None of the above, or no operation to tell. */
    OTHER
  }

  /**
   * Works out the cause from the operation: the conditions' codes first, where GKE gives them, then
   * the words of the error GKE and Compute Engine are known to use.
   *
   * @param operation the operation, or empty with {@code unread} saying why
   */
  public static UpgradeFailure of(
      GkeEvent.UpgradeInfo event,
      ClusterInfo cluster,
      Optional<UpgradeOperation> operation,
      String unread) {
    Cause cause = operation.map(UpgradeFailure::cause).orElse(Cause.OTHER);
    Optional<String> pool = operation.flatMap(UpgradeOperation::nodePool).or(event::pool);
    Optional<NodePoolInfo> poolInfo = pool.flatMap(cluster::nodePool);
    String id = operationId(operation, event);
    List<String> commands = new ArrayList<>();
    var ref = cluster.ref();
    switch (cause) {
      case QUOTA, STOCKOUT -> {
        if (cause == Cause.QUOTA) {
          commands.add(Commands.regionQuotas(ref));
        }
        // Without surge nodes nothing new is created; Autopilot's nodes are GKE's to configure.
        if (!cluster.autopilot()) {
          pool.ifPresent(p -> commands.add(Commands.setSurge(ref, p, 0, 1)));
        }
      }
      case NODE_SERVICE_ACCOUNT -> {
        pool.ifPresent(p -> commands.add(Commands.poolServiceAccount(ref, p)));
        commands.add(Commands.grantNodeRole(ref));
      }
      case GKE_SERVICE_ACCOUNT -> commands.add(Commands.grantServiceAgentRole(ref));
      case KMS_KEY, KMS_KEY_DESTROYED -> {
        commands.add(Commands.clusterKmsKey(ref));
        commands.add(Commands.kmsKeyVersions());
      }
      case ADMISSION_WEBHOOK ->
          commands.add("kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations");
      case DRAIN -> commands.add("kubectl get poddisruptionbudgets --all-namespaces");
      case OTHER -> {}
    }
    if (!id.isEmpty()) {
      commands.add(Commands.describeOperation(ref, id));
    }
    if (!event.targetVersion().isEmpty() && cause != Cause.KMS_KEY_DESTROYED) {
      commands.add(
          pool.map(p -> Commands.upgradePool(ref, p, event.targetVersion()))
              .orElseGet(() -> Commands.upgradeControlPlaneTo(ref, event.targetVersion())));
    }
    return new UpgradeFailure(
        event,
        operation,
        operation.isPresent() ? "" : unread,
        cause,
        pool,
        poolInfo.flatMap(NodePoolInfo::upgradeSettings),
        poolInfo.map(NodePoolInfo::machineType).orElse(""),
        cluster.autopilot(),
        commands);
  }

  /** The operation's id: as GKE answered it, or as the event names it. */
  public String operationId() {
    return operationId(operation, event);
  }

  private static String operationId(
      Optional<UpgradeOperation> operation, GkeEvent.UpgradeInfo event) {
    return operation
        .map(UpgradeOperation::name)
        .filter(n -> !n.isEmpty())
        .orElse(event.operationId());
  }

  static Cause cause(UpgradeOperation operation) {
    for (UpgradeOperation.Condition condition : operation.conditions()) {
      switch (condition.code()) {
        case "GCE_QUOTA_EXCEEDED":
          return Cause.QUOTA;
        case "GCE_STOCKOUT":
          return Cause.STOCKOUT;
        case "NODE_SERVICE_ACCOUNT_MISSING_PERMISSIONS":
          return Cause.NODE_SERVICE_ACCOUNT;
        case "GKE_SERVICE_ACCOUNT_DELETED":
          return Cause.GKE_SERVICE_ACCOUNT;
        case "CLOUD_KMS_KEY_ERROR":
          return Cause.KMS_KEY;
        case "CLOUD_KMS_KEY_DESTROYED":
          return Cause.KMS_KEY_DESTROYED;
        default:
          break;
      }
    }
    StringBuilder words = new StringBuilder(operation.errorMessage());
    operation.conditions().forEach(c -> words.append('\n').append(c.message()));
    String text = words.toString().toLowerCase(Locale.ROOT);
    if (text.contains("kubeapiserverready") || text.contains("admission webhook")) {
      return Cause.ADMISSION_WEBHOOK;
    }
    if (text.contains("poddisruptionbudget") || text.contains("disruption budget")) {
      return Cause.DRAIN;
    }
    if (text.contains("destroyed") && text.contains("kms")) {
      return Cause.KMS_KEY_DESTROYED;
    }
    if (text.contains("cloudkms") || text.contains("kms key") || text.contains("crypto key")) {
      return Cause.KMS_KEY;
    }
    if (text.contains("zone_resource_pool_exhausted")
        || text.contains("stockout")
        || text.contains("does not have enough resources available")) {
      return Cause.STOCKOUT;
    }
    if (text.contains("quota")) {
      return Cause.QUOTA;
    }
    if (text.contains("container-engine-robot") || text.contains("service agent")) {
      return Cause.GKE_SERVICE_ACCOUNT;
    }
    if (text.contains("service account")
        && (text.contains("permission") || text.contains("role"))) {
      return Cause.NODE_SERVICE_ACCOUNT;
    }
    return Cause.OTHER;
  }
}
