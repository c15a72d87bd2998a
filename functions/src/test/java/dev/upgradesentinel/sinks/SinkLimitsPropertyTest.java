package dev.upgradesentinel.sinks;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.ScheduledUpgrade;
import dev.upgradesentinel.assess.UpgradeFailure;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.GkeEvent;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeOperation;
import dev.upgradesentinel.sinks.chat.GoogleChatRenderer;
import dev.upgradesentinel.sinks.github.GitHubMarkdownRenderer;
import dev.upgradesentinel.sinks.jira.JiraDocumentRenderer;
import dev.upgradesentinel.sinks.pagerduty.PagerDutyEventRenderer;
import dev.upgradesentinel.sinks.slack.SlackMessageRenderer;
import dev.upgradesentinel.sinks.teams.AdaptiveCardRenderer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Renders thousands of generated findings for every sink and holds each payload to the limits its
 * service documents. The limits are written out here as the services state them, not taken from the
 * renderers, so a renderer that miscounts fails.
 *
 * <p>Every Docker-based pool of a finding must be either shown with its migration command or
 * counted in the summary that follows a shortened list; no URL from an event may survive as
 * something a service would link.
 */
class SinkLimitsPropertyTest {
  private static final long SEED = 20261201L;
  private static final int CASES = 2_000;

  // Slack: Block Kit reference (message: 50 blocks; section text 3,000; header 150; fields 10 x
  // 2,000).
  private static final int SLACK_BLOCKS = 50;
  private static final int SLACK_SECTION = 3_000;
  private static final int SLACK_HEADER = 150;
  private static final int SLACK_FIELDS = 10;
  private static final int SLACK_FIELD = 2_000;
  // Jira Cloud: 32,767 characters a rich-text field.
  private static final int JIRA_FIELD = 32_767;
  // Google Chat: 32,000 bytes a message, 100 widgets a card.
  private static final int CHAT_BYTES = 32_000;
  private static final int CHAT_WIDGETS = 100;
  // Microsoft Teams: about 28 KB a message.
  private static final int TEAMS_BYTES = 28 * 1_000;
  // GitHub: 65,536 characters an issue or comment body.
  private static final int GITHUB_BODY = 65_536;
  // PagerDuty Events API v2: 1,024 characters a summary, 512 KB an event.
  private static final int PAGERDUTY_SUMMARY = 1_024;
  private static final int PAGERDUTY_EVENT = 512 * 1_024;

  private static final String HOSTILE_HOST = "evil.example";
  private static final List<String> IMAGE_TYPES =
      List.of(
          "COS",
          "UBUNTU",
          "WINDOWS_LTSC",
          "WINDOWS_SAC",
          "cos",
          "ubuntu",
          "COS_CONTAINERD",
          "UBUNTU_CONTAINERD",
          "WINDOWS_LTSC_CONTAINERD",
          "");
  private static final List<String> VERSIONS =
      List.of(
          "1.13.12-gke.30",
          "1.20.15-gke.300",
          "1.21.1-gke.2200",
          "1.22.17-gke.1900",
          "1.23.17-gke.1700",
          "1.24.17-gke.2472000",
          "");
  private static final Pattern MORE_EN = Pattern.compile("(\\d+) more node pools");
  private static final Pattern MORE_KO = Pattern.compile("노드 풀 (\\d+)개 더");

  private final Assessor assessor = new Assessor();

  @TestFactory
  Stream<DynamicTest> everySink_everyGeneratedFinding_staysWithinTheServicesLimits() {
    Random random = new Random(SEED);
    return IntStream.range(0, CASES)
        .mapToObj(
            i -> {
              Case c = generate(random, i);
              return DynamicTest.dynamicTest(c.toString(), () -> check(c));
            });
  }

  /** One generated finding, message kind and language. */
  private record Case(
      int index, Assessment assessment, Language language, String kind, Message message) {
    @Override
    public String toString() {
      return "case "
          + index
          + " kind="
          + kind
          + " lang="
          + language
          + " verdict="
          + assessment.verdict()
          + " dockerPools="
          + AssessmentJson.dockerPools(assessment).size();
    }
  }

