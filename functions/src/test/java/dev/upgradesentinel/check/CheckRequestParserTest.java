package dev.upgradesentinel.check;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CheckRequestParserTest {
  private final CheckRequestParser parser = new CheckRequestParser();

  private String refusal(Map<String, List<String>> query) {
    return assertThrows(BadRequestException.class, () -> parser.fromQuery(query)).getMessage();
  }

  private String refusal(String body) {
    return assertThrows(BadRequestException.class, () -> parser.fromJson(body)).getMessage();
  }

  @Test
  void fromQuery_oneCluster_readsEveryParameter() {
    CheckRequest request =
        parser.fromQuery(
            Map.of(
                "project",
                List.of("shop-prod"),
                "location",
                List.of("us-central1"),
                "cluster",
                List.of("checkout"),
                "notify",
                List.of("true")));

    assertThat(request)
        .isEqualTo(new CheckRequest(List.of("shop-prod"), "us-central1", "checkout", true));
  }

  @Test
  void fromQuery_commaSeparatedAndRepeatedProjects_keepsOrderWithoutDuplicates() {
    CheckRequest request =
        parser.fromQuery(Map.of("project", List.of("alpha-prod,123456789012", "alpha-prod")));

    assertThat(request.projects()).containsExactly("alpha-prod", "123456789012").inOrder();
    assertThat(request.location()).isEqualTo("-");
    assertThat(request.notifySinks()).isFalse();
  }

  @Test
  void fromQuery_unknownParameters_namesThem() {
    assertThat(
            refusal(
                Map.of(
                    "project",
                    List.of("shop-prod"),
                    "zone",
                    List.of("x"),
                    "verbose",
                    List.of("1"))))
        .startsWith("unknown parameters: verbose, zone");
  }

  @Test
  void fromQuery_noProject_saysItIsRequired() {
    assertThat(refusal(Map.of())).contains("project is required");
  }

  @Test
  void fromQuery_malformedValues_areRefusedWithTheValue() {
    assertThat(refusal(Map.of("project", List.of("Shop_Prod")))).contains("'Shop_Prod'");
    assertThat(refusal(Map.of("project", List.of("abc")))).contains("not a project id");
    assertThat(refusal(Map.of("project", List.of("shop-prod-")))).contains("not a project id");
    assertThat(refusal(Map.of("project", List.of("shop-prod"), "location", List.of("mars"))))
        .contains("not a location");
    assertThat(
            refusal(
                Map.of(
                    "project",
                    List.of("shop-prod"),
                    "location",
                    List.of("us-central1"),
                    "cluster",
                    List.of("Bad!"))))
        .contains("not a cluster name");
    assertThat(refusal(Map.of("project", List.of("shop-prod"), "notify", List.of("maybe"))))
        .contains("notify must be true or false");
  }

  @Test
  void fromQuery_clusterWithoutLocation_isRefused() {
    assertThat(refusal(Map.of("project", List.of("shop-prod"), "cluster", List.of("checkout"))))
        .contains("needs its location");
  }

  @Test
  void fromQuery_controlCharacters_areNotEchoed() {
    assertThat(refusal(Map.of("project", List.of("bad\nline")))).doesNotContain("\n");
  }

  @Test
  void fromJson_projectsList_isRead() {
    CheckRequest request =
        parser.fromJson(
            "{\"projects\":[\"alpha-prod\",\"bravo-prod\"],\"location\":\"-\",\"notify\":false}");

    assertThat(request)
        .isEqualTo(new CheckRequest(List.of("alpha-prod", "bravo-prod"), "-", "", false));
  }

  @Test
  void fromJson_badShapes_areRefused() {
    assertThat(refusal("not json")).contains("not valid JSON");
    assertThat(refusal("[1]")).contains("JSON object");
    assertThat(refusal("{\"projects\":\"alpha-prod\"}")).contains("projects must be a list");
    assertThat(refusal("{\"projects\":[1]}")).contains("list of strings");
    assertThat(refusal("{\"projects\":[\"alpha-prod\"],\"notify\":\"yes\"}"))
        .contains("notify must be true or false");
    assertThat(refusal("{\"projects\":[\"alpha-prod\"],\"dryRun\":true}"))
        .contains("unknown fields: dryRun");
  }

  @Test
  void fromJson_tooManyProjects_isRefusedWithTheLimit() {
    String projects =
        IntStream.range(0, CheckRequestParser.MAX_PROJECTS + 1)
            .mapToObj(i -> "\"project-" + i + "\"")
            .collect(Collectors.joining(","));

    assertThat(refusal("{\"projects\":[" + projects + "]}")).contains("at most 1000");
  }

  @Test
  void fromJson_clusterWithSeveralProjects_isRefused() {
    assertThat(
            refusal(
                "{\"projects\":[\"alpha-prod\",\"bravo-prod\"],\"location\":\"us-central1\",\"cluster\":\"c1\"}"))
        .contains("exactly one project");
  }
}
