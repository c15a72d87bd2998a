package dev.upgradesentinel.guidance;

import static dev.upgradesentinel.guidance.Span.code;
import static dev.upgradesentinel.guidance.Span.text;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.NapPlan;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.guidance.Block.BulletList;
import dev.upgradesentinel.guidance.Block.CodeBlock;
import dev.upgradesentinel.guidance.Block.Heading;
import dev.upgradesentinel.guidance.Block.Item;
import dev.upgradesentinel.guidance.Block.Paragraph;
import dev.upgradesentinel.model.GkeEvent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guidance for Docker-based node images: why the cluster is at the 1.24 wall or nearing it, the
 * command that migrates each pool and node auto-provisioning, and the background of Google's
 * deprecation page ({@link Background}).
 */
final class DockerGuidance {
  private final Phrasing p;

  DockerGuidance(Phrasing p) {
    this.p = p;
  }

  String summary() {
    return p.t("Docker-based node images (1.24)", "Docker 기반 노드 이미지 (1.24)");
  }

  String shortName() {
    return p.t("Docker node images", "Docker 노드 이미지");
  }

  /**
   * The title's words when Docker's is the cluster's only blocker: the wording of the messages
   * posted before other blockers existed, which people search their channels for.
   */
  String titleAlone(Blocker.DockerImages docker) {
    return docker.verdict() == Verdict.BLOCKED
        ? p.t("GKE upgrade blocked by Docker node images", "Docker 노드 이미지로 인해 GKE 업그레이드 차단됨")
        : p.t("GKE upgrade at risk from Docker node images", "Docker 노드 이미지로 인해 GKE 업그레이드 차단 위험");
  }

  /** The first migration: the first pool's, or node auto-provisioning's without pools. */
  Optional<String> firstCommand(Blocker.DockerImages docker) {
    return docker.pools().isEmpty()
        ? docker.autoprovisioningPlan().map(NapPlan::command)
        : Optional.of(docker.pools().get(0).command());
  }

  /** The pools and NAP's default, each with its replacement, as a digest lists them. */
  List<String> inBrief(Blocker.DockerImages docker) {
    List<String> parts = new ArrayList<>();
    for (PoolPlan pool : docker.pools()) {
      parts.add(pool.name() + " " + pool.imageType() + " → " + pool.replacementImageType());
    }
    docker
        .autoprovisioningPlan()
        .ifPresent(
            nap ->
                parts.add(
                    p.t("auto-provisioning ", "노드 자동 프로비저닝 ")
                        + nap.imageType()
                        + " → "
                        + nap.replacementImageType()));
    return parts;
  }

