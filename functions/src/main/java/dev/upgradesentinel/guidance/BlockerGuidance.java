package dev.upgradesentinel.guidance;

import static dev.upgradesentinel.guidance.Span.code;
import static dev.upgradesentinel.guidance.Span.link;
import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.Deprecation;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.guidance.Block.BulletList;
import dev.upgradesentinel.guidance.Block.CodeBlock;
import dev.upgradesentinel.guidance.Block.Field;
import dev.upgradesentinel.guidance.Block.Fields;
import dev.upgradesentinel.guidance.Block.Heading;
import dev.upgradesentinel.guidance.Block.Item;
import dev.upgradesentinel.guidance.Block.Paragraph;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.Insight;
import dev.upgradesentinel.model.NodePoolInfo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guidance for each kind of blocker: what it is, why GKE holds the upgrade, how to find what
 * causes it and how to fix it, from Google's deprecation and containerd 2 pages; Docker's is in
 * {@link DockerGuidance}.
 */
final class BlockerGuidance {
  static final String DEPRECATIONS = "https://cloud.google.com/kubernetes-engine/docs/deprecations";
  static final String CONTAINERD_2 = DEPRECATIONS + "/migrate-containerd-2";
  private static final String SHA1 = DEPRECATIONS + "/sha1-1-29";
  private static final String WEBHOOK_CN = DEPRECATIONS + "/webhookcompatibility";
  private static final String DOCKER = DEPRECATIONS + "/docker-containerd";
  private static final String EXEC_PROBES = DEPRECATIONS + "/exec-probe-timeouts";
  private static final String PSP_MIGRATION =
      "https://cloud.google.com/kubernetes-engine/docs/how-to/migrate-podsecuritypolicy";

  /** Content entries of an insight shown at most, since their keys are not documented. */
  private static final int CONTENT_SHOWN = 8;

  private final Phrasing p;
  private final DockerGuidance docker;
  private final EndOfSupportGuidance endOfSupport;

  BlockerGuidance(Phrasing p) {
    this.p = p;
    this.docker = new DockerGuidance(p);
    this.endOfSupport = new EndOfSupportGuidance(p);
  }

  /**
   * The message of a blocker that is the cluster's only one, when its kind words that message
   * itself.
   *
   * @param title what the title says before the cluster's name
   * @param guidance the guidance without the heading and reason, which the message opens with
   */
  record Alone(String title, List<Block> guidance) {}

  /**
   * The message of the cluster's only blocker, when its kind has one of its own: Docker's, which
   * keeps the form its messages had before other blockers existed. Empty for the others, which a
   * message lists in a summary first.
   */
  Optional<Alone> alone(Blocker blocker, LocalDate today) {
    if (blocker instanceof Blocker.DockerImages images) {
      return Optional.of(new Alone(docker.titleAlone(images), docker.guidance(images, today)));
    }
    return Optional.empty();
  }

  /** One line that names the blocker, for summaries, titles and the HTTP API. */
  String summary(Blocker blocker) {
    if (blocker instanceof Blocker.DockerImages) {
      return docker.summary();
    }
    if (blocker instanceof Blocker.WindowsContainerd windows) {
      return p.t(
          "Windows Server node pools ("
              + windows.pools().size()
              + ") and containerd 2: GKE holds the cluster at 1.34",
          "Windows Server 노드 풀("
              + windows.pools().size()
              + "개)과 containerd 2: GKE가 클러스터를 1.34에 유지합니다");
    }
    if (blocker instanceof Blocker.DeprecatedFeature feature) {
      return deprecationSummary(feature);
    }
    if (blocker instanceof Blocker.EndOfSupportUpgrade eos) {
      return endOfSupport.summary(eos);
    }
    Blocker.PodDisruption pdb = (Blocker.PodDisruption) blocker;
    return pdb.disruption().held()
        ? p.t("Node drain held by PodDisruptionBudgets", "PodDisruptionBudget 때문에 노드 드레인 보류")
        : p.t("Pods evicted despite PodDisruptionBudgets", "PodDisruptionBudget을 무시하고 Pod 강제 축출");
  }

  /**
   * The blocker in a sentence, for the reason the HTTP API and a message give: Docker's says why
   * now, the others' is their summary.
   */
  String sentence(Blocker blocker, Assessment a) {
    if (blocker instanceof Blocker.DockerImages images) {
      return docker.reason(images, a);
    }
    return summary(blocker) + ".";
  }

  /**
   * What a digest's line names of a blocker: Docker's pools and NAP default with their
   * replacements, an insight's feature with its subtype, the short name of the others.
   */
  List<String> inBrief(Blocker blocker) {
    if (blocker instanceof Blocker.DockerImages images) {
      return docker.inBrief(images);
    }
    if (blocker instanceof Blocker.DeprecatedFeature feature) {
      return List.of(shortName(feature) + " (" + feature.insight().subtype() + ")");
    }
    return List.of(shortName(blocker));
  }

