package dev.upgradesentinel.routing;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.upgradesentinel.routing.RoutingConfigTest.cluster;
import static dev.upgradesentinel.routing.RoutingConfigTest.names;
import static dev.upgradesentinel.routing.RoutingConfigTest.table;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.testing.LogCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Routes that match the kind of message: {@code match.kinds} and routes that drop what they match.
 */
class RoutingKindsTest {
  /** Failures page on-call, milestones go nowhere, payments get the rest of theirs. */
  static final String BY_KIND =
      """
      {
        "sinks": {
          "pd": {"type": "pagerduty", "routingKeyEnv": "PD_ROUTING_KEY_SEARCH"},
          "payments": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"},
          "platform": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PLATFORM"}
        },
        "routes": [
          {"match": {"kinds": ["UPGRADE_FAILED"]}, "sinks": ["pd"], "continue": true},
          {"match": {"kinds": ["COS_MILESTONE"]}, "sinks": []},
          {"match": {"labels": {"team": "payments"}}, "sinks": ["payments"]}
        ],
        "default": {"sinks": ["platform"]}
      }
      """;

  private static final ClusterInfo PAYMENTS =
      cluster("pay-prod", "us-central1", Map.of("team", "payments"));
  private static final ClusterInfo OTHER = cluster("shop-prod", "europe-west1", Map.of());

  @Test
  void parse_kinds_readIntoTheMatchInAnyCase() {
    RoutingConfig config =
        RoutingConfig.parse(
            """
            {"sinks": {"a": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"}},
             "routes": [{"match": {"kinds": ["UPGRADE_FAILED", "drain"]}, "sinks": ["a"]},
                        {"match": {"verdicts": ["BLOCKED"]}, "sinks": ["a"]}],
             "default": {"sinks": ["a"]}}
            """);

    assertThat(config.routes().get(0).match().kinds())
        .containsExactly(Subject.UPGRADE_FAILED, Subject.DRAIN);
    assertThat(config.routes().get(1).match().kinds()).isEmpty();
    assertThat(Match.ANY.kinds()).isEmpty();
  }