  private Case generate(Random random, int index) {
    Set<String> names = new LinkedHashSet<>();
    int pools = poolCount(random);
    while (names.size() < pools) {
      names.add(name(random));
    }
    List<NodePoolInfo> nodePools = new ArrayList<>();
    for (String name : names) {
      nodePools.add(
          new NodePoolInfo(
              name, pick(random, IMAGE_TYPES), pick(random, VERSIONS), random.nextInt(40) - 1));
    }
    boolean nap = random.nextBoolean();
    ClusterInfo cluster =
        new ClusterInfo(
            new ClusterRef("p" + name(random).substring(1) + "x", "europe-west1-b", name(random)),
            random.nextInt(20) == 0,
            pick(random, VERSIONS),
            "REGULAR",
            nodePools,
            nap,
            nap ? pick(random, IMAGE_TYPES) : "",
            Map.of());
    Assessment assessment = assessor.assess(cluster, event(random));
    Language language = random.nextBoolean() ? Language.EN : Language.KO;
    GuidanceRenderer renderer =
        new GuidanceRenderer(
            language, Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    Map<String, String> before = new LinkedHashMap<>();
    for (PoolPlan pool : AssessmentJson.dockerPools(assessment)) {
      if (random.nextInt(3) == 0) {
        before.put(pool.name(), pool.imageType());
      }
    }
    for (int i = 0; i < random.nextInt(30); i++) {
      before.put(name(random), "COS");
    }
    String pool = names.isEmpty() ? "np" : names.iterator().next();
    return switch (random.nextInt(8)) {
      case 5 ->
          new Case(
              index,
              assessment,
              language,
              "FAILED",
              renderer.renderFailure(assessment, failure(random, cluster, pool)));
      case 6 ->
          new Case(
              index,
              assessment,
              language,
              "SCHEDULED",
              renderer.renderScheduled(
                  assessment,
                  ScheduledUpgrade.of(
                      lifecycle(random, "SCHEDULED", pool),
                      assessment,
                      Instant.parse("2026-12-01T00:00:00Z"))));
      case 7 -> {
        GkeEvent.UpgradeState state =
            pick(
                random,
                List.of(
                    GkeEvent.UpgradeState.STARTED,
                    GkeEvent.UpgradeState.SUCCEEDED,
                    GkeEvent.UpgradeState.CANCELED));
        yield new Case(
            index,
            assessment,
            language,
            "PROGRESS",
            renderer.renderProgress(assessment, lifecycle(random, state.name(), pool), state));
      }
      case 4 -> new Case(index, assessment, language, "DIGEST", digest(random, language));
      case 0 -> new Case(index, assessment, language, "NEW", renderer.render(assessment));
      case 1 ->
          new Case(
              index,
              assessment,
              language,
              "REMINDER",
              renderer.renderReminder(assessment, Instant.parse("2026-11-01T00:00:00Z")));
      case 2 ->
          new Case(
              index,
              assessment,
              language,
              "UPDATE",
              renderer.renderUpdate(
                  assessment, assessment.verdict(), before, random.nextBoolean() ? "COS" : ""));
      default ->
          new Case(
              index,
              assessment,
              language,
              "RESOLUTION",
              renderer.renderResolution(assessment, before));
    };
  }

  /**
   * A scan's digest: up to 120 assessed clusters and up to 30 projects that could not be read, some
   * with long error texts.
   */
  private Message digest(Random random, Language language) {
    List<Assessment> assessments = new ArrayList<>();
    for (int i = random.nextInt(120); i > 0; i--) {
      List<NodePoolInfo> pools = new ArrayList<>();
      for (int p = random.nextInt(6); p > 0; p--) {
        pools.add(
            new NodePoolInfo(name(random), pick(random, IMAGE_TYPES), pick(random, VERSIONS), 3));
      }
      assessments.add(
          assessor.assess(
              new ClusterInfo(
                  new ClusterRef("proj-" + random.nextInt(40), "us-central1", name(random)),
                  false,
                  pick(random, VERSIONS),
                  "REGULAR",
                  pools,
                  false,
                  "",
                  Map.of())));
    }
    java.util.TreeMap<String, String> errors = new java.util.TreeMap<>();
    for (int i = random.nextInt(30); i > 0; i--) {
      // What the GKE API answers when a project cannot be read: Google's text, not an event's.
      errors.put(
          "proj-err-" + i,
          random.nextBoolean()
              ? "PERMISSION_DENIED: Required \"container.clusters.list\" permission(s) for"
                  + " \"projects/proj-err-"
                  + i
                  + "\"."
              : "UNAVAILABLE: "
                  + "The service is currently unavailable. ".repeat(1 + random.nextInt(40)));
    }
    return new dev.upgradesentinel.guidance.DigestRenderer(language)
        .render("scan-20261201T000000-1a2b3c", 1, 1, 40, assessments, errors);
  }

  /** GKE's lifecycle event of a node pool's upgrade, in the state given. */
  private static GkeEvent.UpgradeInfo lifecycle(Random random, String state, String pool) {
    return new GkeEvent.UpgradeInfo(
        "NODE_POOL",
        "operation-1765094400000-7c1f2e3a",
        "2026-12-03T03:00:00Z",
        "",
        pick(random, VERSIONS),
        pick(random, VERSIONS),
        "projects/p/locations/europe-west1-b/clusters/c/nodePools/" + pool,
        state,
        longText(random),
        GkeEvent.UpgradeInfo.UPGRADE_LIFECYCLE,
        "",
        "");
  }

  /**
   * A failed upgrade: its operation, when read, with GKE's error and up to 20 conditions of long
   * hostile text; otherwise the reason it was not read, as long.
   */
  private static UpgradeFailure failure(Random random, ClusterInfo cluster, String pool) {
    GkeEvent.UpgradeInfo event = lifecycle(random, "FAILED", pool);
    if (random.nextInt(4) == 0) {
      return UpgradeFailure.of(event, cluster, Optional.empty(), longText(random));
    }
    List<UpgradeOperation.Condition> conditions = new ArrayList<>();
    for (int i = random.nextInt(random.nextInt(4) == 0 ? 20 : 3); i > 0; i--) {
      conditions.add(
          new UpgradeOperation.Condition(
              pick(random, List.of("GCE_QUOTA_EXCEEDED", "GCE_STOCKOUT", "UNKNOWN", "")),
              "RESOURCE_EXHAUSTED",
              longText(random)));
    }
    UpgradeOperation operation =
        new UpgradeOperation(
            "operation-1765094400000-7c1f2e3a",
            "UPGRADE_NODES",
            "DONE",
            "https://container.googleapis.com/v1/projects/p/locations/l/clusters/c/nodePools/"
                + pool,
            Optional.empty(),
            Optional.of(Instant.parse("2026-11-30T10:00:00Z")),
            8,
            longText(random),
            conditions,
            longText(random));
    return UpgradeFailure.of(event, cluster, Optional.of(operation), "");
  }

  /** Mostly the sizes real clusters have, and enough of the largest GKE allows. */
  private static int poolCount(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> random.nextInt(4);
      case 1, 2 -> random.nextInt(40);
      case 3 -> 40 + random.nextInt(160);
      default -> 200 + random.nextInt(301);
    };
  }

