package dev.upgradesentinel.command;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest {

  @Test
  void parse_slackBody_decodesPlusPercentAndUtf8() {
    Map<String, String> form =
        FormBody.parse(
            "command=%2Fgke-check&text=cluster+platform-prod+us-central1+payments&user_name=%EA%B9%80%EC%B2%A0%EC%88%98"
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F2%2Fabc");

    assertThat(form).containsEntry("command", "/gke-check");
    assertThat(form).containsEntry("text", "cluster platform-prod us-central1 payments");
    assertThat(form).containsEntry("user_name", "김철수");
    assertThat(form).containsEntry("response_url", "https://hooks.slack.com/commands/T1/2/abc");
  }

  @Test
  void parse_repeatedEmptyAndValuelessFields_areHandled() {
    Map<String, String> form = FormBody.parse("text=a&&text=b&flag&empty=");

    assertThat(form).containsEntry("text", "a");
    assertThat(form).containsEntry("flag", "");
    assertThat(form).containsEntry("empty", "");
  }

  @Test
  void parse_brokenPercentEscape_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> FormBody.parse("text=%E"));
  }
}
