package dev.upgradesentinel.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A GKE operation as {@code projects.locations.operations.get} answers it, with what says why it
 * failed. Absent strings are empty.
 *
 * @param name the operation's id ({@code operation-1765432100000-5f1e2d3c})
 * @param type {@code operationType}: {@code UPGRADE_MASTER}, {@code UPGRADE_NODES}, ...
 * @param status {@code PENDING}, {@code RUNNING}, {@code DONE} or {@code ABORTING}
 * @param targetLink the cluster, node pool or node it works on
 * @param start when it started
 * @param end when it ended; empty while it runs
 * @param errorCode {@code error.code}, a {@code google.rpc.Code} number; 0 when it has no error
 * @param errorMessage {@code error.message}, or the deprecated {@code statusMessage} when GKE gave
 *     only that; untrusted text
 * @param conditions the cluster's and node pools' conditions GKE attached, in the order given
 * @param detail GKE's text about its progress; untrusted text
 */
public record UpgradeOperation(
    String name,
    String type,
    String status,
    String targetLink,
    Optional<Instant> start,
    Optional<Instant> end,
    int errorCode,
    String errorMessage,
    List<Condition> conditions,
    String detail) {
  public UpgradeOperation {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(targetLink, "targetLink == null");
    Objects.requireNonNull(start, "start == null");
    Objects.requireNonNull(end, "end == null");
    Objects.requireNonNull(errorMessage, "errorMessage == null");
    conditions = List.copyOf(Objects.requireNonNull(conditions, "conditions == null"));
    Objects.requireNonNull(detail, "detail == null");
  }

  /**
   * One {@code StatusCondition}.
   *
   * @param code the deprecated GKE code ({@code GCE_QUOTA_EXCEEDED}, {@code GCE_STOCKOUT}, ...);
   *     empty when not given
   * @param canonicalCode the {@code google.rpc.Code} name ({@code RESOURCE_EXHAUSTED}); empty when
   *     not given
   * @param message the condition's text; untrusted
   */
  public record Condition(String code, String canonicalCode, String message) {
    public Condition {
      Objects.requireNonNull(code, "code == null");
      Objects.requireNonNull(canonicalCode, "canonicalCode == null");
      Objects.requireNonNull(message, "message == null");
    }
  }

  /** The node pool the operation works on, from its target link; empty for the control plane. */
  public Optional<String> nodePool() {
    int at = targetLink.indexOf("/nodePools/");
    if (at < 0) {
      return Optional.empty();
    }
    String rest = targetLink.substring(at + "/nodePools/".length());
    int slash = rest.indexOf('/');
    return Optional.of(slash < 0 ? rest : rest.substring(0, slash)).filter(s -> !s.isEmpty());
  }
}