  /**
   * The commands a digest gives for a blocker: Docker's whole plan, which needs nothing but the
   * cluster's names; the others' commands come with the explanation in their full guidance.
   */
  List<String> digestCommands(Blocker blocker) {
    return blocker instanceof Blocker.DockerImages images ? images.commands() : List.of();
  }

  /** What the blocker is, in a few words, for titles and headings. */
  String shortName(Blocker blocker) {
    if (blocker instanceof Blocker.DockerImages) {
      return docker.shortName();
    }
    if (blocker instanceof Blocker.WindowsContainerd) {
      return p.t("Windows Server node pools (containerd 2)", "Windows Server 노드 풀 (containerd 2)");
    }
    if (blocker instanceof Blocker.DeprecatedFeature feature) {
      return featureName(feature);
    }
    return summary(blocker);
  }

  private String deprecationSummary(Blocker.DeprecatedFeature blocker) {
    String removed = blocker.deprecation().removedIn();
    String paused =
        removed.isEmpty()
            ? p.t("automatic upgrades paused", "자동 업그레이드 일시중지")
            : p.t("automatic upgrades to " + removed + " paused", removed + " 자동 업그레이드 일시중지");
    String dismissed = blocker.insight().dismissed() ? p.t(", insight dismissed", ", 통계는 닫혔음") : "";
    return p.t("Deprecation insight: ", "지원 중단 통계: ")
        + featureName(blocker)
        + " ("
        + paused
        + dismissed
        + ")";
  }

  private String featureName(Blocker.DeprecatedFeature blocker) {
    Deprecation d = blocker.deprecation();
    String removed = d.removedIn();
    return switch (d.feature()) {
      case CONTAINERD_SCHEMA1_IMAGES ->
          p.t("Docker Schema 1 images (containerd 2)", "Docker 스키마 1 이미지 (containerd 2)");
      case CONTAINERD_CRI_V1ALPHA2 ->
          p.t("CRI v1alpha2 API (containerd 2)", "CRI v1alpha2 API (containerd 2)");
      case CONTAINERD_REGISTRY_CONFIGS ->
          p.t("registry.configs in containerd's config", "containerd 설정의 registry.configs");
      case KUBERNETES_API -> p.t("Kubernetes APIs removed in ", "삭제되는 Kubernetes API: ") + removed;
      case SHA1_CERTIFICATES -> p.t("TLS certificates signed with SHA-1", "SHA-1로 서명된 TLS 인증서");
      case POD_SECURITY_POLICY -> "PodSecurityPolicy";
      case DOCKERSHIM -> p.t("Docker-based node images", "Docker 기반 노드 이미지");
      case WEBHOOK_CERTIFICATE_CN ->
          p.t("X.509 CN field in webhook certificates", "웹훅 인증서의 X.509 CN 필드");
      case EXEC_PROBE_TIMEOUT -> p.t("exec probe timeouts", "exec 프로브 제한 시간");
      case UNKNOWN -> blocker.insight().subtype();
    };
  }

  /**
   * A blocker as its {@link Blocker#key() key} names it, for the blockers of an earlier message
   * that are gone.
   */
  String describeKey(String key) {
    String[] parts = key.split("/", -1);
    String detail = parts.length > 1 ? parts[parts.length - 1] : "";
    if (key.startsWith("WINDOWS_CONTAINERD_2/")) {
      return p.t("Windows Server node pools and containerd 2", "Windows Server 노드 풀과 containerd 2");
    }
    if (key.startsWith("DEPRECATION_INSIGHT/")) {
      return p.t("Deprecation insight ", "지원 중단 통계 ") + detail;
    }
    if (key.startsWith("HOLD/MAINTENANCE_EXCLUSION/")) {
      // HOLD/MAINTENANCE_EXCLUSION/scope/name[/until]
      String name = parts.length > 3 ? parts[3] : "";
      String until = parts.length > 4 ? p.t(", until ", ", ") + parts[4] + p.t("", "까지") : "";
      return p.t("maintenance exclusion ", "유지보수 제외 ")
          + (name.isEmpty() ? "" : "\u201c" + name + "\u201d ")
          + "("
          + parts[2]
          + until
          + ")";
    }
    if (key.equals("HOLD/SYSTEM_CONFIG")) {
      return p.t("GKE's own pause (SYSTEM_CONFIG)", "GKE 자체 일시중지 (SYSTEM_CONFIG)");
    }
    if (key.startsWith("END_OF_SUPPORT_UPGRADE/")) {
      return p.t(
          "GKE's upgrade at the end of support (" + parts[1] + ")",
          "지원 종료일의 GKE 업그레이드 (" + parts[1] + ")");
    }
    return key;
  }