  @Test
  void parse_unknownKind_namesLineAndPathAndListsTheKinds() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () ->
                RoutingConfig.parse(
                    """
                    {
                      "sinks": {"a": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"}},
                      "routes": [
                        {"match": {"kinds": ["UPGRADE_FAILED",
                                            "UPGRADE_FAILURE"]},
                         "sinks": ["a"]}
                      ],
                      "default": {"sinks": []}
                    }
                    """));

    assertThat(e.problems())
        .containsExactly(
            "line 5, routes[0].match.kinds[1]: unknown kind 'UPGRADE_FAILURE' (FINDING, DRAIN,"
                + " SECURITY_BULLETIN, UPGRADE_SCHEDULED, UPGRADE_PROGRESS, UPGRADE_FAILED,"
                + " COS_MILESTONE or ROLLBACK_WINDOW)");
  }

  @Test
  void parse_kindsEmptyOrNotAListOfNames_refusedWithPath() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () ->
                RoutingConfig.parse(
                    """
                    {"sinks": {"a": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"}},
                     "routes": [{"match": {"kinds": []}, "sinks": ["a"]},
                                {"match": {"kinds": "DRAIN"}, "sinks": ["a"]},
                                {"match": {"kinds": ["DRAIN", 3]}, "sinks": ["a"]}],
                     "default": {"sinks": ["a"]}}
                    """));

    assertThat(e.problems())
        .containsExactly(
            "line 2, routes[0].match.kinds: an empty list matches nothing; leave the field out"
                + " to match anything",
            "line 3, routes[1].match.kinds: must be a JSON list",
            "line 4, routes[2].match.kinds[1]: must be a non-empty string")
        .inOrder();
  }

  @Test
  void parse_routeWithEmptySinks_accepted() {
    RoutingConfig config = RoutingConfig.parse(BY_KIND);

    assertThat(config.routes()).hasSize(3);
    assertThat(config.routes().get(1).sinks()).isEmpty();
    assertThat(config.routes().get(1).match().kinds()).containsExactly(Subject.COS_MILESTONE);
  }

  @Test
  void parse_routeWithoutSinks_stillRefused() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () ->
                RoutingConfig.parse(
                    """
                    {"sinks": {"a": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"}},
                     "routes": [{"match": {"kinds": ["COS_MILESTONE"]}}],
                     "default": {"sinks": ["a"]}}
                    """));

    assertThat(e.problems())
        .containsExactly(
            "line 2, routes[0]: 'sinks' is missing: list the names of the sinks this route sends"
                + " to ([] drops what it matches)");
  }

  @Test
  void recipients_kindsOnlyRoute_winsForItsKindAndIsSkippedForOthers() {
    RoutingTable table = table(BY_KIND);

    // The failure route continues, so payments hear of their failure too.
    assertThat(names(table.recipients(PAYMENTS, Verdict.BLOCKED, Subject.UPGRADE_FAILED)))
        .containsExactly("pd:en", "payments:en")
        .inOrder();
    assertThat(names(table.recipients(OTHER, Verdict.BLOCKED, Subject.UPGRADE_FAILED)))
        .containsExactly("pd:en");
    // Any other kind skips the failure route.
    assertThat(names(table.recipients(PAYMENTS, Verdict.BLOCKED, Subject.DRAIN)))
        .containsExactly("payments:en");
    assertThat(names(table.recipients(OTHER, Verdict.BLOCKED, Subject.DRAIN)))
        .containsExactly("platform:en");
    assertThat(names(table.recipients(OTHER, Verdict.BLOCKED, Subject.FINDING)))
        .containsExactly("platform:en");
  }

  @Test
  void recipients_kindsOnlyRouteWithoutContinue_firstMatchWins() {
    RoutingTable table =
        table(
            """
            {"sinks": {"a": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"},
                       "b": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PLATFORM"}},
             "routes": [{"match": {"kinds": ["DRAIN", "SECURITY_BULLETIN"]}, "sinks": ["a"]},
                        {"match": {"labels": {"team": "payments"}}, "sinks": ["b"]}],
             "default": {"sinks": []}}
            """);

    assertThat(names(table.recipients(PAYMENTS, Verdict.BLOCKED, Subject.DRAIN)))
        .containsExactly("a:en");
    assertThat(names(table.recipients(PAYMENTS, Verdict.AT_RISK, Subject.SECURITY_BULLETIN)))
        .containsExactly("a:en");
    assertThat(names(table.recipients(PAYMENTS, Verdict.AT_RISK, Subject.UPGRADE_SCHEDULED)))
        .containsExactly("b:en");
  }

  @Test
  void recipients_routeWithoutKinds_matchesEveryKind() {
    RoutingTable table = table(RoutingConfigTest.THREE_TEAMS);
    ClusterInfo search = cluster("search-prod", "us-central1", Map.of());

    for (Subject kind : Subject.values()) {
      assertWithMessage("kind %s", kind)
          .that(names(table.recipients(search, Verdict.BLOCKED, kind)))
          .containsExactly("pd-search:en");
      assertWithMessage("kind %s", kind)
          .that(names(table.recipients(search, Verdict.AT_RISK, kind)))
          .containsExactly("slack-platform:en");
    }
  }

  @Test
  void recipients_matchingRouteWithEmptySinks_dropsWithoutLaterRoutesOrTheDefault() {
    RoutingTable table =
        table(
            """
            {"sinks": {"a": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"},
                       "b": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PLATFORM"}},
             "routes": [{"match": {"kinds": ["COS_MILESTONE"]}, "sinks": []},
                        {"match": {"verdicts": ["CLEAR"]}, "sinks": ["a"]}],
             "default": {"sinks": ["b"]}}
            """);

    // A later route that matches the verdict, and the default, are not tried.
    assertThat(table.recipients(OTHER, Verdict.CLEAR, Subject.COS_MILESTONE)).isEmpty();
    assertThat(table.recipients(OTHER, Verdict.BLOCKED, Subject.COS_MILESTONE)).isEmpty();
    // Other kinds are routed as before.
    assertThat(names(table.recipients(OTHER, Verdict.CLEAR, Subject.FINDING)))
        .containsExactly("a:en");
    assertThat(names(table.recipients(OTHER, Verdict.BLOCKED, Subject.UPGRADE_PROGRESS)))
        .containsExactly("b:en");
  }

  @Test
  void recipientsOfTwoArguments_andQuietly_routeAFinding() {
    RoutingTable table =
        table(
            """
            {"sinks": {"a": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PAYMENTS"},
                       "b": {"type": "slack-webhook", "urlEnv": "SLACK_WEBHOOK_PLATFORM"},
                       "c": {"type": "pagerduty", "routingKeyEnv": "PD_ROUTING_KEY_SEARCH"}},
             "routes": [{"match": {"kinds": ["DRAIN"]}, "sinks": ["b"]},
                        {"match": {"kinds": ["FINDING"]}, "sinks": ["a"]}],
             "default": {"sinks": ["c"]}}
            """);

    assertThat(names(table.recipients(OTHER, Verdict.BLOCKED))).containsExactly("a:en");
    assertThat(names(table.recipientsQuietly(OTHER, Verdict.BLOCKED))).containsExactly("a:en");
    assertThat(names(table.recipients(OTHER, Verdict.BLOCKED, Subject.DRAIN)))
        .containsExactly("b:en");
    assertThat(names(table.recipients(OTHER, Verdict.BLOCKED, Subject.UPGRADE_FAILED)))
        .containsExactly("c:en");
  }

  @Test
  void recipients_logLineNamesTheKind() {
    RoutingTable table = table(BY_KIND);

    try (LogCapture logs = new LogCapture()) {
      table.recipients(OTHER, Verdict.CLEAR, Subject.COS_MILESTONE);
      table.recipientsQuietly(PAYMENTS, Verdict.AT_RISK);

      assertThat(logs.text())
          .contains(
              "Routed: "
                  + OTHER.ref()
                  + " verdict=CLEAR kind=COS_MILESTONE routes=routes[1] sinks=");
      assertThat(logs.text()).doesNotContain("kind=FINDING");
    }
  }

  @Test
  void router_threeArgumentDefault_routesByTheTwoArgumentMethod() {
    List<Recipient> blocked = table(BY_KIND).recipients(OTHER, Verdict.BLOCKED);
    Router router = (cluster, verdict) -> verdict == Verdict.BLOCKED ? blocked : List.of();

    assertThat(router.recipients(OTHER, Verdict.BLOCKED, Subject.COS_MILESTONE))
        .isSameInstanceAs(blocked);
    assertThat(router.recipients(OTHER, Verdict.CLEAR, Subject.UPGRADE_FAILED)).isEmpty();
  }
}
