package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.gke.ClusterInventory;
import dev.upgradesentinel.gke.ClusterSource;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.routing.RoutingTable;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * A scope larger than one batch of inventory pages, through the scan worker: each batch reads its
 * pages, hands the rest on with the next page token and sends its own digest; a slash command's
 * answers stop at the five its response URL takes.
 */
class ScopeBatchesTest {
  private static final String ORG = "organizations/123456789012";
  private static final String RESPONSE_PREFIX = "https://hooks.slack.com/commands/";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T04:00:00Z"), ZoneOffset.UTC);

  /** An index of {@code clusters} blocked clusters, one project each, {@code perPage} a page. */
  private static final class PagedInventory implements ClusterInventory {
    final List<ClusterInfo> clusters = new ArrayList<>();
    final List<String> tokensAsked = new CopyOnWriteArrayList<>();
    final int perPage;

    PagedInventory(int clusters, int perPage) {
      this.perPage = perPage;
      for (int i = 0; i < clusters; i++) {
        this.clusters.add(
            Clusters.cluster(
                String.format("team-%04d", i), "us-central1", "app", "1.23.17-gke.100", "COS"));
      }
    }

    @Override
    public Page page(String scope, String pageToken) {
      tokensAsked.add(pageToken);
      int from = pageToken.isEmpty() ? 0 : Integer.parseInt(pageToken.substring("after-".length()));
      int to = Math.min(clusters.size(), from + perPage);
      List<ClusterInfo> page = List.copyOf(clusters.subList(from, to));
      return new Page(
          () -> page,
          to < clusters.size() ? "after-" + to : "",
          Instant.parse("2026-12-02T03:50:00Z"));
    }
  }

  private static final class RecordingSink implements Sink {
    final List<Message> taken = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "slack";
    }