  /** A node pool or cluster name as GKE allows them: lower-case, digits, hyphens, up to 40. */
  private static String name(Random random) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
    int length = 1 + random.nextInt(40);
    StringBuilder name = new StringBuilder().append((char) ('a' + random.nextInt(26)));
    for (int i = 1; i < length; i++) {
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      name.append(i == length - 1 && c == '-' ? 'z' : c);
    }
    return name.toString();
  }

  private static GkeEvent event(Random random) {
    String text = longText(random);
    String uri =
        random.nextBoolean()
            ? "https://cloud.google.com/kubernetes-engine/security-bulletins#gcp-2024-001"
            : "https://" + HOSTILE_HOST + "/phish?next=https://www." + HOSTILE_HOST;
    return switch (random.nextInt(5)) {
      case 0 -> null;
      case 1 ->
          new GkeEvent.UpgradeAvailable(
              "1.24.17-gke.2472000", "MASTER", "REGULAR", "projects/p/locations/l/clusters/c");
      case 2 ->
          new GkeEvent.Upgrade(
              "NODE_POOL",
              "operation-1",
              "2026-11-30T10:00:00Z",
              "1.23.17-gke.1700",
              "1.24.17-gke.2472000",
              "projects/p/locations/l/clusters/c/nodePools/np");
      case 3 ->
          new GkeEvent.UpgradeInfo(
              "MASTER",
              "",
              "",
              "",
              "1.23.17-gke.1700",
              "1.24.17-gke.2472000",
              "",
              "STARTED",
              text,
              "END_OF_SUPPORT",
              "2023-07-31T00:00:00Z",
              "");
      default ->
          new GkeEvent.SecurityBulletin(
              "RESOURCE_TYPE_CONTROLPLANE",
              "GCP-2024-001",
              List.of("CVE-2024-0001", "CVE-2024-0002"),
              "HIGH",
              uri,
              text,
              List.of("1.23", "1.24"),
              List.of("1.24.17-gke.200", "1.25.16-gke.100"),
              "1.24.17-gke.200",
              random.nextBoolean());
    };
  }

  /** Bulletin and event text up to 6,000 characters, with markup, mentions and links in it. */
  private static String longText(Random random) {
    List<String> words =
        List.of(
            "containers",
            "may",
            "bypass",
            "policy",
            "<!channel>",
            "<@U024BE7LH>",
            "*bold*",
            "[x](https://" + HOSTILE_HOST + ")",
            "https://" + HOSTILE_HOST + "/a",
            "www." + HOSTILE_HOST,
            "@everyone",
            "#12",
            "`tick`",
            "노드",
            "업그레이드",
            "&amp;",
            "\n");
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(4) == 0 ? 6_000 : random.nextInt(400);
    while (text.length() < length) {
      text.append(pick(random, words)).append(' ');
    }
    return text.toString();
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static void check(Case c) {
    JsonObject slack = new SlackMessageRenderer().render(c.message());
    checkSlack(c, slack);
    checkPools(c, "Slack", strings(slack));

    JsonObject jira = new JiraDocumentRenderer().render(c.message());
    assertWithMessage("Jira document characters")
        .that(jira.toString().length())
        .isAtMost(JIRA_FIELD);
    checkPools(c, "Jira", strings(jira));

    JsonObject chat = new GoogleChatRenderer().render(c.message());
    assertWithMessage("Chat bytes").that(bytes(chat)).isAtMost(CHAT_BYTES);
    assertWithMessage("Chat widgets").that(chatWidgets(chat)).isAtMost(CHAT_WIDGETS);
    checkPools(c, "Google Chat", strings(chat));

    JsonObject teams = new AdaptiveCardRenderer().render(c.message());
    assertWithMessage("Teams bytes").that(bytes(teams)).isAtMost(TEAMS_BYTES);
    checkPools(c, "Teams", strings(teams));

    String github = new GitHubMarkdownRenderer().render(c.message());
    assertWithMessage("GitHub body characters").that(github.length()).isAtMost(GITHUB_BODY);
    checkPools(c, "GitHub", github);

    Delivery delivery =
        new Delivery(
            switch (c.kind()) {
              case "DIGEST" -> Delivery.Kind.NEW;
              case "FAILED", "SCHEDULED" -> Delivery.Kind.NOTICE;
              case "PROGRESS" -> Delivery.Kind.FOLLOW_UP;
              default -> Delivery.Kind.valueOf(c.kind());
            },
            c.message(),
            Optional.empty(),
            Deadline.after(Duration.ofSeconds(20)),
            "gus-0123456789abcdef",
            Optional.of(c.assessment()),
            "p~l~c/" + c.kind().toLowerCase(java.util.Locale.ROOT) + "-0a1b2c");
    Optional<JsonObject> event = new PagerDutyEventRenderer().render(delivery, "R0UTINGKEY");
    event.ifPresent(
        e -> {
          assertWithMessage("PagerDuty event bytes").that(bytes(e)).isAtMost(PAGERDUTY_EVENT);
          if (e.has("payload")) {
            assertWithMessage("PagerDuty summary")
                .that(e.getAsJsonObject("payload").get("summary").getAsString().length())
                .isAtMost(PAGERDUTY_SUMMARY);
          }
          assertWithMessage("PagerDuty links nothing from events")
              .that(strings(e))
              .doesNotContain(HOSTILE_HOST);
        });
  }

  private static void checkSlack(Case c, JsonObject slack) {
    JsonArray blocks = slack.getAsJsonArray("blocks");
    assertWithMessage("Slack blocks").that(blocks.size()).isAtMost(SLACK_BLOCKS);
    for (JsonElement element : blocks) {
      JsonObject block = element.getAsJsonObject();
      String type = block.get("type").getAsString();
      if (type.equals("header")) {
        assertWithMessage("Slack header")
            .that(block.getAsJsonObject("text").get("text").getAsString().length())
            .isAtMost(SLACK_HEADER);
      } else if (block.has("fields")) {
        JsonArray fields = block.getAsJsonArray("fields");
        assertWithMessage("Slack fields per section").that(fields.size()).isAtMost(SLACK_FIELDS);
        for (JsonElement field : fields) {
          assertWithMessage("Slack field text")
              .that(field.getAsJsonObject().get("text").getAsString().length())
              .isAtMost(SLACK_FIELD);
        }
      } else {
        String text = block.getAsJsonObject("text").get("text").getAsString();
        assertWithMessage("Slack section text").that(text.length()).isAtMost(SLACK_SECTION);
        assertWithMessage("Slack section text is not empty").that(text).isNotEmpty();
      }
    }
  }

  /**
   * Every Docker pool is shown with its command or counted in a list's summary; and the hostile
   * host of the event's links never appears as written, so nothing can link to it.
   */
  private static void checkPools(Case c, String sink, String payload) {
    assertWithMessage(sink + " shows the hostile host only defanged")
        .that(payload)
        .doesNotContain(HOSTILE_HOST);
    if (c.kind().equals("RESOLUTION")
        || c.kind().equals("DIGEST")
        || c.kind().equals("FAILED")
        || c.kind().equals("SCHEDULED")
        || c.kind().equals("PROGRESS")
        || !c.assessment().verdict().needsAction()) {
      return;
    }
    List<PoolPlan> pools = AssessmentJson.dockerPools(c.assessment());
    long shown = pools.stream().filter(pool -> payload.contains(pool.command())).count();
    int counted = 0;
    Matcher more = (c.language() == Language.KO ? MORE_KO : MORE_EN).matcher(payload);
    while (more.find()) {
      counted += Integer.parseInt(more.group(1));
    }
    assertWithMessage(sink + ": pools shown with their command plus pools counted in the summary")
        .that(shown + counted)
        .isEqualTo(pools.size());
    if (!pools.isEmpty()) {
      assertWithMessage(sink + " shows the first pool's command")
          .that(payload)
          .contains(pools.get(0).command());
    }
  }

  private static int chatWidgets(JsonObject chat) {
    int widgets = 0;
    for (JsonElement section :
        chat.getAsJsonArray("cardsV2")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("card")
            .getAsJsonArray("sections")) {
      widgets += section.getAsJsonObject().getAsJsonArray("widgets").size();
    }
    return widgets;
  }

  private static int bytes(JsonObject json) {
    return json.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  /** Every string value of a JSON tree, a line each: what the service shows, unescaped. */
  private static String strings(JsonElement json) {
    StringBuilder out = new StringBuilder();
    collect(json, out);
    return out.toString();
  }

  private static void collect(JsonElement json, StringBuilder out) {
    if (json.isJsonObject()) {
      json.getAsJsonObject().entrySet().forEach(e -> collect(e.getValue(), out));
    } else if (json.isJsonArray()) {
      json.getAsJsonArray().forEach(e -> collect(e, out));
    } else if (json.isJsonPrimitive()) {
      out.append(json.getAsString()).append('\n');
    }
  }
}
