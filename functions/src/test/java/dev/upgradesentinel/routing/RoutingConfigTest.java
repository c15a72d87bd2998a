package dev.upgradesentinel.routing;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingConfigTest {
  /** Three teams, as the README shows them. */
  static final String THREE_TEAMS =
      """
      {
        "sinks": {
          "slack-payments": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"},
          "jira-ops": {"type": "jira", "baseUrl": "https://acme.atlassian.net", "emailEnv": "JIRA_EMAIL",
                       "tokenEnv": "JIRA_API_TOKEN", "project": "OPS"},
          "pd-search": {"type": "pagerduty", "routingKeyEnv": "PD_ROUTING_KEY_SEARCH"},
          "chat-korea": {"type": "google-chat", "urlEnv": "CHAT_WEBHOOK_KOREA"},
          "slack-platform": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PLATFORM"}
        },
        "routes": [
          {"match": {"labels": {"team": "payments"}}, "sinks": ["slack-payments", "jira-ops"], "continue": true},
          {"match": {"projects": ["search-*"], "verdicts": ["BLOCKED"]}, "sinks": ["pd-search"]},
          {"match": {"locations": ["asia-northeast3*"]}, "sinks": ["chat-korea"], "language": "ko"}
        ],
        "default": {"sinks": ["slack-platform"]}
      }
      """;

  static final Map<String, String> ENV =
      Map.of(
          "SLACK_WEBHOOK_PAYMENTS", "https://hooks.slack.com/services/T/B/pay",
          "SLACK_WEBHOOK_PLATFORM", "https://hooks.slack.com/services/T/B/plat",
          "JIRA_EMAIL", "bot@acme.example",
          "JIRA_API_TOKEN", "jira-token",
          "PD_ROUTING_KEY_SEARCH", "pdkey",
          "CHAT_WEBHOOK_KOREA", "https://chat.googleapis.com/v1/spaces/S/messages?key=k&token=t");

  static RoutingTable table(String json) {
    return RoutingTable.of(
        RoutingConfig.parse(json),
        name -> Optional.ofNullable(ENV.get(name)),
        HttpClient.newHttpClient(),
        false,
        Language.EN);
  }

  static ClusterInfo cluster(String project, String location, Map<String, String> labels) {
    return new ClusterInfo(
        new ClusterRef(project, location, "c1"),
        false,
        "1.23.17",
        "",
        List.of(),
        false,
        "",
        labels);
  }

  static List<String> names(List<Recipient> recipients) {
    return recipients.stream().map(r -> r.sink().name() + ":" + r.language().code()).toList();
  }

  @Test
  void recipients_labelMatchWithContinue_addsLaterMatchingRoutes() {
    RoutingTable table = table(THREE_TEAMS);

    assertThat(
            names(
                table.recipients(
                    cluster("search-prod", "us-central1", Map.of("team", "payments")),
                    Verdict.BLOCKED)))
        .containsExactly("slack-payments:en", "jira-ops:en", "pd-search:en")
        .inOrder();
  }

  @Test
  void recipients_projectGlobAndVerdict_firstMatchWins() {
    RoutingTable table = table(THREE_TEAMS);

    assertThat(
            names(
                table.recipients(
                    cluster("search-prod", "asia-northeast3", Map.of()), Verdict.BLOCKED)))
        .containsExactly("pd-search:en");
    assertThat(
            names(
                table.recipients(
                    cluster("search-prod", "asia-northeast3-a", Map.of()), Verdict.AT_RISK)))
        .containsExactly("chat-korea:ko");
  }

  @Test
  void recipients_noRouteMatches_defaultRoute() {
    RoutingTable table = table(THREE_TEAMS);

    assertThat(
            names(
                table.recipients(
                    cluster("shop-prod", "europe-west1", Map.of("team", "checkout")),
                    Verdict.BLOCKED)))
        .containsExactly("slack-platform:en");
    assertThat(
            names(
                table.recipients(
                    cluster("payments-prod", "europe-west1", Map.of()), Verdict.BLOCKED)))
        .containsExactly("slack-platform:en");
  }

  @Test
  void recipients_labelsAllMustMatch() {
    RoutingTable table =
        table(
            """
            {"sinks": {"a": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"},
                       "b": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PLATFORM"}},
             "routes": [{"match": {"labels": {"team": "payments", "env": "prod*"}}, "sinks": ["a"]}],
             "default": {"sinks": ["b"]}}
            """);

    assertThat(
            names(
                table.recipients(
                    cluster("p", "l", Map.of("team", "payments", "env", "production")),
                    Verdict.BLOCKED)))
        .containsExactly("a:en");
    assertThat(
            names(table.recipients(cluster("p", "l", Map.of("team", "payments")), Verdict.BLOCKED)))
        .containsExactly("b:en");
  }

  @Test
  void parse_unknownSinkInRoute_namesLineAndPath() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () ->
                RoutingConfig.parse(
                    """
                    {
                      "sinks": {"jira-ops": {"type": "jira", "baseUrl": "https://acme.atlassian.net",
                        "emailEnv": "JIRA_EMAIL", "tokenEnv": "JIRA_API_TOKEN", "project": "OPS"}},
                      "routes": [
                        {"sinks": ["jira-ops"]},
                        {"sinks": ["jira-ops",
                                   "jira-opz"]}
                      ],
                      "default": {"sinks": []}
                    }
                    """));

    assertThat(e.problems())
        .containsExactly("line 7, routes[1].sinks[1]: unknown sink 'jira-opz' (defined: jira-ops)");
  }

  /**
   * Problems on known lines: a value on the line after its name, object and array elements each on
   * a line of their own, a blank line, a key given twice. The parser takes these lines from Gson's
   * {@code JsonReader.toString()}, which no API promises; if Gson words it differently, the line
   * numbers vanish from the problems and this test fails.
   */
  static final String PROBLEMS_ON_KNOWN_LINES =
      """
      {
        "sinks": {
          "ok": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"},
          "typo": {
            "type":
              "slak-webhook",
            "urlEnv": "X"
          },
          "pd": {"type": "pagerduty",
                 "routingKey": "R0123"}
        },

        "routes": [
          {"match": {"labels": {"team": "payments"},
                     "verdicts": ["BLOCKED",
                                  "BLOKED"]},
           "sinks": ["ok"]},
          {
            "sinks": [
              "ok",
              "nope"
            ],
            "language": "fr"
          }
        ],
        "default": {"sinks": ["ok"], "sinks": ["ok"]}
      }
      """;

  @Test
  void parse_problemsOnKnownLines_eachNamesTheLineOfItsValue() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class, () -> RoutingConfig.parse(PROBLEMS_ON_KNOWN_LINES));

    // Where each problem is, as "line N, path"; what it says is tested elsewhere.
    assertThat(e.problems().stream().map(p -> p.substring(0, p.indexOf(": "))).toList())
        .containsExactly(
            "line 26, default.sinks",
            "line 6, sinks.typo.type",
            "line 10, sinks.pd.routingKey",
            "line 9, sinks.pd",
            "line 16, routes[0].match.verdicts[1]",
            "line 21, routes[1].sinks[1]",
            "line 23, routes[1].language")
        .inOrder();
  }

  @Test
  void parse_windowsLineEnds_sameLines() {
    RoutingConfigException unix =
        assertThrows(
            RoutingConfigException.class, () -> RoutingConfig.parse(PROBLEMS_ON_KNOWN_LINES));
    RoutingConfigException windows =
        assertThrows(
            RoutingConfigException.class,
            () -> RoutingConfig.parse(PROBLEMS_ON_KNOWN_LINES.replace("\n", "\r\n")));

    assertThat(windows.problems()).isEqualTo(unix.problems());
  }

  @Test
  void parse_inlineSecret_refusedWithWhereToPutIt() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () ->
                RoutingConfig.parse(
                    """
                    {"sinks": {"pd": {"type": "pagerduty", "routingKey": "R0123"},
                               "hook": {"type": "webhook", "urlEnv": "HOOK_URL", "secretEnv": "HOOK_SECRET",
                                        "password": "hunter2"}},
                     "default": {"sinks": ["pd"]}}
                    """));

    assertThat(e.problems()).hasSize(3);
    assertThat(e.problems().get(0))
        .startsWith("line 1, sinks.pd.routingKey: secrets are never written in the routing config");
    assertThat(e.problems().get(0)).contains("routingKeyEnv");
    assertThat(e.problems().get(1)).startsWith("line 1, sinks.pd: 'routingKeyEnv' is missing");
    assertThat(e.problems().get(2))
        .startsWith("line 3, sinks.hook.password: secrets are never written");
    assertThat(e.getMessage()).doesNotContain("R0123");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void parse_manyMistakes_reportsEachWithItsPath() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () ->
                RoutingConfig.parse(
                    """
                    {"sinks": {"s": {"type": "slak-webhook", "urlEnv": "X"},
                               "t": {"type": "teams", "urlEnv": "https://outlook.office.com/x"}},
                     "routes": [{"match": {"verdicts": ["BLOKED"], "projects": [], "team": "x"},
                                 "sinks": ["t"], "language": "fr", "continue": "yes"}]}
                    """));

    assertThat(e.problems())
        .containsExactly(
            "line 1, sinks.s.type: unknown sink type 'slak-webhook' (one of slack-webhook,"
                + " slack-api, google-chat, teams, pagerduty, webhook, jira, github)",
            "line 2, sinks.t.urlEnv: 'urlEnv' names an environment variable (such as"
                + " JIRA_API_TOKEN), not a value; write the value in that variable",
            "line 3, routes[0].match.team: unknown field 'team' (expected: kinds, labels,"
                + " locations, projects, verdicts)",
            "line 3, routes[0].match.projects: an empty list matches nothing; leave the field out"
                + " to match anything",
            "line 3, routes[0].match.verdicts[0]: unknown verdict 'BLOKED' (BLOCKED, AT_RISK, CLEAR"
                + " or NOT_APPLICABLE)",
            "line 4, routes[0].language: unknown language 'fr' (en or ko)",
            "line 4, routes[0].continue: 'continue' must be true or false",
            "line 1, top level: 'default' is missing: it names the sinks for findings no route"
                + " matches (write {\"sinks\": []} to drop them)");
  }

  @Test
  void parse_syntaxError_namesLineAndColumn() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () -> RoutingConfig.parse("{\n  \"sinks\": {},\n  \"routes\": [,]\n}"));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("syntax error: ");
    assertThat(e.problems().get(0)).contains("line 3");
  }

  @Test
  void of_variableNotSet_configErrorNamesVariableAndPath() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                RoutingTable.of(
                    RoutingConfig.parse(THREE_TEAMS),
                    name -> Optional.empty(),
                    HttpClient.newHttpClient(),
                    false,
                    Language.EN));

    assertThat(e)
        .hasMessageThat()
        .contains("JIRA_EMAIL is not set; the routing config's sinks.jira-ops.emailEnv names it");
    assertThat(e).hasMessageThat().contains("SLACK_WEBHOOK_PAYMENTS is not set");
  }

  @Test
  void main_validAndInvalidFiles_exitStatusAndMessages(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("routing.json"), THREE_TEAMS);
    Path bad =
        Files.writeString(
            dir.resolve("bad.json"), "{\"sinks\": {}, \"default\": {\"sinks\": [\"x\"]}}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(RoutingCheck.run(new String[] {good.toString()}, outStream, errStream)).isEqualTo(0);
    assertThat(RoutingCheck.run(new String[] {bad.toString()}, outStream, errStream)).isEqualTo(1);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("OK, 5 sinks, 3 routes and a default route");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(bad + ": line 1, default.sinks[0]: unknown sink 'x' (defined: none)");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(bad + ": line 1, sinks: define at least one sink");
  }
}
