package dev.upgradesentinel.guidance;

import static dev.upgradesentinel.guidance.Span.code;
import static dev.upgradesentinel.guidance.Span.link;
import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.guidance.Block.BulletList;
import dev.upgradesentinel.guidance.Block.Heading;
import dev.upgradesentinel.guidance.Block.Item;
import dev.upgradesentinel.guidance.Block.Paragraph;
import java.time.LocalDate;
import java.util.List;

/**
 * The parts of the guidance that are the same for every affected cluster: why Docker-based images
 * block upgrades, what GKE does and did around the end of support for 1.23, what the migration
 * changes for workloads and how to debug containerd nodes. Every statement comes from Google's
 * "Docker node image deprecation" page; dates are worded in the past once they have passed.
 */
final class Background {
  static final LocalDate END_OF_SUPPORT_1_23 = LocalDate.of(2023, 7, 31);
  static final LocalDate AUTOMATIC_NODE_MIGRATION = LocalDate.of(2023, 9, 1);
  static final LocalDate MAINTENANCE_EXCLUSION_LIMIT = LocalDate.of(2024, 2, 29);
  static final String DEPRECATION_GUIDE =
      "https://cloud.google.com/kubernetes-engine/docs/deprecations/docker-containerd";
  static final String MIGRATION_GUIDE =
      "https://cloud.google.com/kubernetes-engine/docs/how-to/migrate-containerd";

  private final Phrasing p;
  private final LocalDate today;

  Background(Phrasing phrasing, LocalDate today) {
    this.p = phrasing;
    this.today = today;
  }

  /** Whether a date has come: from that day on, it is spoken of in the past. */
  private boolean reached(LocalDate date) {
    return !today.isBefore(date);
  }

  List<Block> why() {
    String endOfSupport = p.date(END_OF_SUPPORT_1_23);
    return List.of(
        new Heading(p.t("Why upgrades are blocked", "업그레이드가 차단되는 이유")),
        Paragraph.of(
            text(
                p.t(
                    "Kubernetes 1.24 removed dockershim, the component that let Kubernetes"
                        + " components such as the kubelet talk to Docker. GKE 1.24 and later"
                        + " therefore do not support node images that use Docker as the container"
                        + " runtime. containerd has been the default runtime for new GKE nodes"
                        + " since 1.19 on Linux and 1.21 on Windows.",
                    "Kubernetes 버전 1.24 이상에서는 Docker가 kubelet과 같은 Kubernetes 구성요소와"
                        + " 통신할 수 있게 해주는 dockershim 구성요소가 삭제되었습니다. 따라서 GKE는 GKE"
                        + " 버전 1.24 이상에서 Docker를 런타임으로 사용하는 노드 이미지를 지원하지"
                        + " 않습니다. Containerd는 Linux의 경우 버전 1.19, Windows의 경우 버전 1.21부터"
                        + " 모든 새 GKE 노드의 기본 런타임입니다."))),
        Paragraph.of(
            text(
                reached(END_OF_SUPPORT_1_23)
                    ? p.t(
                        "GKE 1.23 reached end of support on "
                            + endOfSupport
                            + ". Since then GKE has unblocked manual control plane upgrades to"
                            + " 1.24 for clusters that have not migrated, and upgrades them"
                            + " gradually for security and compatibility, following the automatic"
                            + " migration below.",
                        "GKE 버전 1.23은 "
                            + endOfSupport
                            + "에 지원 종료되었습니다. 이후 GKE는 아직 마이그레이션이 완료되지 않은"
                            + " 클러스터에 대해 1.24로의 수동 제어 영역 업그레이드를 차단 해제하고, 보안 및"
                            + " 호환성을 위해 아래 자동 마이그레이션에 따라 클러스터를 점진적으로"
                            + " 업그레이드합니다.")
                    : p.t(
                        "Until GKE 1.23 reaches end of support on "
                            + endOfSupport
                            + ", GKE pauses automatic upgrades and prevents manual upgrades to 1.24"
                            + " for clusters with node pools on Docker-based node images. After"
                            + " that date GKE unblocks upgrades to 1.24 and follows the automatic"
                            + " migration below.",
                        "GKE 버전 1.23 지원 종료일인 "
                            + endOfSupport
                            + " 이전에는 GKE가 Docker 기반 노드 이미지를 사용하는 노드 풀이 있는"
                            + " 클러스터의 자동 업그레이드를 일시중지하고 버전 1.24로의 수동 업그레이드를"
                            + " 방지합니다. 지원 종료 후에는 1.24로의 업그레이드를 차단 해제하고 아래 자동"
                            + " 마이그레이션 프로세스를 따릅니다."))));
  }

