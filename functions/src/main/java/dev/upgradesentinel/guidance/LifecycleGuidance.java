package dev.upgradesentinel.guidance;

import static dev.upgradesentinel.guidance.Span.code;
import static dev.upgradesentinel.guidance.Span.link;
import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.Commands;
import dev.upgradesentinel.assess.RollbackWindow;
import dev.upgradesentinel.assess.ScheduledUpgrade;
import dev.upgradesentinel.assess.UpgradeFailure;
import dev.upgradesentinel.guidance.Block.BulletList;
import dev.upgradesentinel.guidance.Block.CodeBlock;
import dev.upgradesentinel.guidance.Block.Field;
import dev.upgradesentinel.guidance.Block.Fields;
import dev.upgradesentinel.guidance.Block.Heading;
import dev.upgradesentinel.guidance.Block.Item;
import dev.upgradesentinel.guidance.Block.Paragraph;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeOperation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words for an upgrade's life: the heads-up before GKE upgrades, the cause when an upgrade
 * failed, its start, end or cancelation in a finding's thread, the COS milestone notice and the
 * rollback-safe window. Text from events and operations is untrusted and goes in as plain spans.
 */
final class LifecycleGuidance {
  /** Google's guide to surge and blue-green upgrades and the quota they need. */
  static final String NODE_UPGRADES_QUOTA =
      "https://cloud.google.com/kubernetes-engine/docs/how-to/node-upgrades-quota";

  /** Google's page on VMs a zone has no capacity for. */
  static final String RESOURCE_ERRORS = "https://cloud.google.com/compute/docs/resource-error";

  /** Google's page on troubleshooting upgrades. */
  static final String TROUBLESHOOT_UPGRADES =
      "https://cloud.google.com/kubernetes-engine/docs/troubleshooting/upgrades";

  /** Google's page on the node service account's role. */
  static final String NODE_SERVICE_ACCOUNTS =
      "https://cloud.google.com/kubernetes-engine/docs/troubleshooting/service-accounts";

  /** Google's page on troubleshooting application-layer secrets encryption. */
  static final String SECRETS_ENCRYPTION =
      "https://cloud.google.com/kubernetes-engine/docs/troubleshooting/troubleshoot-secrets";

  /** Container-Optimized OS release notes, where each milestone's changes are listed. */
  static final String COS_RELEASE_NOTES =
      "https://cloud.google.com/container-optimized-os/docs/release-notes";

  /** The quota a Compute Engine error names: {@code Quota 'N2_CPUS' exceeded}, {@code "CPUS"}. */
  private static final Pattern QUOTA_METRIC =
      Pattern.compile("(?:Quota '([A-Z0-9_]{1,40})' exceeded|resource \"([A-Z0-9_]{1,40})\")");

  private final Phrasing p;
  private final UpgradeStatusGuidance status;
  private final BlockerGuidance blockers;

  LifecycleGuidance(Phrasing p, UpgradeStatusGuidance status, BlockerGuidance blockers) {
    this.p = p;
    this.status = status;
    this.blockers = blockers;
  }

  /** What is upgraded, in a few words: {@code node pool pool-a}, {@code the control plane}. */
  String what(Optional<String> pool) {
    return pool.map(name -> p.t("node pool ", "노드 풀 ") + UntrustedText.defanged(name))
        .orElse(p.t("the control plane", "컨트롤 플레인"));
  }

  /** From and to which version, as the event names them. */
  String versions(GkeEvent.UpgradeInfo event) {
    String from = UntrustedText.defanged(event.currentVersion());
    String to = UntrustedText.defanged(event.targetVersion());
    if (from.isEmpty() || from.equals(to)) {
      return to;
    }
    return to.isEmpty() ? from : from + " \u2192 " + to;
  }

  String scheduledTitle(ScheduledUpgrade s, String cluster, LocalDate today) {
    String when = s.start().map(t -> status.moment(t, today)).orElse("");
    String to = UntrustedText.defanged(s.event().targetVersion());
    return p.t(
        "GKE scheduled an upgrade of "
            + what(s.pool())
            + " of cluster "
            + cluster
            + (to.isEmpty() ? "" : " to " + to)
            + (when.isEmpty() ? "" : ", from " + when),
        "GKE가 클러스터 "
            + cluster
            + "의 "
            + what(s.pool())
            + (to.isEmpty() ? "" : "을(를) " + to + "(으)로")
            + " 업그레이드하도록 예약했습니다"
            + (when.isEmpty() ? "" : " (" + when + "부터)"));
  }

