package dev.upgradesentinel.gke;

import io.grpc.Status;

/**
 * A GKE class that reaches for gRPC, as a class in {@code src/main} must not: {@code
 * ArchitectureRulesTest} checks that the rule catches it.
 */
final class PlantedGrpcImport {
  private PlantedGrpcImport() {}

  static String unavailable() {
    return Status.UNAVAILABLE.getCode().name();
  }
}