  /** What GKE does with node auto-provisioning's Docker-based default on its own. */
  Paragraph autoprovisioningDeadline() {
    String endOfSupport = p.date(END_OF_SUPPORT_1_23);
    String when =
        reached(END_OF_SUPPORT_1_23)
            ? p.t(
                "Since GKE 1.23 reached end of support on " + endOfSupport + ", ",
                "GKE 버전 1.23이 " + endOfSupport + "에 지원 종료되었으므로 ")
            : p.t(
                "When GKE 1.23 reaches end of support on " + endOfSupport + ", ",
                "GKE 버전 1.23이 " + endOfSupport + "에 지원 종료되면 ");
    return Paragraph.of(
        text(
            when
                + p.t(
                    "GKE itself updates a Docker-based default to the matching containerd image"
                        + " type, and a maintenance exclusion cannot block that. Change it yourself"
                        + " before GKE does, to make sure your workloads are not affected.",
                    "GKE가 Docker 기반 기본 노드 이미지 유형을 containerd 런타임을 사용하는 해당 노드"
                        + " 이미지로 자동 업데이트하며, 유지보수 제외로 이 작업을 차단할 수 없습니다."
                        + " 워크로드에 부정적인 영향이 없는지 확인하려면 GKE가 자동으로 업데이트하기 전에"
                        + " 직접 변경하는 것이 좋습니다.")));
  }

  List<Block> afterMigrating() {
    return List.of(
        new Heading(p.t("After migrating", "마이그레이션 후")),
        Paragraph.of(
            text(
                p.t(
                    "Once the cluster uses only containerd images (every node pool and the node"
                        + " auto-provisioning default), GKE resumes automatic upgrades within about"
                        + " a day, following the GKE release schedule, or you can upgrade the"
                        + " cluster manually.",
                    "containerd 이미지만 사용하도록 클러스터(모든 노드 풀과 노드 자동 프로비저닝 기본"
                        + " 이미지 유형)를 마이그레이션한 후 GKE 출시 일정에 따라 하루 내에 자동"
                        + " 업그레이드가 재개되며, 클러스터를 수동으로 업그레이드할 수도 있습니다."))));
  }

