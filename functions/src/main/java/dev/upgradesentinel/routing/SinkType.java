package dev.upgradesentinel.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kinds of sink the routing config can define, with the fields each takes. A field ending in
 * {@code Env} names the environment variable that holds a secret; the secret itself is never
 * written in the config, which is deployed with the source.
 */
enum SinkType {
  SLACK_WEBHOOK("slack-webhook", List.of("urlEnv"), List.of()),
  SLACK_API("slack-api", List.of("tokenEnv", "channel"), List.of("baseUrl")),
  GOOGLE_CHAT("google-chat", List.of("urlEnv"), List.of()),
  TEAMS("teams", List.of("urlEnv"), List.of()),
  PAGERDUTY("pagerduty", List.of("routingKeyEnv"), List.of("baseUrl")),
  WEBHOOK("webhook", List.of("urlEnv", "secretEnv"), List.of()),
  JIRA(
      "jira",
      List.of("baseUrl", "emailEnv", "tokenEnv", "project"),
      List.of("issueType", "doneTransition")),
  GITHUB("github", List.of("tokenEnv", "owner", "repo"), List.of("baseUrl", "labels"));

  /** The one field that is a list of strings rather than a string. */
  static final String LIST_FIELD = "labels";

  private final String code;
  private final List<String> required;
  private final List<String> optional;

  SinkType(String code, List<String> required, List<String> optional) {
    this.code = code;
    this.required = required;
    this.optional = optional;
  }

  String code() {
    return code;
  }

  List<String> required() {
    return required;
  }

  /** Every field the type takes besides {@code type}, required first. */
  List<String> fields() {
    return Stream.concat(required.stream(), optional.stream()).toList();
  }

  static Optional<SinkType> fromCode(String code) {
    return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
  }

  static List<String> codes() {
    return Arrays.stream(values()).map(SinkType::code).toList();
  }
}
