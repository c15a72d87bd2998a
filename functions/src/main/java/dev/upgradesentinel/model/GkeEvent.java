package dev.upgradesentinel.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload of a GKE cluster notification, one record per event type GKE publishes. Absent string
 * fields are empty strings, absent lists are empty lists.
 */
public sealed interface GkeEvent {

  /** The event type's short name, as in GKE's {@code type_url} ({@code UpgradeEvent}, ...). */
  String typeName();

  /** A new version is available for the cluster's control plane or node pools. */
  record UpgradeAvailable(
      String version, String resourceType, String releaseChannel, String resource)
      implements GkeEvent {
    public UpgradeAvailable {
      Objects.requireNonNull(version, "version == null");
      Objects.requireNonNull(resourceType, "resourceType == null");
      Objects.requireNonNull(releaseChannel, "releaseChannel == null");
      Objects.requireNonNull(resource, "resource == null");
    }

    @Override
    public String typeName() {
      return "UpgradeAvailableEvent";
    }
  }

  /** An upgrade of the control plane or a node pool has started. */
  record Upgrade(
      String resourceType,
      String operation,
      String operationStartTime,
      String currentVersion,
      String targetVersion,
      String resource)
      implements GkeEvent {
    public Upgrade {
      Objects.requireNonNull(resourceType, "resourceType == null");
      Objects.requireNonNull(operation, "operation == null");
      Objects.requireNonNull(operationStartTime, "operationStartTime == null");
      Objects.requireNonNull(currentVersion, "currentVersion == null");
      Objects.requireNonNull(targetVersion, "targetVersion == null");
      Objects.requireNonNull(resource, "resource == null");
    }

    @Override
    public String typeName() {
      return "UpgradeEvent";
    }
  }

  /**
   * Information about an upgrade's lifecycle, a version's support dates or a node drain held by
   * PodDisruptionBudgets ({@code state}, {@code eventType}, the end of standard and extended
   * support, {@code disruptionEvent}).
   *
   * @param disruption the {@code disruptionEvent} of a {@code DISRUPTION_EVENT}, or {@code null}
   * @param currentEmulatedVersion the minor the control plane emulates before a rollback-safe
   *     upgrade ({@code 1.33}); empty when none
   * @param targetEmulatedVersion the minor it emulates after it; empty when none
   */
  record UpgradeInfo(
      String resourceType,
      String operation,
      String startTime,
      String endTime,
      String currentVersion,
      String targetVersion,
      String resource,
      String state,
      String description,
      String eventType,
      String standardSupportEndTime,
      String extendedSupportEndTime,
      Disruption disruption,
      String currentEmulatedVersion,
      String targetEmulatedVersion)
      implements GkeEvent {
    /** The event types GKE sends an UpgradeInfoEvent for that this product reads. */
    public static final String END_OF_SUPPORT = "END_OF_SUPPORT";

    public static final String DISRUPTION_EVENT = "DISRUPTION_EVENT";
    public static final String UPGRADE_LIFECYCLE = "UPGRADE_LIFECYCLE";
    public static final String COS_MILESTONE_VERSION_UPDATE = "COS_MILESTONE_VERSION_UPDATE";

    /** Whether this product reads an event of {@code eventType}; empty is an older event. */
    public static boolean knownEventType(String eventType) {
      return switch (eventType) {
        case "",
            END_OF_SUPPORT,
            DISRUPTION_EVENT,
            UPGRADE_LIFECYCLE,
            COS_MILESTONE_VERSION_UPDATE ->
            true;
        default -> false;
      };
    }

    public UpgradeInfo {
      Objects.requireNonNull(resourceType, "resourceType == null");
      Objects.requireNonNull(operation, "operation == null");
      Objects.requireNonNull(startTime, "startTime == null");
      Objects.requireNonNull(endTime, "endTime == null");
      Objects.requireNonNull(currentVersion, "currentVersion == null");
      Objects.requireNonNull(targetVersion, "targetVersion == null");
      Objects.requireNonNull(resource, "resource == null");
      Objects.requireNonNull(state, "state == null");
      Objects.requireNonNull(description, "description == null");
      Objects.requireNonNull(eventType, "eventType == null");
      Objects.requireNonNull(standardSupportEndTime, "standardSupportEndTime == null");
      Objects.requireNonNull(extendedSupportEndTime, "extendedSupportEndTime == null");
      Objects.requireNonNull(currentEmulatedVersion, "currentEmulatedVersion == null");
      Objects.requireNonNull(targetEmulatedVersion, "targetEmulatedVersion == null");
    }

    /** An event without emulated versions. */
    public UpgradeInfo(
        String resourceType,
        String operation,
        String startTime,
        String endTime,
        String currentVersion,
        String targetVersion,
        String resource,
        String state,
        String description,
        String eventType,
        String standardSupportEndTime,
        String extendedSupportEndTime,
        Disruption disruption) {
      this(
          resourceType,
          operation,
          startTime,
          endTime,
          currentVersion,
          targetVersion,
          resource,
          state,
          description,
          eventType,
          standardSupportEndTime,
          extendedSupportEndTime,
          disruption,
          "",
          "");
    }

    /** An event without a disruption, as every type but {@code DISRUPTION_EVENT} is. */
    public UpgradeInfo(
        String resourceType,
        String operation,
        String startTime,
        String endTime,
        String currentVersion,
        String targetVersion,
        String resource,
        String state,
        String description,
        String eventType,
        String standardSupportEndTime,
        String extendedSupportEndTime) {
      this(
          resourceType,
          operation,
          startTime,
          endTime,
          currentVersion,
          targetVersion,
          resource,
          state,
          description,
          eventType,
          standardSupportEndTime,
          extendedSupportEndTime,
          null);
    }

    public Optional<Disruption> disruptionEvent() {
      return Optional.ofNullable(disruption);
    }

    /** The upgrade's step, when this is an {@code UPGRADE_LIFECYCLE} event with a known state. */
    public Optional<UpgradeState> lifecycle() {
      return UPGRADE_LIFECYCLE.equals(eventType) ? UpgradeState.of(state) : Optional.empty();
    }

    /**
     * The id of the operation the event names ({@code operation-…}), whether it names it alone or
     * by resource name ({@code projects/P/locations/L/operations/operation-…}); empty when none.
     */
    public String operationId() {
      return operation.substring(operation.lastIndexOf('/') + 1);
    }

    /** Whether the upgrade is of a node pool rather than the control plane. */
    public boolean nodePool() {
      return "NODE_POOL".equals(resourceType);
    }

    /**
     * The node pool the upgrade is of, from {@code resource} ({@code
     * projects/P/locations/L/clusters/C/nodePools/POOL}, or the pool's name alone); empty for the
     * control plane or a resource that names no pool.
     */
    public Optional<String> pool() {
      if (!nodePool()) {
        return Optional.empty();
      }
      int at = resource.lastIndexOf("/nodePools/");
      String name = at < 0 ? resource : resource.substring(at + "/nodePools/".length());
      return name.isEmpty() || name.contains("/") ? Optional.empty() : Optional.of(name);
    }

    @Override
    public String typeName() {
      return "UpgradeInfoEvent";
    }
  }