  List<Block> automaticMigration() {
    String endOfSupport = p.date(END_OF_SUPPORT_1_23);
    String nodeMigration = p.date(AUTOMATIC_NODE_MIGRATION);
    String intro =
        reached(END_OF_SUPPORT_1_23)
            ? p.t(
                "GKE 1.23 reached end of support on "
                    + endOfSupport
                    + ". For clusters that have not migrated to containerd node images, GKE does"
                    + " the following over time:",
                "버전 1.23이 "
                    + endOfSupport
                    + "에 지원 종료되었으므로 GKE는 containerd 노드 이미지로 마이그레이션하지 않은"
                    + " 클러스터에 대해 시간에 따라 다음을 수행합니다.")
            : p.t(
                "If the cluster has not migrated to containerd node images when GKE 1.23 reaches"
                    + " end of support on "
                    + endOfSupport
                    + ", GKE does the following over time:",
                "버전 1.23이 "
                    + endOfSupport
                    + "에 지원 종료되기 전에 containerd 노드 이미지로 마이그레이션하지 않으면 GKE는"
                    + " 시간에 따라 다음을 수행합니다.");
    String nodePools =
        reached(AUTOMATIC_NODE_MIGRATION)
            ? p.t(
                "Since "
                    + nodeMigration
                    + ", GKE has been migrating every node pool that uses"
                    + " Docker to containerd node images.",
                "GKE는 "
                    + nodeMigration
                    + "부터 Docker를 사용하는 모든 노드 풀을 containerd 노드"
                    + " 이미지로 마이그레이션하고 있습니다.")
            : p.t(
                "From "
                    + nodeMigration
                    + ", GKE migrates every node pool that uses Docker to"
                    + " containerd node images.",
                "GKE는 "
                    + nodeMigration
                    + "부터 Docker를 사용하는 모든 노드 풀을 containerd 노드"
                    + " 이미지로 마이그레이션합니다.");
    return List.of(
        new Heading(
            p.t("Automatic migration at the end of support for 1.23", "버전 1.23 지원 종료 시 자동 마이그레이션")),
        Paragraph.of(text(intro)),
        BulletList.of(
            Item.of(
                text(
                    p.t(
                        "If node auto-provisioning uses a Docker-based default image type, GKE"
                            + " updates it to the matching containerd image type. A maintenance"
                            + " exclusion cannot block this.",
                        "클러스터에서 Docker 기반 기본 노드 이미지 유형과 함께 노드 자동 프로비저닝을"
                            + " 사용하는 경우 GKE는 containerd 런타임을 사용하는 해당 노드 이미지를"
                            + " 사용하도록 구성을 업데이트합니다. 유지보수 제외로 이 작업을 차단할 수"
                            + " 없습니다."))),
            Item.of(
                text(
                    p.t(
                        "GKE upgrades the cluster's control plane to 1.24.",
                        "GKE는 클러스터의 제어 영역을 버전 1.24로 업그레이드합니다."))),
            Item.of(
                text(
                    nodePools
                        + p.t(
                            " Migrating the node images manually before GKE does is recommended;"
                                + " you can also ask Cloud Customer Care to have GKE start"
                                + " migrating the cluster to containerd images.",
                            " GKE보다 먼저 노드 이미지를 수동으로 마이그레이션하는 것이 좋습니다. 또는"
                                + " Cloud Customer Care에 문의하여 GKE가 containerd 이미지를 사용하도록"
                                + " 클러스터를 마이그레이션하는 작업을 시작하도록 요청할 수 있습니다."))),
            Item.of(
                text(
                    p.t(
                        "To match the open source version skew policy, GKE upgrades node pools on"
                            + " 1.23 to 1.24. A maintenance exclusion can block this upgrade"
                            + " temporarily.",
                        "GKE는 클러스터 상태를 오픈소스 버전 차이 정책에 맞게 조정하기 위해 버전 1.23의"
                            + " 노드 풀을 1.24로 업그레이드합니다. 유지보수 제외를 사용하여 이"
                            + " 업그레이드를 일시적으로 차단할 수 있습니다.")))),
        maintenanceExclusion());
  }

  private Paragraph maintenanceExclusion() {
    String limit = p.date(MAINTENANCE_EXCLUSION_LIMIT);
    String noPatches =
        p.t(
            " Minor versions past end of support no longer get security patches or bug fixes.",
            " 지원 종료된 마이너 버전은 더 이상 보안 패치 및 버그 수정이 제공되지 않습니다.");
    if (reached(MAINTENANCE_EXCLUSION_LIMIT)) {
      return Paragraph.of(
          text(
              p.t(
                  "A maintenance exclusion (scope \"no minor or node upgrades\", ",
                  "유지보수 제외(\"마이너 또는 노드 업그레이드 없음\" 범위, ")),
          code("--add-maintenance-exclusion-end"),
          text(
              p.t(
                      " at or before 2024-02-29T00:00:00Z, cluster enrolled in a release channel)"
                          + " could hold the node migration back only until "
                          + limit
                          + ".",
                      " 2024-02-29T00:00:00Z 또는 이전, 출시 채널 등록 필요)로 노드 마이그레이션을 일시"
                          + " 지연할 수 있는 기한은 "
                          + limit
                          + "까지였습니다.")
                  + noPatches));
    }
    return Paragraph.of(
        text(
            p.t(
                "To hold the node migration back until "
                    + limit
                    + " at the latest, once the control plane runs 1.24 or later: enrol the"
                    + " cluster in a release channel and configure a maintenance exclusion with"
                    + " the scope \"no minor or node upgrades\" and ",
                "클러스터의 제어 영역이 1.24 이상으로 업그레이드된 후 "
                    + limit
                    + "까지 노드가 일시적으로 마이그레이션되지 않도록 하려면 클러스터를 출시 채널에"
                    + " 등록하고 \"마이너 또는 노드 업그레이드 없음\" 범위로 유지보수 제외를 구성한 다음 ")),
        code("--add-maintenance-exclusion-end"),
        text(
            p.t(
                    " set to 2024-02-29T00:00:00Z or earlier. Unblock the migration as soon as"
                        + " possible.",
                    " 플래그를 2024-02-29T00:00:00Z 또는 이전으로 설정합니다. 가능한 한 빨리"
                        + " 마이그레이션을 차단 해제하는 것이 좋습니다.")
                + noPatches));
  }