  List<Block> scheduled(ScheduledUpgrade s, Assessment a, LocalDate today) {
    List<Block> blocks = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(p.t("Upgrade", "업그레이드"), text(what(s.pool()))));
    if (!versions(s.event()).isEmpty()) {
      fields.add(new Field(p.t("Versions", "버전"), text(versions(s.event()))));
    }
    fields.add(
        new Field(
            p.t("Kind", "종류"),
            text(
                s.minor()
                    ? p.t("minor upgrade", "부 버전 업그레이드")
                    : p.t("patch upgrade", "패치 업그레이드"))));
    s.start()
        .ifPresent(t -> fields.add(new Field(p.t("From", "시작 시각"), text(status.moment(t, today)))));
    blocks.add(new Fields(fields));

    blocks.add(new Heading(p.t("Will it start?", "시작될까요?")));
    if (!a.upgradeStatus().read() && a.upgradeStatus().derivedFrom().isEmpty()) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "Not known: GKE's own upgrade status was not read (",
                      "알 수 없음: GKE 자체 업그레이드 상태를 읽지 못했습니다 (")),
              UntrustedText.text(a.upgradeStatus().reason()),
              text(")")));
    } else if (s.stoppers().isEmpty()) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "Nothing in GKE's answer keeps it from starting: no exclusion, window, budget"
                          + " or pause of GKE's own holds it.",
                      "GKE의 응답에는 시작을 막는 요인이 없습니다. 유지보수 제외, 기간, 중단 예산, GKE 자체 일시중지"
                          + " 모두 해당하지 않습니다."))));
    } else {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "GKE's answer says these hold it; it starts when they end:",
                      "GKE의 응답에 따르면 다음이 업그레이드를 보류하며, 이들이 끝나면 시작됩니다:"))));
      List<Item> items = new ArrayList<>();
      for (Hold hold : s.stoppers()) {
        items.add(status.hold(hold, today));
      }
      blocks.add(new BulletList(items, ""));
    }

    blocks.add(new Heading(p.t("What would stall or break it", "업그레이드를 지연시키거나 깨뜨릴 수 있는 것")));
    List<Item> risks = new ArrayList<>();
    for (Blocker blocker : s.stallers()) {
      risks.add(Item.of(text(blockers.summary(blocker))));
    }
    surge(s.pool(), s.settings(), s.machineType(), s.extraNodes(), a).ifPresent(risks::add);
    if (s.pool().isPresent() && !a.cluster().autopilot()) {
      risks.add(
          Item.of(
              text(
                  p.t(
                      "Each node is drained first, and GKE respects PodDisruptionBudgets for up to"
                          + " an hour per node: a budget that allows no disruption holds every"
                          + " node that long before its pods are evicted anyway.",
                      "각 노드는 먼저 드레인되며, GKE는 노드당 최대 1시간 동안 PodDisruptionBudget을 따릅니다."
                          + " 중단을 허용하지 않는 예산은 노드마다 그만큼 업그레이드를 붙잡은 뒤에야 포드가 축출됩니다."))));
    }
    if (risks.isEmpty()) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "Nothing this tool checks: no open blocker on the cluster.",
                      "이 도구가 확인하는 항목 중에는 없습니다. 클러스터에 열린 차단 요인이 없습니다."))));
    } else {
      blocks.add(new BulletList(risks, ""));
    }

    blocks.add(new Heading(p.t("Do it now, or put it off", "지금 실행하거나 미루기")));
    s.upgradeNow()
        .ifPresent(
            command -> {
              blocks.add(
                  Paragraph.of(
                      text(
                          p.t(
                              "Upgrade now, by hand (a manual upgrade ignores maintenance windows"
                                  + " and exclusions):",
                              "지금 수동으로 업그레이드합니다 (수동 업그레이드는 유지보수 기간과 제외를 따르지 않습니다):"))));
              blocks.add(new CodeBlock(command));
            });
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "Put it off with a maintenance exclusion (change its end as you need):",
                    "유지보수 제외로 미룹니다 (종료 시각은 필요에 맞게 바꾸세요):"))));
    blocks.add(new CodeBlock(s.putOff()));
    return blocks;
  }

  /**
   * What a pool's surge needs, when its settings are known: how many nodes GKE adds at once and
   * what happens when they cannot be created.
   */
  private Optional<Item> surge(
      Optional<String> pool,
      Optional<NodePoolInfo.UpgradeSettings> settings,
      String machineType,
      Optional<Integer> extra,
      Assessment a) {
    if (pool.isEmpty() || settings.isEmpty()) {
      return Optional.empty();
    }
    NodePoolInfo.UpgradeSettings s = settings.get();
    String machines =
        machineType.isEmpty()
            ? p.t("node(s)", "노드")
            : UntrustedText.defanged(machineType) + p.t(" node(s)", " 노드");
    String region = Commands.region(a.ref().location());
    if (s.blueGreen()) {
      String count = extra.map(n -> n + " ").orElse("");
      return Optional.of(
          Item.of(
              text(
                  p.t(
                      "Blue-green upgrade: GKE creates a second pool as large as this one ("
                          + count
                          + machines
                          + " more), which must fit in the quota of "
                          + region
                          + ". Without room, switch the pool to surge upgrades.",
                      "블루-그린 업그레이드: GKE가 이 풀과 같은 크기의 풀("
                          + count
                          + machines
                          + " 추가)을 만들며, "
                          + region
                          + "의 할당량 안에 들어가야 합니다. 여유가 없으면 풀을 일시 급증 업그레이드로 바꾸세요."))));
    }
    if (s.maxSurge() == 0) {
      return Optional.of(
          Item.of(
              text(
                  p.t(
                      "maxSurge 0, maxUnavailable "
                          + s.maxUnavailable()
                          + ": GKE adds no node and takes "
                          + s.maxUnavailable()
                          + " down at a time, so no spare quota is needed, but capacity drops while"
                          + " it upgrades.",
                      "maxSurge 0, maxUnavailable "
                          + s.maxUnavailable()
                          + ": GKE는 노드를 추가하지 않고 한 번에 "
                          + s.maxUnavailable()
                          + "개씩 내리므로 추가 할당량은 필요 없지만, 업그레이드 중에는 용량이 줄어듭니다."))));
    }
    return Optional.of(
        Item.of(
            text(
                p.t(
                    "maxSurge "
                        + s.maxSurge()
                        + ", maxUnavailable "
                        + s.maxUnavailable()
                        + ": GKE adds "
                        + s.maxSurge()
                        + " "
                        + machines
                        + " at once, which need spare quota (CPUs, disks, IP addresses) in "
                        + region
                        + (s.maxUnavailable() == 0
                            ? ". If not even one can be created, the upgrade fails, and GKE retries"
                                + " it later."
                            : ". If fewer can be created, it goes on with fewer at a time."),
                    "maxSurge "
                        + s.maxSurge()
                        + ", maxUnavailable "
                        + s.maxUnavailable()
                        + ": GKE가 "
                        + machines
                        + " "
                        + s.maxSurge()
                        + "개를 한 번에 추가하며, "
                        + region
                        + "에 여유 할당량(CPU, 디스크, IP 주소)이 필요합니다"
                        + (s.maxUnavailable() == 0
                            ? ". 하나도 만들 수 없으면 업그레이드가 실패하고, GKE가 나중에 다시 시도합니다."
                            : ". 더 적게 만들 수 있으면 한 번에 더 적은 수로 진행합니다.")))));
  }

  String failureTitle(UpgradeFailure f, String cluster) {
    String to = UntrustedText.defanged(f.event().targetVersion());
    return p.t(
        "Upgrade failed: "
            + what(f.pool())
            + " of cluster "
            + cluster
            + (to.isEmpty() ? "" : " to " + to)
            + " ("
            + causeWords(f.cause())
            + ")",
        "업그레이드 실패: 클러스터 "
            + cluster
            + "의 "
            + what(f.pool())
            + (to.isEmpty() ? "" : " \u2192 " + to)
            + " ("
            + causeWords(f.cause())
            + ")");
  }

  private String causeWords(UpgradeFailure.Cause cause) {
    return switch (cause) {
      case QUOTA -> p.t("Compute Engine quota", "Compute Engine 할당량");
      case STOCKOUT -> p.t("no capacity in the zone", "영역의 리소스 부족");
      case NODE_SERVICE_ACCOUNT -> p.t("node service account", "노드 서비스 계정");
      case GKE_SERVICE_ACCOUNT -> p.t("GKE service agent", "GKE 서비스 에이전트");
      case KMS_KEY -> p.t("Cloud KMS key", "Cloud KMS 키");
      case KMS_KEY_DESTROYED -> p.t("Cloud KMS key destroyed", "Cloud KMS 키 폐기됨");
      case ADMISSION_WEBHOOK -> p.t("admission webhook", "어드미션 웹훅");
      case DRAIN -> p.t("PodDisruptionBudget", "PodDisruptionBudget");
      case OTHER -> p.t("see the operation", "작업 확인 필요");
    };
  }

  List<Block> failure(UpgradeFailure f, LocalDate today) {
    List<Block> blocks = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(p.t("Upgrade", "업그레이드"), text(what(f.pool()))));
    if (!versions(f.event()).isEmpty()) {
      fields.add(new Field(p.t("Versions", "버전"), text(versions(f.event()))));
    }
    if (!f.operationId().isEmpty()) {
      fields.add(new Field(p.t("Operation", "작업"), UntrustedText.text(f.operationId())));
    }
    f.operation()
        .ifPresent(
            op -> {
              if (!op.type().isEmpty()) {
                fields.add(
                    new Field(p.t("Operation type", "작업 유형"), UntrustedText.text(op.type())));
              }
              op.end()
                  .ifPresent(
                      t ->
                          fields.add(new Field(p.t("Ended", "종료"), text(status.moment(t, today)))));
            });
    blocks.add(new Fields(fields));
    if (f.operation().isEmpty()) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "The operation could not be read, so its error is not known here (",
                      "작업을 읽지 못해 오류 내용을 알 수 없습니다 (")),
              UntrustedText.text(f.unread()),
              text(p.t("). Describe it to see why it failed:", "). 실패 이유는 다음 명령으로 확인하세요:"))));
    } else {
      UpgradeOperation op = f.operation().get();
      List<Item> errors = new ArrayList<>();
      if (!op.errorMessage().isEmpty()) {
        errors.add(Item.of(UntrustedText.text(op.errorMessage())));
      }
      for (UpgradeOperation.Condition condition : op.conditions()) {
        if (!condition.message().isEmpty() && !condition.message().equals(op.errorMessage())) {
          String label = condition.code().isEmpty() ? condition.canonicalCode() : condition.code();
          errors.add(
              Item.of(
                  UntrustedText.text(label.isEmpty() ? "" : label + ": "),
                  UntrustedText.text(condition.message())));
        }
      }
      if (errors.isEmpty()) {
        errors.add(
            Item.of(
                text(
                    p.t(
                        "GKE gave no error text for this operation.",
                        "GKE가 이 작업의 오류 문구를 주지 않았습니다."))));
      }
      blocks.add(new Heading(p.t("What GKE says", "GKE의 오류")));
      blocks.add(new BulletList(errors, ""));
    }
    blocks.add(new Heading(p.t("Why, and what to do", "원인과 조치")));
    blocks.addAll(cause(f));
    blocks.add(new Heading(p.t("Commands", "명령어")));
    for (String command : f.commands()) {
      blocks.add(new CodeBlock(command));
    }
    return blocks;
  }

  private List<Block> cause(UpgradeFailure f) {
    return switch (f.cause()) {
      case QUOTA -> {
        if (f.autopilot()) {
          yield List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "The project ran out of Compute Engine quota"
                              + quotaMetric(f).map(m -> " (" + m + ")").orElse("")
                              + " for the nodes the upgrade adds: every node GKE creates counts"
                              + " against the quota, and on Autopilot GKE decides how many it adds."
                              + " Raise the quota; GKE retries an automatic upgrade until it"
                              + " succeeds.",
                          "업그레이드가 추가하는 노드에 필요한 Compute Engine 할당량"
                              + quotaMetric(f).map(m -> "(" + m + ")").orElse("")
                              + "이 부족했습니다. GKE가 만드는 모든 노드가 할당량에 포함되며, Autopilot에서는 추가할"
                              + " 노드 수를 GKE가 정합니다. 할당량을 늘리세요. 자동 업그레이드는 성공할 때까지 GKE가 다시"
                              + " 시도합니다.")),
                  text(" "),
                  link(
                      NODE_UPGRADES_QUOTA,
                      p.t("Ensure resources for node upgrades", "노드 업그레이드용 리소스 확보"))));
        }
        String metric = quotaMetric(f).map(m -> p.t(" (" + m + ")", "(" + m + ")")).orElse("");
        String surge =
            f.settings()
                .filter(s -> !s.blueGreen())
                .map(
                    s ->
                        p.t(
                            " The pool adds " + s.maxSurge() + " node(s) at once (maxSurge).",
                            " 이 풀은 한 번에 노드 " + s.maxSurge() + "개를 추가합니다 (maxSurge)."))
                .orElse("");
        yield List.of(
            Paragraph.of(
                text(
                    p.t(
                        "The project ran out of Compute Engine quota"
                            + metric
                            + " for the nodes the upgrade adds: every node GKE creates, surge"
                            + " nodes included, counts against the quota."
                            + surge
                            + " Raise the quota, or upgrade without extra nodes: maxSurge 0 and"
                            + " maxUnavailable 1 replaces one node at a time, with less capacity"
                            + " meanwhile. GKE retries an automatic upgrade until it succeeds.",
                        "업그레이드가 추가하는 노드에 필요한 Compute Engine 할당량"
                            + metric
                            + "이 부족했습니다. 일시 급증 노드를 포함해 GKE가 만드는 모든 노드가 할당량에 포함됩니다."
                            + surge
                            + " 할당량을 늘리거나, 추가 노드 없이 업그레이드하세요. maxSurge 0, maxUnavailable 1이면"
                            + " 한 번에 노드 하나씩 교체하며 그동안 용량이 줄어듭니다. 자동 업그레이드는 성공할 때까지 GKE가"
                            + " 다시 시도합니다.")),
                text(" "),
                link(
                    NODE_UPGRADES_QUOTA,
                    p.t("Ensure resources for node upgrades", "노드 업그레이드용 리소스 확보"))));
      }
      case STOCKOUT ->
          List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "The zone had no capacity for the new nodes: a shortage of hardware"
                              + " in Compute Engine, not of quota, so more quota does not help."
                              + " Retry later, or upgrade without extra nodes (maxSurge 0,"
                              + " maxUnavailable 1), or move the pool to another machine type or"
                              + " zone.",
                          "영역에 새 노드를 만들 리소스가 없었습니다. 할당량이 아니라 Compute Engine 하드웨어가 부족한"
                              + " 것이므로 할당량을 늘려도 해결되지 않습니다. 나중에 다시 시도하거나, 추가 노드 없이"
                              + " 업그레이드하거나(maxSurge 0, maxUnavailable 1), 다른 머신 유형이나 영역을 사용하세요.")),
                  text(" "),
                  link(RESOURCE_ERRORS, p.t("Resource availability errors", "리소스 가용성 오류"))));
      case NODE_SERVICE_ACCOUNT ->
          List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "The nodes' service account lacks permissions GKE needs. Give it the"
                              + " Kubernetes Engine Default Node Service Account role"
                              + " (roles/container.defaultNodeServiceAccount); an organization"
                              + " policy that blocks automatic grants to default service accounts"
                              + " is a common cause.",
                          "노드 서비스 계정에 GKE가 필요로 하는 권한이 없습니다. Kubernetes Engine 기본 노드 서비스 계정"
                              + " 역할(roles/container.defaultNodeServiceAccount)을 부여하세요. 기본 서비스 계정에"
                              + " 대한 자동 권한 부여를 막는 조직 정책이 흔한 원인입니다.")),
                  text(" "),
                  link(
                      NODE_SERVICE_ACCOUNTS,
                      p.t("Troubleshoot service accounts", "서비스 계정 문제 해결"))));
      case GKE_SERVICE_ACCOUNT ->
          List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "GKE's service agent"
                              + " (service-PROJECT_NUMBER@container-engine-robot.iam.gserviceaccount.com)"
                              + " was deleted or lost the Kubernetes Engine Service Agent role."
                              + " Give the role back; a deleted account is restored with gcloud"
                              + " beta iam service-accounts undelete and its numeric id, not"
                              + " created anew.",
                          "GKE 서비스"
                              + " 에이전트(service-PROJECT_NUMBER@container-engine-robot.iam.gserviceaccount.com)가"
                              + " 삭제되었거나 Kubernetes Engine 서비스 에이전트 역할을 잃었습니다. 역할을 다시 부여하세요. 삭제된"
                              + " 계정은 새로 만들지 말고 숫자 ID로 gcloud beta iam service-accounts undelete를"
                              + " 실행해 복원합니다.")),
                  text(" "),
                  link(
                      NODE_SERVICE_ACCOUNTS,
                      p.t("Troubleshoot service accounts", "서비스 계정 문제 해결"))));
      case KMS_KEY ->
          List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "A Cloud KMS key the cluster uses could not be used: disabled, or GKE's"
                              + " service agent may not use it. Enable the key version, or restore"
                              + " one scheduled for destruction, and do not disable earlier keys"
                              + " until GKE is done with them; then upgrade again.",
                          "클러스터가 사용하는 Cloud KMS 키를 사용할 수 없었습니다. 사용 중지되었거나 GKE 서비스"
                              + " 에이전트에 사용 권한이 없습니다. 키 버전을 사용 설정하거나 폐기 예정인 버전을 복원하고,"
                              + " GKE가 이전 키를 다 쓸 때까지 사용 중지하지 마세요. 그런 다음 다시 업그레이드하세요.")),
                  text(" "),
                  link(
                      SECRETS_ENCRYPTION,
                      p.t("Troubleshoot secrets encryption", "보안 비밀 암호화 문제 해결"))));
      case KMS_KEY_DESTROYED ->
          List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "A Cloud KMS key version the cluster needs was destroyed. Destruction is"
                              + " permanent: what it encrypted cannot be read again. Contact Google"
                              + " Cloud support before changing anything else on the cluster.",
                          "클러스터에 필요한 Cloud KMS 키 버전이 폐기되었습니다. 폐기는 되돌릴 수 없으며 그 키로"
                              + " 암호화된 데이터는 다시 읽을 수 없습니다. 클러스터를 더 변경하기 전에 Google Cloud"
                              + " 지원팀에 문의하세요."))));
      case ADMISSION_WEBHOOK ->
          List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "The new control plane's API server did not become ready: an admission"
                              + " webhook can deny, or fail to answer, the API server's own updates"
                              + " to system: ClusterRoles. Find it in the audit logs (principal"
                              + " system:apiserver, \u201cadmission webhook \u2026 denied the"
                              + " request\u201d), then let it pass system: requests or disable it.",
                          "새 컨트롤 플레인의 API 서버가 준비되지 않았습니다. 어드미션 웹훅이 API 서버의 system: ClusterRole"
                              + " 업데이트를 거부하거나 응답하지 않을 수 있습니다. 감사 로그(주체 system:apiserver,"
                              + " \u201cadmission webhook \u2026 denied the request\u201d)에서 웹훅을 찾아"
                              + " system: 요청을 통과시키거나 사용 중지하세요.")),
                  text(" "),
                  link(TROUBLESHOOT_UPGRADES, p.t("Troubleshoot upgrades", "업그레이드 문제 해결"))));
      case DRAIN ->
          List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "GKE's error names a PodDisruptionBudget: a node's drain was held. GKE"
                              + " respects budgets for up to an hour per node; a budget that allows"
                              + " no disruption (minAvailable equal to the replicas) holds every"
                              + " drain. Relax it, or add replicas, and upgrade again.",
                          "GKE 오류에 PodDisruptionBudget이 언급됩니다. 노드 드레인이 보류되었습니다. GKE는 노드당"
                              + " 최대 1시간 동안 예산을 따르며, 중단을 전혀 허용하지 않는 예산(minAvailable이 복제본"
                              + " 수와 같음)은 모든 드레인을 막습니다. 예산을 완화하거나 복제본을 늘린 뒤 다시 업그레이드하세요."))));
      case OTHER ->
          List.of(
              Paragraph.of(
                  text(
                      p.t(
                          "Not a cause this tool knows. The operation's error above is GKE's own"
                              + " word on it; describe the operation for the rest, and retry the"
                              + " upgrade by hand once the cause is fixed.",
                          "이 도구가 아는 원인이 아닙니다. 위의 작업 오류가 GKE의 설명입니다. 나머지는 작업을 조회해"
                              + " 확인하고, 원인을 해결한 뒤 수동으로 다시 업그레이드하세요.")),
                  text(" "),
                  link(TROUBLESHOOT_UPGRADES, p.t("Troubleshoot upgrades", "업그레이드 문제 해결"))));
    };
  }

  /** The Compute Engine quota an error names, when it names one. */
  static Optional<String> quotaMetric(UpgradeFailure f) {
    StringBuilder words = new StringBuilder();
    f.operation()
        .ifPresent(
            op -> {
              words.append(op.errorMessage());
              op.conditions().forEach(c -> words.append('\n').append(c.message()));
            });
    Matcher matcher = QUOTA_METRIC.matcher(words);
    if (!matcher.find()) {
      return Optional.empty();
    }
    return Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
  }

  /** A line for an open finding's thread: the upgrade started, succeeded or was canceled. */
  String progress(GkeEvent.UpgradeInfo event, GkeEvent.UpgradeState state, Optional<String> pool) {
    String versions = versions(event);
    String operation =
        event.operation().isEmpty()
            ? ""
            : p.t(", operation ", ", 작업 ") + UntrustedText.defanged(event.operationId());
    String detail = (versions.isEmpty() ? "" : " (" + versions + operation + ")");
    return switch (state) {
      case STARTED ->
          p.t(
              "GKE started upgrading " + what(pool) + detail + ".",
              "GKE가 " + what(pool) + " 업그레이드를 시작했습니다" + detail + ".");
      case SUCCEEDED ->
          p.t(
              "GKE upgraded " + what(pool) + detail + ".",
              "GKE가 " + what(pool) + " 업그레이드를 마쳤습니다" + detail + ".");
      case CANCELED ->
          p.t(
              "The upgrade of " + what(pool) + detail + " was canceled.",
              what(pool) + " 업그레이드가 취소되었습니다" + detail + ".");
      case FAILED ->
          p.t(
              "The upgrade of " + what(pool) + detail + " failed.",
              what(pool) + " 업그레이드가 실패했습니다" + detail + ".");
      case SCHEDULED ->
          p.t(
              "GKE scheduled an upgrade of " + what(pool) + detail + ".",
              "GKE가 " + what(pool) + " 업그레이드를 예약했습니다" + detail + ".");
    };
  }

  /** What a resolution's title adds when a succeeded upgrade cleared the finding. */
  String afterUpgrade(GkeEvent.UpgradeInfo event) {
    return p.t(
        ", after GKE upgraded " + what(event.pool()), " (GKE의 " + what(event.pool()) + " 업그레이드 후)");
  }

  String milestoneTitle(String cluster) {
    return p.t(
        "COS milestone changes with the next patches: cluster " + cluster,
        "다음 패치부터 COS 마일스톤 변경: 클러스터 " + cluster);
  }

  List<Block> milestone(GkeEvent.UpgradeInfo event, Assessment a) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "GKE says the Container-Optimized OS milestone of the node images changes for"
                        + " new patches, starting with the one it names:",
                    "GKE에 따르면 새 패치부터 노드 이미지의 Container-Optimized OS 마일스톤이 바뀌며, 다음에"
                        + " 명시된 패치부터 적용됩니다:"))));
    blocks.add(
        Paragraph.of(
            UntrustedText.text(
                event.description().isEmpty()
                    ? p.t("(GKE gave no description)", "(GKE가 설명을 주지 않음)")
                    : event.description())));
    List<Item> pools = new ArrayList<>();
    for (NodePoolInfo pool : a.cluster().nodePools()) {
      if (pool.imageType().toUpperCase(java.util.Locale.ROOT).startsWith("COS")) {
        pools.add(
            Item.of(
                code(pool.name()), text(" (" + pool.imageType() + ", " + pool.version() + ")")));
      }
    }
    if (!pools.isEmpty()) {
      blocks.add(new Heading(p.t("Node pools on COS images", "COS 이미지를 쓰는 노드 풀")));
      blocks.add(new BulletList(pools, ""));
    }
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "For information: nothing to do now. Read what the new milestone changes"
                        + " (kernel, containerd, cgroup defaults) before the nodes get it with"
                        + " their next patch upgrade: ",
                    "참고용이며 지금 할 일은 없습니다. 노드가 다음 패치 업그레이드로 새 마일스톤을 받기 전에 변경"
                        + " 사항(커널, containerd, cgroup 기본값)을 확인하세요: ")),
            link(COS_RELEASE_NOTES, p.t("COS release notes", "COS 출시 노트"))));
    return blocks;
  }

  String rollbackTitle(RollbackWindow w, String cluster, LocalDate today) {
    return w.until()
        .map(
            t ->
                p.t(
                    "Rollback-safe until "
                        + status.moment(t, today)
                        + ": control plane of cluster "
                        + cluster,
                    status.moment(t, today) + "까지 롤백 가능: 클러스터 " + cluster + "의 컨트롤 플레인"))
        .orElse(
            p.t(
                "Rollback-safe mode: control plane of cluster " + cluster,
                "롤백 가능 모드: 클러스터 " + cluster + "의 컨트롤 플레인"));
  }

  List<Block> rollback(RollbackWindow w, LocalDate today) {
    List<Block> blocks = new ArrayList<>();
    String emulating =
        w.emulated().isEmpty()
            ? ""
            : p.t(
                " while it still emulates " + UntrustedText.defanged(w.emulated()),
                " (에뮬레이션 버전은 아직 " + UntrustedText.defanged(w.emulated()) + ")");
    String until =
        w.until()
            .map(t -> p.t("until " + status.moment(t, today), status.moment(t, today) + "까지"))
            .orElse(
                p.t(
                    "until the end of its soak (GKE's answer, which gives the time, was not read)",
                    "소크 기간이 끝날 때까지 (종료 시각을 알려 주는 GKE 응답을 읽지 못함)"));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "The control plane runs "
                        + UntrustedText.defanged(w.version())
                        + emulating
                        + ": the first step of a two-step minor upgrade. It can go back to the"
                        + " previous minor "
                        + until
                        + "; after that it no longer can.",
                    "컨트롤 플레인이 "
                        + UntrustedText.defanged(w.version())
                        + emulating
                        + "을(를) 실행 중입니다. 2단계 부 버전 업그레이드의 첫 단계입니다. "
                        + until
                        + " 이전 부 버전으로 되돌릴 수 있으며, 그 후에는 되돌릴 수 없습니다."))));
    blocks.add(new Heading(p.t("Check, then complete", "확인한 뒤 완료")));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "Check the workloads against the new minor now. When they are fine, complete"
                        + " the upgrade, which turns on the new minor's APIs and features:",
                    "지금 새 부 버전에서 워크로드를 확인하세요. 문제가 없으면 업그레이드를 완료해 새 부 버전의 API와" + " 기능을 켭니다:"))));
    blocks.add(new CodeBlock(w.complete()));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "To go back instead, do it before the window ends. GKE's answer shows the"
                        + " version it can go back to (rollbackSafeUpgradeStatus.previousVersion);"
                        + " the rollback itself is not in the Google pages this tool was checked"
                        + " against, so follow GKE's two-step upgrade guide or ask Google Cloud"
                        + " support:",
                    "대신 되돌리려면 기간이 끝나기 전에 하세요. GKE 응답에 되돌릴 수 있는 버전"
                        + "(rollbackSafeUpgradeStatus.previousVersion)이 나옵니다. 롤백 방법 자체는 이 도구가"
                        + " 확인한 Google 문서에 없으므로 GKE의 2단계 업그레이드 가이드를 따르거나 Google Cloud"
                        + " 지원팀에 문의하세요:"))));
    blocks.add(new CodeBlock(w.describe()));
    return blocks;
  }
}
