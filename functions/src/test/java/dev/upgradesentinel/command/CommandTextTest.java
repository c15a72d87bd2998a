package dev.upgradesentinel.command;

import static com.google.common.truth.Truth.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTextTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "help", "HELP"})
  void parse_emptyOrHelp_isHelp(String text) {
    assertThat(CommandText.parse(text)).isInstanceOf(CommandText.Help.class);
  }

  @Test
  void parse_oneProject_checksTheProject() {
    assertThat(CommandText.parse(" platform-prod "))
        .isEqualTo(new CommandText.Check(List.of("platform-prod"), "-", ""));
  }

  @Test
  void parse_projectVerbWithSeveral_checksEach() {
    assertThat(CommandText.parse("project platform-prod 123456789012  platform-staging"))
        .isEqualTo(
            new CommandText.Check(
                List.of("platform-prod", "123456789012", "platform-staging"), "-", ""));
  }

  @Test
  void parse_clusterForms_checkOneCluster() {
    CommandText.Check expected =
        new CommandText.Check(List.of("platform-prod"), "us-central1", "payments-prod");

    assertThat(CommandText.parse("cluster platform-prod us-central1 payments-prod"))
        .isEqualTo(expected);
    assertThat(CommandText.parse("cluster platform-prod/us-central1/payments-prod"))
        .isEqualTo(expected);
    assertThat(CommandText.parse("platform-prod us-central1 payments-prod")).isEqualTo(expected);
    assertThat(CommandText.parse("platform-prod/us-central1/payments-prod")).isEqualTo(expected);
  }

  @Test
  void parse_badProject_isInvalidAndNamesIt() {
    CommandText parsed = CommandText.parse("project Bad_Project");

    assertThat(((CommandText.Invalid) parsed).reason())
        .contains("'Bad?Project' is not a project id");
  }

  @Test
  void parse_markupInArguments_isNotEchoedAsMarkup() {
    CommandText parsed = CommandText.parse("<!channel>");

    assertThat(((CommandText.Invalid) parsed).reason()).doesNotContain("<!channel>");
  }

  @Test
  void parse_badLocationOrName_isInvalid() {
    assertThat(
            ((CommandText.Invalid) CommandText.parse("cluster platform-prod moon payments"))
                .reason())
        .contains("not a location");
    assertThat(
            ((CommandText.Invalid) CommandText.parse("cluster platform-prod us-central1 Pay;ments"))
                .reason())
        .contains("not a cluster name");
    assertThat(
            ((CommandText.Invalid) CommandText.parse("cluster platform-prod us-central1")).reason())
        .contains("PROJECT LOCATION NAME");
  }

  @Test
  void parse_tooManyProjects_isInvalid() {
    String many =
        "project "
            + String.join(" ", Collections.nCopies(CommandText.MAX_PROJECTS + 1, "platform-prod"));

    assertThat(CommandText.parse(many)).isInstanceOf(CommandText.Invalid.class);
  }

  @Test
  void parse_projectVerbAlone_isInvalid() {
    assertThat(CommandText.parse("project")).isInstanceOf(CommandText.Invalid.class);
  }

  @Test
  void organizationOrFolder_isAScopeForTheInventory() {
    assertThat(CommandText.parse("organizations/123456789012"))
        .isEqualTo(new CommandText.Check(List.of(), "-", "", "organizations/123456789012"));
    assertThat(CommandText.parse(" folders/445566 "))
        .isEqualTo(new CommandText.Check(List.of(), "-", "", "folders/445566"));
    assertThat(CommandText.parse("organization/12")).isInstanceOf(CommandText.Invalid.class);
  }
}