  List<Block> workloads() {
    return List.of(
        new Heading(p.t("Check your workloads", "마이그레이션의 영향")),
        Paragraph.of(
            text(
                p.t(
                    "On containerd nodes Docker no longer manages container lifecycles (starting,"
                        + " stopping): Docker commands and the Docker API cannot see or interact"
                        + " with GKE containers there. Most workloads do not depend on the"
                        + " container runtime. You may be affected if you:",
                    "containerd 노드 이미지로 마이그레이션하면 Docker가 더 이상 컨테이너 시작 및 중지"
                        + " 등의 수명 주기를 관리하지 않으므로 Docker 명령어 또는 Docker API를 사용해서"
                        + " containerd 노드에서 실행되는 GKE 컨테이너를 보고 상호작용할 수 없습니다."
                        + " 대부분의 사용자 워크로드에는 컨테이너 런타임에 대한 종속 항목이 없습니다."
                        + " 다음 상황에 해당하는 경우 영향을 받을 수 있습니다."))),
        BulletList.of(
            Item.of(
                text(
                    p.t(
                        "run privileged Pods that execute Docker commands;",
                        "Docker 명령어를 수행하는 권한이 있는 포드를 실행합니다."))),
            Item.of(
                text(
                    p.t(
                        "run scripts on nodes outside the Kubernetes infrastructure (for example"
                            + " over ssh, for troubleshooting);",
                        "Kubernetes 인프라 외부의 노드에서 스크립트를 실행합니다(문제 해결을 위한 ssh" + " 사용 등)."))),
            Item.of(
                text(
                    p.t(
                        "run third-party tools that perform similar privileged operations;",
                        "비슷하게 권한이 있는 작업을 수행하는 타사 도구를 실행합니다."))),
            Item.of(
                text(
                    p.t(
                        "have tools that react to Docker-specific logs in your monitoring system;",
                        "일부 도구가 모니터링 시스템에서 Docker 관련 로그에 반응합니다."))),
            Item.of(
                text(
                    p.t(
                        "deploy logging, monitoring, security or continuous integration tools from"
                            + " outside vendors to the cluster: ask the vendor whether they are"
                            + " affected.",
                        "외부 공급업체에서 제공되는 로깅, 모니터링, 보안, 지속적 통합 도구를 GKE"
                            + " 클러스터에 배포합니다. 영향을 확인하려면 해당 공급업체에 문의하세요.")))),
        Paragraph.of(
            text(
                p.t(
                    "Privileged Pods that reach the node's Docker Engine must stop depending on it"
                        + " directly, for example by moving log and monitoring extraction to GKE"
                        + " system add-ons.",
                    "권한이 있는 포드를 사용해서 노드에 있는 Docker Engine에 액세스하는 경우 Docker에"
                        + " 직접 의존하지 않도록 해당 워크로드를 업데이트해야 합니다. 예를 들어 로깅 및"
                        + " 모니터링 추출 프로세스를 GKE 시스템 부가기능으로 마이그레이션할 수"
                        + " 있습니다."))),
        Paragraph.of(text(p.t("You are not affected if you:", "다음 상황에서는 영향을 받지 않습니다."))),
        BulletList.of(
            Item.of(
                text(
                    p.t(
                        "build and push container images with Docker outside the GKE cluster;",
                        "GKE 클러스터 외부에서 Docker를 사용해서 컨테이너 이미지를 빌드 및 푸시하는 빌드" + " 파이프라인이 있습니다."))),
            Item.of(
                text(p.t("run ", "GKE 클러스터에서 ")),
                code("docker build"),
                text(p.t(" or ", " 및 ")),
                code("docker push"),
                text(
                    p.t(
                        " on GKE nodes: Linux node images with containerd include the Docker"
                            + " binary.",
                        " 명령어를 사용합니다. containerd를 사용하는 Linux 노드 이미지는 Docker" + " 바이너리를 포함합니다.")))),
        Paragraph.of(
            text(
                p.t(
                    "Building images on nodes is not recommended, though: Kubernetes does not"
                        + " account for the resources that local processes outside its scope use,"
                        + " so workloads may run short of resources or nodes may become unstable."
                        + " Prefer a service such as Cloud Build, or build images as Kubernetes"
                        + " workloads with a tool such as kaniko. Kubernetes on containerd does not"
                        + " see images built locally with Docker: push them to a registry first.",
                    "하지만 로컬 노드에서 이미지 빌드 명령어를 실행하는 것은 권장되지 않습니다."
                        + " Kubernetes는 Kubernetes 범위 외부의 로컬 프로세스에서 사용되는 시스템"
                        + " 리소스를 인식하지 않으므로 GKE 워크로드에 리소스가 부족해지거나 노드가"
                        + " 불안정해질 수 있습니다. Cloud Build와 같은 서비스를 사용하거나 kaniko와 같은"
                        + " 도구로 이미지를 Kubernetes 워크로드로 빌드하는 것이 좋습니다. containerd가"
                        + " 있는 Kubernetes에는 Docker를 사용하여 로컬로 빌드된 이미지가 인식되지"
                        + " 않으므로 먼저 레지스트리에 이미지를 푸시해야 합니다."))));
  }