  /**
   * The one command to start with for a blocker, for the summary: the first migration, the manual
   * upgrade, the check that finds what is in use; empty when there is no single one.
   */
  Optional<String> firstCommand(Blocker blocker) {
    if (blocker instanceof Blocker.DockerImages images) {
      return docker.firstCommand(images);
    }
    if (blocker instanceof Blocker.WindowsContainerd windows) {
      return Optional.of(windows.controlPlaneCommand());
    }
    if (blocker instanceof Blocker.PodDisruption pdb) {
      return Optional.of(pdb.findCommands().get(0));
    }
    if (blocker instanceof Blocker.EndOfSupportUpgrade eos) {
      return Optional.of(eos.upgradeCommand());
    }
    if (blocker instanceof Blocker.DeprecatedFeature feature) {
      return switch (feature.deprecation().feature()) {
        case CONTAINERD_SCHEMA1_IMAGES -> Optional.of("crane manifest IMAGE | jq .schemaVersion");
        case KUBERNETES_API ->
            Optional.of("kubectl get --raw /metrics | grep apiserver_requested_deprecated_apis");
        default -> Optional.empty();
      };
    }
    return Optional.empty();
  }

  /**
   * The full guidance of one blocker, under its heading.
   *
   * @param today decides which dates of Docker's deprecation lie in the past
   */
  List<Block> blocks(Blocker blocker, Assessment a, LocalDate today) {
    if (blocker instanceof Blocker.DockerImages images) {
      return docker.blocks(images, a, today);
    }
    if (blocker instanceof Blocker.WindowsContainerd windows) {
      return windows(windows);
    }
    if (blocker instanceof Blocker.DeprecatedFeature feature) {
      return deprecation(feature, a.ref());
    }
    if (blocker instanceof Blocker.EndOfSupportUpgrade eos) {
      return endOfSupport.blocks(eos, today);
    }
    return disruption((Blocker.PodDisruption) blocker);
  }