  /** The steps of an upgrade GKE reports in an {@code UPGRADE_LIFECYCLE} event. */
  enum UpgradeState {
    SCHEDULED,
    STARTED,
    SUCCEEDED,
    FAILED,
    CANCELED;

    /** The step GKE's {@code state} names; empty for {@code STATE_UNSPECIFIED} or a new value. */
    public static Optional<UpgradeState> of(String state) {
      for (UpgradeState value : values()) {
        if (value.name().equals(state)) {
          return Optional.of(value);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * A node drain held, or forced, by PodDisruptionBudgets: GKE's {@code DisruptionEvent}.
   *
   * @param type {@code POD_NOT_ENOUGH_PDB} (the drain is held now) or {@code POD_PDB_VIOLATION}
   *     (GKE evicted the pods anyway after {@code violationTimeout}); another value as sent
   * @param node the node whose drain is blocked
   * @param pods the pods whose eviction is blocked
   * @param violationTimeout how long the drain was held before the pods were evicted, as GKE writes
   *     durations ({@code 3600s}); empty unless a violation
   */
  record Disruption(String type, String node, List<PodRef> pods, String violationTimeout) {
    public static final String NOT_ENOUGH_PDB = "POD_NOT_ENOUGH_PDB";
    public static final String PDB_VIOLATION = "POD_PDB_VIOLATION";

    public Disruption {
      Objects.requireNonNull(type, "type == null");
      Objects.requireNonNull(node, "node == null");
      pods = List.copyOf(Objects.requireNonNull(pods, "pods == null"));
      Objects.requireNonNull(violationTimeout, "violationTimeout == null");
    }

    public boolean held() {
      return NOT_ENOUGH_PDB.equals(type);
    }
  }

  /** A pod by namespace and name. */
  record PodRef(String namespace, String name) {
    public PodRef {
      Objects.requireNonNull(namespace, "namespace == null");
      Objects.requireNonNull(name, "name == null");
    }
  }

  /** A security bulletin that affects the cluster, with the versions that patch it. */
  record SecurityBulletin(
      String resourceTypeAffected,
      String bulletinId,
      List<String> cveIds,
      String severity,
      String bulletinUri,
      String briefDescription,
      List<String> affectedSupportedMinors,
      List<String> patchedVersions,
      String suggestedUpgradeTarget,
      boolean manualStepsRequired)
      implements GkeEvent {
    public SecurityBulletin {
      Objects.requireNonNull(resourceTypeAffected, "resourceTypeAffected == null");
      Objects.requireNonNull(bulletinId, "bulletinId == null");
      cveIds = List.copyOf(Objects.requireNonNull(cveIds, "cveIds == null"));
      Objects.requireNonNull(severity, "severity == null");
      Objects.requireNonNull(bulletinUri, "bulletinUri == null");
      Objects.requireNonNull(briefDescription, "briefDescription == null");
      affectedSupportedMinors =
          List.copyOf(
              Objects.requireNonNull(affectedSupportedMinors, "affectedSupportedMinors == null"));
      patchedVersions =
          List.copyOf(Objects.requireNonNull(patchedVersions, "patchedVersions == null"));
      Objects.requireNonNull(suggestedUpgradeTarget, "suggestedUpgradeTarget == null");
    }

    @Override
    public String typeName() {
      return "SecurityBulletinEvent";
    }
  }
}