    @Override
    public Receipt deliver(Delivery delivery) {
      taken.add(delivery.message());
      return Receipt.delivered();
    }
  }

  private final List<ScanRequest> published = new CopyOnWriteArrayList<>();
  private final List<Message> replies = new CopyOnWriteArrayList<>();
  private final RecordingSink slack = new RecordingSink();

  private ScanWorker worker(ClusterInventory inventory, int pagesPerBatch) {
    ClusterSource unused =
        new ClusterSource() {
          @Override
          public ClusterInfo get(ClusterRef ref) {
            throw new AssertionError("a scope reads no cluster from the GKE API");
          }

          @Override
          public List<ClusterInfo> list(String project) {
            throw new AssertionError("a scope lists no project from the GKE API");
          }
        };
    FleetScanner scanner =
        new FleetScanner(
                unused,
                RateLimiter.perMinute(60_000, Ticker.SYSTEM),
                4,
                CLOCK,
                new FleetScanner.Backoff(
                    Ticker.SYSTEM, ThreadLocalRandom::current, Duration.ofMillis(1)))
            .withInventory(inventory, RateLimiter.perMinute(60_000, Ticker.SYSTEM), pagesPerBatch);
    return ScanWorker.builder()
        .scanner(scanner)
        .publisher(
            () ->
                request -> {
                  published.add(request);
                  return "message-" + published.size();
                })
        .routing(() -> RoutingTable.everySink(List.of(slack), Language.EN))
        .reply((url, message) -> replies.add(message))
        .words(new GuidanceRenderer(Language.EN, CLOCK), new DigestRenderer(Language.EN))
        .digests(new DigestDelivery(Language.EN, false))
        .batchSize(50)
        .responseUrlPrefix(RESPONSE_PREFIX)
        .build();
  }

  private static byte[] envelope(ScanRequest request, String messageId) {
    String data =
        Base64.getEncoder().encodeToString(request.toJson().getBytes(StandardCharsets.UTF_8));
    JsonObject message = new JsonObject();
    message.addProperty("data", data);
    message.addProperty("messageId", messageId);
    JsonObject envelope = new JsonObject();
    envelope.add("message", message);
    envelope.addProperty("subscription", "projects/p/subscriptions/scan-worker");
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Hands the worker every request it publishes, as the scan topic would, until none is left. */
  private void drain(ScanWorker worker, ScanRequest first) {
    worker.handle(PUBSUB, envelope(first, "m-0"));
    for (int i = 0; i < published.size(); i++) {
      // Each request goes through its JSON form, as it does on the topic.
      worker.handle(PUBSUB, envelope(published.get(i), "m-" + (i + 1)));
    }
  }

  private static final String PUBSUB = "google.cloud.pubsub.topic.v1.messagePublished";

  private static ScanRequest sweep(String responseUrl, boolean notify) {
    return new ScanRequest(
        "scan-org-1",
        responseUrl.isEmpty() ? ScanRequest.Kind.SWEEP : ScanRequest.Kind.SLASH_COMMAND,
        List.of(),
        "-",
        "",
        notify,
        responseUrl,
        "scheduler",
        1,
        1,
        ORG);
  }

  @Test
  void sweep_ofAScopeLargerThanABatch_handsTheRestOnAndDigestsEachBatch() {
    PagedInventory inventory = new PagedInventory(25, 4);

    drain(worker(inventory, 2), sweep("", true));

    // 25 clusters, 4 a page, 2 pages a batch: 8 + 8 + 8 + 1.
    assertThat(published).hasSize(3);
    assertThat(published.stream().map(ScanRequest::batch).toList())
        .containsExactly(2, 3, 4)
        .inOrder();
    assertThat(published.stream().map(ScanRequest::pageToken).toList())
        .containsExactly("after-8", "after-16", "after-24")
        .inOrder();
    assertThat(inventory.tokensAsked)
        .containsExactly("", "after-4", "after-8", "after-12", "after-16", "after-20", "after-24")
        .inOrder();
    assertThat(slack.taken.stream().map(Message::title).toList())
        .containsExactly(
            "Upgrade blocker scan scan-org-1 (batch 1, more follow): 8 blocked, 0 at risk",
            "Upgrade blocker scan scan-org-1 (batch 2, more follow): 8 blocked, 0 at risk",
            "Upgrade blocker scan scan-org-1 (batch 3, more follow): 8 blocked, 0 at risk",
            "Upgrade blocker scan scan-org-1 (batch 4 of 4): 1 blocked, 0 at risk")
        .inOrder();
  }

  @Test
  void redeliveredBatch_doesNotHandTheRestOnTwice() {
    PagedInventory inventory = new PagedInventory(10, 4);
    ScanWorker worker = worker(inventory, 1);

    worker.handle(PUBSUB, envelope(sweep("", true), "m-0"));
    worker.handle(PUBSUB, envelope(sweep("", true), "m-0"));

    assertThat(published).hasSize(1);
    assertThat(slack.taken).hasSize(1);
  }

  @Test
  void slashCommand_isAnsweredFiveTimesAtMost_andTheLastAnswerSaysWhatWasLeft() {
    PagedInventory inventory = new PagedInventory(7, 1);

    drain(worker(inventory, 1), sweep(RESPONSE_PREFIX + "T0/1/secret", false));

    assertThat(replies).hasSize(ScanWorker.MAX_REPLIES);
    assertThat(published).hasSize(ScanWorker.MAX_REPLIES - 1);
    assertThat(published.stream().allMatch(r -> r.responseUrl().startsWith(RESPONSE_PREFIX)))
        .isTrue();
    assertThat(inventory.tokensAsked).hasSize(ScanWorker.MAX_REPLIES);
    String last = replies.get(ScanWorker.MAX_REPLIES - 1).plainText();
    assertThat(last).contains("more clusters than 5 answers to a slash command can carry");
    assertThat(last).contains("scope and notify=true");
    assertThat(slack.taken).isEmpty();
  }

  @Test
  void slashCommandWithNotify_goesOnPastFiveAnswers_throughTheSinks() {
    PagedInventory inventory = new PagedInventory(7, 1);

    drain(worker(inventory, 1), sweep(RESPONSE_PREFIX + "T0/1/secret", true));

    assertThat(replies).hasSize(ScanWorker.MAX_REPLIES);
    assertThat(slack.taken).hasSize(7);
    assertThat(published).hasSize(6);
    assertThat(published.get(5).responseUrl()).isEmpty();
    assertThat(slack.taken.get(6).title()).contains("(batch 7 of 7)");
  }

  @Test
  void pageThatKeepsFailing_endsTheScope_withThePagesReadAssessed() {
    PagedInventory pages = new PagedInventory(12, 4);
    ClusterInventory failing =
        (scope, token) -> {
          if (token.equals("after-8")) {
            throw new TransientFailureException("UNAVAILABLE: the index is busy");
          }
          return pages.page(scope, token);
        };

    drain(worker(failing, 10), sweep("", true));

    assertThat(published).isEmpty();
    Message digest = slack.taken.get(0);
    assertThat(digest.title()).isEqualTo("Upgrade blocker scan scan-org-1: 8 blocked, 0 at risk");
    assertThat(digest.plainText())
        .contains("read 2 pages, then stopped: UNAVAILABLE: the index is busy");
  }

  @Test
  void continuation_travelsAsJson_withItsPageToken() {
    ScanRequest next = sweep(RESPONSE_PREFIX + "x", false).continuation("CgYI+/8=", false);

    ScanRequest parsed = ScanRequest.fromJson(next.toJson(), "unused");

    assertThat(parsed).isEqualTo(next);
    assertThat(parsed.batch()).isEqualTo(2);
    assertThat(parsed.responseUrl()).isEmpty();
    JsonObject json = JsonParser.parseString(next.toJson()).getAsJsonObject();
    assertThat(json.get("pageToken").getAsString()).isEqualTo("CgYI+/8=");
  }

  @Test
  void pageToken_withoutAScope_orWithControlCharacters_isRefused() {
    String noScope = "{\"kind\":\"sweep\",\"projects\":[\"alpha-prod\"],\"pageToken\":\"after-8\"}";
    String control = "{\"kind\":\"sweep\",\"scope\":\"" + ORG + "\",\"pageToken\":\"a\\nb\"}";
    String huge =
        "{\"kind\":\"sweep\",\"scope\":\""
            + ORG
            + "\",\"pageToken\":\""
            + "a".repeat(5_000)
            + "\"}";

    assertThat(refusal(noScope)).isEqualTo("a page token needs a scope");
    assertThat(refusal(control)).isEqualTo("pageToken is not a page token");
    assertThat(refusal(huge)).isEqualTo("pageToken is not a page token");
  }

  private static String refusal(String json) {
    try {
      ScanRequest.fromJson(json, "s");
      throw new AssertionError("accepted " + json);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  @Test
  void responseUrlOfAContinuation_isCheckedAgainstThePrefix() {
    // A forged continuation naming another host gets no answer there, and no batch after it.
    PagedInventory inventory = new PagedInventory(3, 1);
    ScanRequest forged =
        new ScanRequest(
            "scan-org-1",
            ScanRequest.Kind.SLASH_COMMAND,
            List.of(),
            "-",
            "",
            false,
            "https://attacker.example/collect",
            "U1",
            2,
            2,
            ORG,
            "after-1");

    worker(inventory, 1).handle(PUBSUB, envelope(forged, "m-forged"));

    assertThat(replies).isEmpty();
    assertThat(published).isEmpty();
    assertThat(inventory.tokensAsked).isEmpty();
  }
}
