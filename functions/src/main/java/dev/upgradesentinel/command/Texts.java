package dev.upgradesentinel.command;

import dev.upgradesentinel.base.Language;

/** The slash command's own short answers, in English and Korean. */
final class Texts {
  private Texts() {}

  static String usage(Language language) {
    return language == Language.KO
        ? "사용법: `/gke-check PROJECT [PROJECT ...]` 프로젝트의 모든 클러스터 확인, `/gke-check cluster PROJECT"
            + " LOCATION NAME` 클러스터 하나 확인, `/gke-check organizations/N` 또는 `folders/N` Cloud"
            + " Asset Inventory로 조직 또는 폴더의 모든 클러스터 확인, `/gke-check help` 이 도움말. Docker 기반 노드 이미지가"
            + " GKE 1.24 업그레이드를 차단하는지 확인하고 결과를 이 채널에 답합니다."
        : "Usage: `/gke-check PROJECT [PROJECT ...]` checks every cluster of the projects,"
            + " `/gke-check cluster PROJECT LOCATION NAME` checks one cluster, `/gke-check"
            + " organizations/N` or `folders/N` checks every cluster of an organization or folder"
            + " through Cloud Asset Inventory, `/gke-check help` shows this. It finds"
            + " Docker-based node images that block upgrades to GKE 1.24 and answers here.";
  }

  static String invalid(Language language, String reason) {
    return (language == Language.KO ? "명령을 이해할 수 없습니다: " : "Cannot read that command: ") + reason;
  }

  static String accepted(Language language, CommandText.Check check, String scanId) {
    String scope =
        check.cluster().isEmpty()
            ? String.join(", ", check.projects())
            : check.projects().get(0) + "/" + check.location() + "/" + check.cluster();
    return language == Language.KO
        ? "확인 중입니다: " + scope + ". 결과는 곧 여기에 답합니다 (scan " + scanId + ")."
        : "Checking " + scope + ". The result will be posted here shortly (scan " + scanId + ").";
  }

  static String tryAgain(Language language) {
    return language == Language.KO
        ? "지금은 확인을 시작할 수 없습니다. 잠시 후 다시 시도하세요."
        : "The check could not be started right now. Please try again in a minute.";
  }
}