  /** The full guidance under its own heading, as a message with other blockers gives it. */
  List<Block> blocks(Blocker.DockerImages docker, Assessment a, LocalDate today) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Heading(p.t("Docker-based node images", "Docker 기반 노드 이미지")));
    blocks.add(Paragraph.of(text(reason(docker, a))));
    blocks.addAll(guidance(docker, today));
    return blocks;
  }

  /**
   * The guidance without a heading or the reason, which a message about Docker alone has already
   * said: why, each pool, NAP, then what the migration changes and how to debug it.
   */
  List<Block> guidance(Blocker.DockerImages docker, LocalDate today) {
    Background background = new Background(p, today);
    List<Block> blocks = new ArrayList<>(background.why());
    if (!docker.pools().isEmpty()) {
      blocks.addAll(poolBlocks(docker.pools()));
    }
    docker
        .autoprovisioningPlan()
        .ifPresent(nap -> blocks.addAll(autoprovisioningBlocks(nap, background)));
    blocks.addAll(background.afterMigrating());
    blocks.addAll(background.automaticMigration());
    blocks.addAll(background.workloads());
    blocks.addAll(background.debugging());
    blocks.add(background.responsibility());
    blocks.addAll(background.guides());
    return blocks;
  }

  /** Why the images block the cluster's upgrade now or will, in one sentence. */
  String reason(Blocker.DockerImages docker, Assessment a) {
    String affected = affected(docker);
    String unsupported =
        p.t(
            " while Docker-based node images, which GKE 1.24 and later do not support, are still"
                + " used by "
                + affected
                + ".",
            "인데 " + affected + "에서 아직 GKE 버전 1.24 이상이 지원하지 않는 Docker 기반 노드 이미지를 사용합니다.");
    String wall = docker.wallVersion();
    return switch (docker.cause()) {
      case CONTROL_PLANE_AT_WALL ->
          p.t("The control plane runs " + wall + " (1.23 or later)", "제어 영역 버전이 1.23 이상인 " + wall)
              + unsupported;
      case EVENT_TARGETS_WALL ->
          p.t(
                  "The "
                      + eventName(a)
                      + " notification targets version "
                      + wall
                      + " (1.24 or later)",
                  eventName(a) + " 알림의 대상 버전이 1.24 이상인 " + wall)
              + unsupported;
      case BULLETIN_PATCHED_ONLY_PAST_WALL ->
          p.t(
                  "Security bulletin "
                      + bulletinId(a)
                      + " is patched only from version "
                      + wall
                      + " (1.24 or later) on",
                  "보안 게시판 " + bulletinId(a) + "의 패치가 포함된 가장 낮은 버전이 1.24 이상인 " + wall)
              + unsupported;
      case BELOW_WALL -> belowWall(affected, a.cluster().controlPlaneVersion());
      case AUTOPILOT, NO_DOCKER_IMAGES ->
          throw new IllegalArgumentException("no Docker blocker has cause " + docker.cause());
    };
  }

  private String belowWall(String affected, String controlPlaneVersion) {
    String controlPlane =
        controlPlaneVersion.isEmpty() ? p.t("unknown", "알 수 없음") : controlPlaneVersion;
    return p.t(
        "Docker-based node images, which GKE 1.24 and later do not support, are still used by "
            + affected
            + ": migrate them before the cluster (control plane "
            + controlPlane
            + ") moves to 1.24.",
        affected
            + "에서 GKE 버전 1.24 이상이 지원하지 않는 Docker 기반 노드 이미지를 사용하므로 클러스터(제어 영역 "
            + controlPlane
            + ")가 1.24로 업그레이드되기 전에 마이그레이션해야 합니다.");
  }

  private List<Block> poolBlocks(List<PoolPlan> pools) {
    List<Item> items = new ArrayList<>();
    for (PoolPlan pool : pools) {
      List<Span> spans = new ArrayList<>();
      spans.add(code(pool.name()));
      spans.add(text(": "));
      spans.add(code(pool.imageType()));
      spans.add(text(" → "));
      spans.add(code(pool.replacementImageType()));
      if (!pool.version().isEmpty()) {
        spans.add(text(p.t(" (node version ", " (노드 버전 ") + pool.version() + ")"));
      }
      spans.add(text("\n"));
      if (pool.needsNodeUpgradeFirst()) {
        spans.add(
            text(
                p.t(
                    "The nodes run a version below "
                        + pool.minimumVersion()
                        + ", the lowest that "
                        + pool.replacementImageType()
                        + " runs on: first upgrade the node version with ",
                    "노드 버전이 "
                        + pool.replacementImageType()
                        + "를 실행할 수 있는 최소 버전 "
                        + pool.minimumVersion()
                        + "보다 낮습니다. 먼저 다음 명령어로 노드 버전을 업그레이드하세요: ")));
        spans.add(code(pool.nodeUpgradeCommand()));
        spans.add(text(p.t("\nThen migrate the image type: ", "\n그런 다음 노드 이미지를 마이그레이션하세요: ")));
      }
      spans.add(code(pool.command()));
      String firstUpgrade = p.t(", upgrade nodes first", ", 노드 버전 먼저 업그레이드");
      String shortName =
          pool.name()
              + " → "
              + pool.replacementImageType()
              + (pool.needsNodeUpgradeFirst() ? firstUpgrade : "");
      items.add(new Item(spans, shortName));
    }
    return List.of(
        new Heading(
            p.t("Docker-based node pools (", "Docker 기반 노드 이미지를 사용하는 노드 풀 (")
                + pools.size()
                + p.t(")", "개)")),
        Paragraph.of(
            text(
                p.t(
                    "Migrate each node pool to the containerd image type shown, with the command"
                        + " below it:",
                    "각 노드 풀을 표시된 containerd 노드 이미지 유형으로 마이그레이션하세요. 명령어는 아래와" + " 같습니다."))),
        new BulletList(
            items,
            p.t(
                "%d more node pools, by name and containerd image type. Migrate each with the same"
                    + " command, changing --node-pool and --image-type:",
                "노드 풀 %d개 더 (이름과 containerd 노드 이미지 유형). 각 노드 풀에 대해 --node-pool과"
                    + " --image-type 값을 바꿔 같은 명령어를 실행하세요:")));
  }

  private List<Block> autoprovisioningBlocks(NapPlan nap, Background background) {
    return List.of(
        new Heading(p.t("Node auto-provisioning", "노드 자동 프로비저닝")),
        Paragraph.of(
            text(
                p.t(
                    "The default image type of node auto-provisioning is the Docker-based ",
                    "노드 자동 프로비저닝의 기본 노드 이미지 유형이 Docker 기반인 ")),
            code(nap.imageType()),
            text(p.t(". Change it to ", "입니다. 다음 명령어로 ")),
            code(nap.replacementImageType()),
            text(p.t(":", "(으)로 변경하세요."))),
        new CodeBlock(nap.command()),
        background.autoprovisioningDeadline());
  }

  /** The Docker-based parts of the cluster, as a noun phrase: "2 node pools and ...". */
  private String affected(Blocker.DockerImages docker) {
    int pools = docker.pools().size();
    String poolPhrase =
        pools == 0
            ? ""
            : p.t(pools + (pools == 1 ? " node pool" : " node pools"), "노드 풀 " + pools + "개");
    String napPhrase =
        docker.autoprovisioningPlan().isEmpty()
            ? ""
            : p.t("node auto-provisioning's default image type", "노드 자동 프로비저닝 기본 이미지 유형");
    if (poolPhrase.isEmpty() || napPhrase.isEmpty()) {
      return poolPhrase + napPhrase;
    }
    return poolPhrase + p.t(" and ", "와 ") + napPhrase;
  }

  private static String eventName(Assessment a) {
    return a.triggerEvent().map(GkeEvent::typeName).orElse("");
  }

  private static String bulletinId(Assessment a) {
    return a.trigger() instanceof GkeEvent.SecurityBulletin bulletin ? bulletin.bulletinId() : "";
  }
}