  private List<Block> disruption(Blocker.PodDisruption blocker) {
    GkeEvent.Disruption d = blocker.disruption();
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Heading(summary(blocker)));
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(p.t("Node", "노드"), UntrustedText.text(d.node())));
    fields.add(new Field(p.t("Disruption", "중단 유형"), UntrustedText.text(d.type())));
    if (!d.violationTimeout().isEmpty()) {
      fields.add(
          new Field(p.t("Held for", "보류 시간"), UntrustedText.text(duration(d.violationTimeout()))));
    }
    blocks.add(new Fields(fields));
    String node = d.node();
    blocks.add(
        Paragraph.of(
            d.held()
                ? text(
                    p.t(
                        "GKE is upgrading this cluster's nodes and cannot drain the node above:"
                            + " evicting the pods below would break their PodDisruptionBudgets,"
                            + " so the node's upgrade waits. If the budgets still hold when the"
                            + " drain's timeout runs out, GKE evicts the pods anyway.",
                        "GKE가 이 클러스터의 노드를 업그레이드하는 중인데 위 노드를 드레인할 수 없습니다. 아래 Pod를"
                            + " 축출하면 PodDisruptionBudget을 어기게 되므로 노드 업그레이드가 대기 중입니다. 드레인"
                            + " 제한 시간이 끝날 때까지 예산이 계속 막으면 GKE가 Pod를 강제로 축출합니다."))
                : text(
                    p.t(
                        "GKE drained the node above for an upgrade. The PodDisruptionBudgets of the"
                            + " pods below held the drain until its timeout ran out, then GKE"
                            + " evicted them anyway. Check that these workloads recovered, and fix"
                            + " the budgets so that the next upgrade neither waits nor forces"
                            + " again.",
                        "GKE가 업그레이드를 위해 위 노드를 드레인했습니다. 아래 Pod의 PodDisruptionBudget이 제한"
                            + " 시간이 끝날 때까지 드레인을 막았고, 그 후 GKE가 Pod를 강제로 축출했습니다. 워크로드가"
                            + " 복구되었는지 확인하고, 다음 업그레이드가 대기하거나 강제 축출하지 않도록 예산을"
                            + " 수정하세요."))));
    List<Item> pods = new ArrayList<>();
    for (GkeEvent.PodRef pod : d.pods()) {
      String name = pod.namespace() + "/" + pod.name();
      pods.add(new Item(List.of(UntrustedText.text(name)), name));
    }
    if (!pods.isEmpty()) {
      blocks.add(
          new Heading(
              p.t(
                  "Pods (" + pods.size() + ", namespace/name)",
                  "Pod (" + pods.size() + "개, 네임스페이스/이름)")));
      blocks.add(new BulletList(pods, p.t("%d more pods:", "Pod %d개 더:")));
    }
    blocks.add(new Heading(p.t("Find the budget that blocks", "막고 있는 PodDisruptionBudget 찾기")));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "A budget with ALLOWED DISRUPTIONS 0 blocks every eviction of its pods:",
                    "ALLOWED DISRUPTIONS가 0인 예산은 해당 Pod의 모든 축출을 막습니다."))));
    blocks.add(new CodeBlock(String.join("\n", blocker.findCommands())));
    blocks.add(
        BulletList.of(
            Item.of(
                text(
                    p.t(
                        "Add replicas, so that one can go while the budget still holds.",
                        "복제본을 늘려 예산을 지키면서도 하나를 축출할 수 있게 하세요."))),
            Item.of(
                text(
                    p.t(
                        "Loosen minAvailable or maxUnavailable where the budget asks for every"
                            + " replica.",
                        "예산이 모든 복제본을 요구한다면 minAvailable 또는 maxUnavailable을 완화하세요."))),
            Item.of(
                text(
                    p.t(
                        "Fix pods that are not ready: they use up the budget.",
                        "준비되지 않은 Pod를 고치세요. 이런 Pod가 예산을 소진합니다.")))));
    return blocks;
  }

  /** A duration as GKE writes it ({@code 3600s}), with minutes or hours when it has whole ones. */
  private String duration(String text) {
    if (text.matches("[0-9]{1,9}s")) {
      long seconds = Long.parseLong(text.substring(0, text.length() - 1));
      if (seconds >= 3600 && seconds % 3600 == 0) {
        return text + p.t(" (" + seconds / 3600 + " h)", " (" + seconds / 3600 + "시간)");
      }
      if (seconds >= 60 && seconds % 60 == 0) {
        return text + p.t(" (" + seconds / 60 + " min)", " (" + seconds / 60 + "분)");
      }
    }
    return text;
  }

  private List<Block> windows(Blocker.WindowsContainerd w) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(
        new Heading(
            p.t(
                "Windows Server node pools and containerd 2",
                "Windows Server 노드 풀과 containerd 2")));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "Windows Server nodes run containerd 1.7 up to GKE 1.34 and containerd 2.0 from"
                        + " GKE 1.35. GKE cannot detect on Windows whether workloads use what"
                        + " containerd 2.0 removed, so it holds every cluster with Windows Server"
                        + " nodes at 1.34, whatever they use: it does not upgrade them to 1.35"
                        + " automatically.",
                    "Windows Server 노드는 GKE 1.34까지 containerd 1.7을, GKE 1.35부터 containerd 2.0을"
                        + " 사용합니다. GKE는 Windows에서 워크로드가 containerd 2.0에서 삭제된 기능을 사용하는지"
                        + " 감지할 수 없으므로, Windows Server 노드가 있는 클러스터는 사용 여부와 관계없이 모두"
                        + " 1.34에 유지하며 1.35로 자동 업그레이드하지 않습니다."))));
    blocks.add(Paragraph.of(text(windowsWhy(w))));
    List<Item> pools = new ArrayList<>();
    for (NodePoolInfo pool : w.pools()) {
      List<Span> spans = new ArrayList<>();
      spans.add(code(pool.name()));
      spans.add(text(": " + pool.imageType()));
      if (!pool.version().isEmpty()) {
        spans.add(text(p.t(" (node version ", " (노드 버전 ") + pool.version() + ")"));
      }
      pools.add(new Item(spans, pool.name()));
    }
    blocks.add(
        new BulletList(
            pools, p.t("%d more Windows Server node pools:", "Windows Server 노드 풀 %d개 더:")));
    blocks.add(new Heading(p.t("Check the Windows workloads", "Windows 워크로드 확인")));
    blocks.add(
        BulletList.of(
            Item.of(
                text(
                    p.t(
                        "Docker Schema 1 images no longer pull. Check each image: ",
                        "Docker 스키마 1 이미지는 더 이상 가져올 수 없습니다. 각 이미지를 확인하세요: ")),
                code("crane manifest IMAGE | jq .schemaVersion"),
                text(p.t(" prints 1 for Schema 1.", " 결과가 1이면 스키마 1입니다."))),
            Item.of(
                text(
                    p.t(
                        "The CRI v1alpha2 API is gone. The eBPF tracers Google offers do not run on"
                            + " Windows: search your code for ",
                        "CRI v1alpha2 API가 삭제되었습니다. Google이 제공하는 eBPF 추적 도구는 Windows에서"
                            + " 실행되지 않으므로 코드에서 다음을 검색하고 ")),
                code("k8s.io/cri-api/pkg/apis/runtime/v1alpha2"),
                text(
                    p.t(
                        " (use .../runtime/v1 instead) and ask the vendors of node agents.",
                        "(대신 .../runtime/v1 사용) 노드 에이전트 공급업체에 문의하세요."))),
            Item.of(
                text(
                    p.t(
                        "registry.configs.tls in containerd's config is gone; registry.auths,"
                            + " registry.configs and registry.mirrors follow in containerd 2.2.",
                        "containerd 설정의 registry.configs.tls는 삭제되었고, registry.auths,"
                            + " registry.configs, registry.mirrors는 containerd 2.2에서 삭제됩니다.")))));
    blocks.add(new Heading(p.t("Then upgrade by hand", "그런 다음 수동으로 업그레이드")));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "Try it on a test cluster first. Upgrade the control plane to 1.35, then each"
                        + " Windows Server node pool:",
                    "먼저 테스트 클러스터에서 시도하세요. 제어 영역을 1.35로 업그레이드한 다음 각 Windows"
                        + " Server 노드 풀을 업그레이드하세요."))));
    List<String> commands = new ArrayList<>();
    commands.add(w.controlPlaneCommand());
    commands.addAll(w.poolCommands());
    blocks.add(new CodeBlock(String.join("\n", commands)));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "Until then the cluster stays on 1.34 until the end of its standard support"
                        + " (extended support on the Extended channel), when GKE upgrades it anyway"
                        + " and workloads that depend on removed features break. ",
                    "그때까지 클러스터는 표준 지원 종료일(Extended 채널은 연장 지원 종료일)까지 1.34에"
                        + " 머무르며, 그날 GKE가 클러스터를 업그레이드하면 삭제된 기능에 의존하는 워크로드가"
                        + " 중단됩니다. ")),
            link(CONTAINERD_2, p.t("Migrating to containerd 2", "containerd 2로 마이그레이션"))));
    return blocks;
  }

  private String windowsWhy(Blocker.WindowsContainerd w) {
    if (w.verdict() == Verdict.AT_RISK) {
      return p.t(
          "The control plane runs 1.33: the hold begins when the cluster reaches 1.34.",
          "제어 영역이 1.33이므로 클러스터가 1.34가 되면 유지가 시작됩니다.");
    }
    return switch (w.cause()) {
      case EVENT_TARGETS_WALL, BULLETIN_PATCHED_ONLY_PAST_WALL ->
          p.t(
              "The notification takes the cluster to " + w.wallVersion() + " (1.35 or later).",
              "알림의 대상 버전이 1.35 이상인 " + w.wallVersion() + "입니다.");
      default ->
          p.t(
              "The control plane runs " + w.wallVersion() + ": the cluster is at the hold now.",
              "제어 영역 버전이 " + w.wallVersion() + "이므로 지금 유지 상태입니다.");
    };
  }

  private List<Block> deprecation(Blocker.DeprecatedFeature blocker, ClusterRef cluster) {
    Insight insight = blocker.insight();
    Deprecation d = blocker.deprecation();
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Heading(p.t("Deprecation insight: ", "지원 중단 통계: ") + featureName(blocker)));
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(p.t("Subtype", "하위 유형"), code(insight.subtype())));
    if (!insight.state().isEmpty()) {
      fields.add(new Field(p.t("State", "상태"), UntrustedText.text(insight.state())));
    }
    if (!d.removedIn().isEmpty()) {
      fields.add(new Field(p.t("Removed in", "삭제 버전"), text(d.removedIn())));
    }
    if (!insight.lastRefreshTime().isEmpty()) {
      fields.add(
          new Field(
              p.t("Last refreshed", "마지막 갱신"), UntrustedText.text(insight.lastRefreshTime())));
    }
    fields.add(new Field(p.t("Insight", "통계"), UntrustedText.text(insight.name())));
    blocks.add(new Fields(fields));
    if (!insight.description().isBlank()) {
      blocks.add(Paragraph.of(UntrustedText.text(insight.description())));
    }
    blocks.add(Paragraph.of(text(pause(d))));
    if (insight.dismissed()) {
      blocks.add(
          Paragraph.of(
              text(
                  p.t(
                      "This insight was dismissed. Dismissing hides it in the console for everyone,"
                          + " but GKE's pause stays until the feature is no longer used.",
                      "이 통계는 닫혔습니다. 닫으면 모든 사용자의 콘솔에서 숨겨지지만, 기능을 더 이상 사용하지"
                          + " 않을 때까지 GKE의 일시중지는 유지됩니다."))));
    }
    blocks.addAll(featureBlocks(d, cluster));
    blocks.addAll(content(insight));
    return blocks;
  }

  /** GKE's pause: what still happens, when it lifts, and the end of support. */
  private String pause(Deprecation d) {
    String target = d.removedIn().isEmpty() ? p.t("the next minor", "다음 부 버전") : d.removedIn();
    String paused =
        p.t(
            "GKE detected the use of a feature that "
                + target
                + " removes and paused automatic upgrades of this cluster to "
                + target
                + "; patch upgrades within the current minor continue.",
            "GKE가 "
                + target
                + "에서 삭제되는 기능의 사용을 감지하여 이 클러스터의 "
                + target
                + " 자동 업그레이드를 일시중지했습니다. 현재 부 버전 안의 패치 업그레이드는 계속됩니다.");
    String resume =
        d.cleanDaysToResume() == 0
            ? p.t(
                " GKE resumes automatic upgrades once it no longer detects the use.",
                " 사용이 더 이상 감지되지 않으면 GKE가 자동 업그레이드를 재개합니다.")
            : p.t(
                " GKE resumes them after "
                    + d.cleanDaysToResume()
                    + " consecutive days without detected use, if "
                    + target
                    + " is the auto-upgrade target of the cluster's release channel and nothing"
                    + " else holds it.",
                " 사용이 감지되지 않는 날이 "
                    + d.cleanDaysToResume()
                    + "일 연속되고 "
                    + target
                    + "이(가) 클러스터 출시 채널의 자동 업그레이드 대상이며 다른 차단 요인이 없으면 GKE가 자동"
                    + " 업그레이드를 재개합니다.");
    String end =
        p.t(
            " If the feature is still used at the end of standard support (extended support on"
                + " the Extended channel), GKE upgrades the cluster anyway and what depends on it"
                + " breaks. GKE cannot detect every use: a maintenance exclusion is the only sure"
                + " hold.",
            " 표준 지원 종료일(Extended 채널은 연장 지원 종료일)에도 기능을 계속 사용하면 GKE가 클러스터를"
                + " 업그레이드하며 해당 기능에 의존하는 부분이 중단됩니다. GKE가 모든 사용을 감지할 수는 없으므로"
                + " 확실하게 업그레이드를 막으려면 유지보수 제외를 사용해야 합니다.");
    return paused + resume + end;
  }

  private List<Block> featureBlocks(Deprecation d, ClusterRef cluster) {
    return switch (d.feature()) {
      case CONTAINERD_SCHEMA1_IMAGES -> schema1();
      case CONTAINERD_CRI_V1ALPHA2 -> criV1alpha2();
      case CONTAINERD_REGISTRY_CONFIGS -> registryConfigs();
      case KUBERNETES_API -> kubernetesApis(d.removedIn(), cluster);
      case SHA1_CERTIFICATES ->
          simple(
              p.t(
                  "Replace the TLS certificates of webhook and extension API server backends that"
                      + " are signed with SHA-1 by certificates with a compatible signing"
                      + " algorithm. From 1.29, calls to such webhooks fail, which can block Pod"
                      + " creation, and calls to such extension API servers fail.",
                  "SHA-1로 서명된 웹훅 및 확장 API 서버 백엔드의 TLS 인증서를 호환되는 서명 알고리즘의 인증서로"
                      + " 교체하세요. 1.29부터 이러한 웹훅 호출이 실패하여 Pod 생성이 차단될 수 있고, 이러한"
                      + " 확장 API 서버 호출도 실패합니다."),
              SHA1,
              p.t("TLS certificates before GKE 1.29", "GKE 1.29 이전 TLS 인증서 호환성"));
      case POD_SECURITY_POLICY ->
          simple(
              p.t(
                  "PodSecurityPolicy is removed in 1.25 with no replacement API: move its"
                      + " policies to Pod Security Admission or another policy controller before"
                      + " upgrading.",
                  "PodSecurityPolicy는 1.25에서 대체 API 없이 삭제됩니다. 업그레이드하기 전에 정책을 Pod"
                      + " 보안 승인 또는 다른 정책 컨트롤러로 옮기세요."),
              PSP_MIGRATION,
              p.t("Migrating from PodSecurityPolicy", "PodSecurityPolicy에서 마이그레이션"));
      case DOCKERSHIM ->
          simple(
              p.t(
                  "Docker-based node images are not supported from 1.24: move every node pool to"
                      + " a containerd image type.",
                  "1.24부터 Docker 기반 노드 이미지가 지원되지 않으므로 모든 노드 풀을 containerd 노드 이미지" + " 유형으로 옮기세요."),
              DOCKER,
              p.t("Docker node image deprecation", "Docker 노드 이미지 지원 중단 정보"));
      case WEBHOOK_CERTIFICATE_CN ->
          simple(
              p.t(
                  "From 1.23 the API server no longer reads the X.509 Common Name of webhook"
                      + " certificates: reissue each webhook's certificate with its host names in"
                      + " Subject Alternative Names.",
                  "1.23부터 API 서버는 웹훅 인증서의 X.509 CN(Common Name)을 읽지 않습니다. 각 웹훅의"
                      + " 인증서를 주체 대체 이름(SAN)에 호스트 이름을 넣어 다시 발급하세요."),
              WEBHOOK_CN,
              p.t("Webhook certificates", "웹훅 인증서 호환성"));
      case EXEC_PROBE_TIMEOUT ->
          simple(
              p.t(
                  "From 1.35 Kubernetes enforces timeoutSeconds on the exec commands of liveness,"
                      + " readiness and startup probes (default 1 second); before, it was ignored."
                      + " Give each exec probe a timeoutSeconds its command needs, or the probes"
                      + " fail and containers restart or drop out of service.",
                  "1.35부터 Kubernetes는 활성, 준비, 시작 프로브의 exec 명령어에 timeoutSeconds(기본값"
                      + " 1초)를 적용합니다. 이전에는 무시되었습니다. 각 exec 프로브에 명령어에 필요한"
                      + " timeoutSeconds를 지정하세요. 그렇지 않으면 프로브가 실패하여 컨테이너가 다시 시작되거나"
                      + " 서비스에서 제외됩니다."),
              EXEC_PROBES,
              p.t("Exec probe timeouts before GKE 1.35", "GKE 1.35 이전 exec 프로브 제한 시간"));
      case UNKNOWN ->
          simple(
              p.t(
                  "GKE reports a deprecated feature in use that this message does not know yet;"
                      + " the insight's description above says which. Google's deprecations page"
                      + " lists each one with its migration guide.",
                  "이 메시지가 아직 알지 못하는 지원 중단 기능의 사용이 보고되었습니다. 위의 통계 설명을"
                      + " 확인하세요. Google의 지원 중단 페이지에 기능별 마이그레이션 가이드가 있습니다."),
              DEPRECATIONS,
              p.t("GKE deprecations", "GKE 지원 중단"));
    };
  }

  private List<Block> simple(String fix, String guide, String label) {
    return List.of(Paragraph.of(text(fix + " ")), BulletList.of(Item.of(link(guide, label))));
  }

  private List<Block> schema1() {
    return List.of(
        Paragraph.of(
            text(
                p.t(
                    "containerd 2.0 (GKE 1.33 on Linux) no longer pulls Docker Schema 1 images."
                        + " Find them:",
                    "containerd 2.0(Linux는 GKE 1.33)은 더 이상 Docker 스키마 1 이미지를 가져오지 않습니다."
                        + " 다음과 같이 찾으세요."))),
        BulletList.of(
            Item.of(
                text(
                    p.t(
                        "In Cloud Logging (pulls of the last 30 days): ",
                        "Cloud Logging(최근 30일의 이미지 가져오기): ")),
                code(
                    "jsonPayload.SYSLOG_IDENTIFIER=\"containerd\" \"conversion from schema 1 images"
                        + " is deprecated\"")),
            Item.of(
                text(p.t("On a node: ", "노드에서: ")),
                code(
                    "ctr --namespace k8s.io images list"
                        + " 'labels.\"io.containerd.image/converted-docker-schema1\"'")),
            Item.of(
                text(p.t("Any image: ", "모든 이미지: ")),
                code("crane manifest IMAGE | jq .schemaVersion"),
                text(p.t(" (1 means Schema 1)", " (1이면 스키마 1)"))),
            Item.of(
                code("gcr.io/google-containers/startup-script:v1"),
                text(p.t(" is Schema 1: use ", "은(는) 스키마 1이므로 다음을 사용하세요: ")),
                code(":v2"))),
        Paragraph.of(
            text(
                p.t(
                    "Fix: use a newer image, or pull the image with containerd, which converts it"
                        + " to OCI, and push the result. ",
                    "해결: 새 이미지를 사용하거나, containerd로 이미지를 가져와 OCI로 변환된 결과를 다시" + " 푸시하세요. ")),
            link(CONTAINERD_2, p.t("Migrating to containerd 2", "containerd 2로 마이그레이션"))));
  }

  private List<Block> criV1alpha2() {
    return List.of(
        Paragraph.of(
            text(
                p.t(
                    "containerd 2.0 (GKE 1.33 on Linux) removed the CRI v1alpha2 API, which"
                        + " Kubernetes itself dropped in 1.26. What calls it mounts the containerd"
                        + " socket; list the Pods outside kube-system that mount it by hostPath:",
                    "containerd 2.0(Linux는 GKE 1.33)에서 CRI v1alpha2 API가 삭제되었습니다(Kubernetes는"
                        + " 1.26에서 삭제). 이 API를 호출하는 워크로드는 containerd 소켓을 마운트합니다."
                        + " kube-system 외부에서 hostPath로 소켓을 마운트하는 Pod를 나열하세요."))),
        new CodeBlock(
            "kubectl get pods -A -o json | jq -r '.items[] | select(.metadata.namespace !="
                + " \"kube-system\") | select(any(.spec.volumes[]?; .hostPath.path //"
                + " \"\" | test(\"^(/var)?/run(/containerd(/containerd.sock)?)?/?$\"))) |"
                + " .metadata.namespace + \"/\" + .metadata.name'"),
        BulletList.of(
            Item.of(
                text(
                    p.t(
                        "Confirm with Google's eBPF DaemonSets ",
                        "Google의 eBPF DaemonSet으로 확인하세요: ")),
                code("containerd-socket-tracer"),
                text(p.t(" and ", ", ")),
                code("cri-v1alpha2-api-deprecation-reporter"),
                text(p.t(", and ask the vendors of node agents.", ". 노드 에이전트 공급업체에도 문의하세요."))),
            Item.of(
                text(p.t("In your code, replace the import ", "코드에서 다음 import를 바꾸세요: ")),
                code("k8s.io/cri-api/pkg/apis/runtime/v1alpha2"),
                text(" → "),
                code("k8s.io/cri-api/pkg/apis/runtime/v1"),
                text(p.t("; find it with ", ". 찾기: ")),
                code("grep -r \"k8s.io/cri-api/pkg/apis/runtime/v1alpha2\" ."))),
        BulletList.of(
            Item.of(link(CONTAINERD_2, p.t("Migrating to containerd 2", "containerd 2로 마이그레이션")))));
  }

  private List<Block> registryConfigs() {
    return List.of(
        Paragraph.of(
            text(
                p.t(
                    "containerd deprecated registry.auths, registry.configs (with .auth) and"
                        + " registry.mirrors in its config and removes them in containerd 2.2 (the"
                        + " GKE version is not announced yet); registry.configs.tls is already gone"
                        + " in 2.0. Candidates are DaemonSets that mount"
                        + " /etc/containerd/config.toml (or a parent directory) by hostPath, or run"
                        + " privileged with hostPID:",
                    "containerd는 설정의 registry.auths, registry.configs(.auth 포함), registry.mirrors를"
                        + " 지원 중단했으며 containerd 2.2에서 삭제합니다(GKE 버전은 아직 발표되지 않음)."
                        + " registry.configs.tls는 2.0에서 이미 삭제되었습니다. hostPath로"
                        + " /etc/containerd/config.toml(또는 상위 디렉터리)을 마운트하거나 hostPID로 권한 있는"
                        + " 모드로 실행되는 DaemonSet이 후보입니다."))),
        new CodeBlock(
            "kubectl get daemonsets -A -o json | jq -r '.items[] |"
                + " select((.spec.template.spec.hostPID == true) or"
                + " any(.spec.template.spec.volumes[]?; .hostPath.path // \"\" |"
                + " test(\"^/etc(/containerd(/config.toml)?)?/?$\"))) | .metadata.namespace + \"/\""
                + " + .metadata.name'"),
        BulletList.of(
            Item.of(
                text(
                    p.t(
                        "Credentials (auths, configs.auth): move them to imagePullSecrets, one"
                            + " Secret per namespace, then stop writing them into config.toml.",
                        "자격 증명(auths, configs.auth): 네임스페이스마다 Secret 하나씩 imagePullSecrets로"
                            + " 옮긴 다음 config.toml에 쓰지 마세요."))),
            Item.of(
                text(
                    p.t(
                        "TLS (configs.tls): keep the CA certificates in Secret Manager and point a"
                            + " GKE runtime configuration file at them.",
                        "TLS(configs.tls): CA 인증서를 Secret Manager에 저장하고 GKE 런타임 구성 파일이 이를"
                            + " 가리키게 하세요."))),
            Item.of(
                text(p.t("Test on a new node pool. ", "새 노드 풀에서 테스트하세요. ")),
                link(CONTAINERD_2, p.t("Migrating to containerd 2", "containerd 2로 마이그레이션")))));
  }

  private List<Block> kubernetesApis(String minor, ClusterRef cluster) {
    List<Block> blocks = new ArrayList<>();
    List<RemovedApis.Removal> removals = RemovedApis.removedIn(minor);
    if (!removals.isEmpty()) {
      List<Item> items = new ArrayList<>();
      for (RemovedApis.Removal r : removals) {
        List<Span> spans = new ArrayList<>();
        spans.add(text(r.kinds() + ": "));
        spans.add(code(r.removed()));
        spans.add(text(" → "));
        spans.add(
            r.replacement().isEmpty()
                ? text(p.t("no replacement", "대체 API 없음"))
                : code(r.replacement()));
        items.add(new Item(spans, r.removed()));
      }
      blocks.add(
          new Heading(
              p.t("Removed in " + minor + " and what replaces it", minor + "에서 삭제되는 API와 대체 API")));
      blocks.add(new BulletList(items, p.t("%d more API versions:", "API 버전 %d개 더:")));
    }
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "The insight names the clients that called them. Migrate those clients and your"
                        + " manifests before upgrading; stored objects need nothing, since the API"
                        + " server already serves them through the replacement. Write calls of"
                        + " agents not managed by Google show in the Admin Activity audit log:",
                    "통계에 이 API를 호출한 클라이언트가 나와 있습니다. 업그레이드하기 전에 해당 클라이언트와"
                        + " 매니페스트를 마이그레이션하세요. 저장된 객체는 API 서버가 이미 대체 API로 제공하므로"
                        + " 조치가 필요 없습니다. Google이 관리하지 않는 에이전트의 쓰기 호출은 관리자 활동 감사"
                        + " 로그에 나타납니다."))));
    blocks.add(
        new CodeBlock(
            "resource.type=\"k8s_cluster\"\nresource.labels.cluster_name=\""
                + cluster.name()
                + "\"\nlabels.\"k8s.io/removed-release\"=\""
                + minor
                + "\""));
    blocks.add(
        Paragraph.of(
            text(
                p.t(
                    "Kubernetes itself counts calls to deprecated APIs: ",
                    "Kubernetes 자체도 지원 중단된 API 호출 수를 셉니다: ")),
            code("kubectl get --raw /metrics | grep apiserver_requested_deprecated_apis")));
    blocks.add(
        BulletList.of(
            Item.of(
                link(
                    RemovedApis.guide(minor),
                    p.t("APIs removed in " + minor, minor + "에서 삭제되는 API")))));
    return blocks;
  }

  /** The insight's content, since its keys are not documented: a few entries, as plain text. */
  private List<Block> content(Insight insight) {
    if (insight.content().isEmpty()) {
      return List.of();
    }
    List<Item> items = new ArrayList<>();
    int shown = 0;
    for (Map.Entry<String, String> entry : insight.content().entrySet()) {
      if (shown++ == CONTENT_SHOWN) {
        break;
      }
      items.add(
          new Item(
              List.of(code(entry.getKey()), text(": "), UntrustedText.text(entry.getValue())),
              entry.getKey()));
    }
    return List.of(
        new Heading(p.t("From the insight", "통계 세부정보")),
        new BulletList(items, p.t("%d more entries:", "항목 %d개 더:")));
  }
}
