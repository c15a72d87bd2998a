package dev.upgradesentinel.model;

import java.util.List;
import java.util.Objects;

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
   * Information about an upgrade's lifecycle or a version's support dates ({@code state}, {@code
   * eventType}, the end of standard and extended support).
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
      String extendedSupportEndTime)
      implements GkeEvent {
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
    }

    @Override
    public String typeName() {
      return "UpgradeInfoEvent";
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