  List<Block> debugging() {
    return List.of(
        new Heading(p.t("Debugging containerd nodes", "containerd 노드에서 컨테이너 디버깅")),
        BulletList.of(
            Item.of(
                text(p.t("Linux: ", "Linux: ")),
                code("crictl"),
                text(
                    p.t(
                        " lists containers and images, reads logs and runs commands in"
                            + " containers.",
                        "로 컨테이너 및 이미지 보기, 로그 읽기, 컨테이너에서 명령어 실행을 할 수" + " 있습니다."))),
            Item.of(
                text(p.t("Linux runtime logs: run ", "Linux 로그: ")),
                code("journalctl -u containerd"),
                text(p.t(".", " 실행"))),
            Item.of(
                text(
                    p.t(
                        "Windows Server: containerd runs as the Windows service ",
                        "Windows Server: containerd 데몬이 ")),
                code("containerd"),
                text(p.t("; logs are in ", "라는 이름의 Windows 서비스로 실행되며, 로그는 ")),
                code("C:\\etc\\kubernetes\\logs\\containerd.log"),
                text(p.t(".", "에 있습니다."))),
            Item.of(
                text(
                    p.t(
                        "Both: Logs Explorer shows the logs of Windows and Linux nodes under LOG"
                            + " NAME ",
                        "Windows 및 Linux 노드에 대한 로그는 로그 탐색기의 LOG NAME ")),
                code("container-runtime"),
                text(p.t(".", " 아래에서도 확인할 수 있습니다.")))));
  }

  Paragraph responsibility() {
    return Paragraph.of(
        text(
            p.t(
                "Under GKE's shared responsibility model, keeping workloads healthy is yours and"
                    + " keeping the cluster running on supported versions is Google's. Test your"
                    + " workloads and migrate the cluster before GKE does it automatically.",
                "GKE 공유 책임 모델에 따라 워크로드의 상태를 유지하는 것은 고객의 책임이고, 지원되는"
                    + " 버전의 실행을 포함하여 클러스터가 계속 작동하도록 보장하는 것은 Google의"
                    + " 책임입니다. GKE가 자동으로 수행하기 전에 워크로드를 테스트하고 클러스터를"
                    + " 마이그레이션하세요.")));
  }

  List<Block> guides() {
    return List.of(
        new Heading(p.t("Google's guides", "Google 가이드")),
        BulletList.of(
            Item.of(
                link(
                    DEPRECATION_GUIDE,
                    p.t("Docker node image deprecation", "Docker 노드 이미지 지원 중단 정보"))),
            Item.of(
                link(
                    MIGRATION_GUIDE,
                    p.t(
                        "Migrating from Docker to containerd node images",
                        "Docker에서 containerd 노드 이미지로 마이그레이션")))));
  }
}
