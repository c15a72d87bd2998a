package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FirestoreEmulator;
import dev.upgradesentinel.testing.FirestoreFaultProxy;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import dev.upgradesentinel.testing.SinkFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once when answers are lost, end to end: two instances of ClusterNotificationFunction on
 * the real invoker share a notification log in the real Firestore emulator, reached through a proxy
 * that makes some Firestore calls fail, come late, or do their work and lose the answer. Each
 * finding goes to five sinks on WireMock: Slack's Web API, Slack's incoming webhook, a generic
 * webhook, Google Chat's incoming webhook and Jira, each failing a fifth of its calls, including
 * doing the work and then dropping the connection or answering after the sender stopped waiting.
 *
 * <p>Counted per sink: messages lost (none anywhere), and messages posted twice: none for the Web
 * API, which looks before it posts again; one Jira issue per finding, though Jira's search lags
 * behind the issues it lists; for the webhook, duplicates the receiver drops by their delivery key;
 * for the two incoming webhooks, which cannot be asked, and Jira's comments, the duplicates
 * admitted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LostAnswerEndToEndTest {
  private static final String NUMBER = "444444444444";
  private static final String FIRESTORE_PROJECT = "sentinel-lost-answers";
  private static final String SLACK_HOOK = "/services/T0E2E/B0E2E/lostAnswerHook";
  private static final String HOOK = "/hooks/gke-sentinel";
  private static final String CHAT = "/v1/spaces/AAAAE2E/messages";
  private static final String API_POST = "/api/chat.postMessage";
  private static final String API_UPDATE = "/api/chat.update";
  private static final int MAX_DELIVERIES = 40;
  private static final int SLOW_MILLIS = 7_000;
  private static final List<String> KINDS = List.of("NEW", "UPDATE", "RESOLUTION");

  @TempDir static Path dir;
  private static FirestoreEmulator firestore;
  private static FirestoreFaultProxy firestoreFaults;
  private static FakeGkeServer gke;
  private static SinkFaults faults;
  private static WireMockServer services;
  private static Map<String, String> env;
  private static List<InvokerProcess> instances;

  @BeforeAll
  static void start() throws Exception {
    firestore = FirestoreEmulator.start();
    firestoreFaults = FirestoreFaultProxy.start(firestore.hostPort(), 3_000);
    gke = new FakeGkeServer().start();
    faults = new SinkFaults(SLOW_MILLIS);
    services =
        new WireMockServer(wireMockConfig().dynamicPort().containerThreads(64).extensions(faults));
    services.start();
    services.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    Path routing =
        Files.writeString(
            dir.resolve("routing.json"),
            """
            {
              "sinks": {
                "slack-api": {"type": "slack-api", "tokenEnv": "SLACK_BOT_TOKEN", "channel": "C0E2E",
                              "baseUrl": "%1$s/api"},
                "slack-hook": {"type": "slack-webhook", "urlEnv": "SLACK_HOOK_URL"},
                "hook": {"type": "webhook", "urlEnv": "HOOK_URL", "secretEnv": "HOOK_SECRET"},
                "chat": {"type": "google-chat", "urlEnv": "CHAT_URL"},
                "jira": {"type": "jira", "baseUrl": "%1$s/jira", "emailEnv": "JIRA_EMAIL",
                         "tokenEnv": "JIRA_API_TOKEN", "project": "OPS"}
              },
              "routes": [],
              "default": {"sinks": ["slack-api", "slack-hook", "hook", "chat", "jira"]}
            }
            """
                .formatted(services.baseUrl()));
    env = new HashMap<>();
    env.put("GKE_EMULATOR_HOST", gke.target());
    env.put("ROUTING_CONFIG", routing.toString());
    env.put("SLACK_BOT_TOKEN", "xoxb-000-lostAnswerToken");
    env.put("SLACK_HOOK_URL", services.baseUrl() + SLACK_HOOK);
    env.put("HOOK_URL", services.baseUrl() + HOOK);
    env.put("HOOK_SECRET", "lostAnswerSigningSecret");
    env.put("CHAT_URL", services.baseUrl() + CHAT + "?key=chatKey&token=chatToken");
    env.put("JIRA_EMAIL", "sentinel@acme.example");
    env.put("JIRA_API_TOKEN", "lostAnswerJiraToken");
    env.put("NOTIFICATION_LOG", "firestore");
    env.put("FIRESTORE_EMULATOR_HOST", firestoreFaults.hostPort());
    env.put("FIRESTORE_PROJECT_ID", FIRESTORE_PROJECT);
    env.put("DELIVERY_DEADLINE", "6s");
    instances = new ArrayList<>();
    instances.add(start("one"));
    instances.add(start("two"));
    // A first finding on each instance starts its clients, so a cold start does not eat the
    // deadline of the first faulty delivery.
    for (int i = 0; i < instances.size(); i++) {
      setCluster("warm-" + i, dockerPools(2));
      deliverUntilAcked(i, notification("warm-" + i, "warm-" + i));
    }
    faults.reset();
  }

  private static InvokerProcess start(String name) {
    return InvokerProcess.start("dev.upgradesentinel.functions.ClusterNotificationFunction", env);
  }

  @AfterAll
  static void stop() throws Exception {
    if (instances != null) {
      instances.forEach(InvokerProcess::close);
    }
    if (services != null) {
      services.stop();
    }
    if (gke != null) {
      gke.close();
    }
    if (firestoreFaults != null) {
      firestoreFaults.close();
    }
    if (firestore != null) {
      firestore.close();
    }
  }

  /**
   * The Docker fixture with its first {@code docker} pools on a Docker image, the rest migrated;
   * with none left, the containerd fixture, whose auto-provisioning default is migrated too.
   */
  private static JsonObject dockerPools(int docker) {
    if (docker == 0) {
      return Fixtures.cluster("clusters/containerd.json", NUMBER, "us-central1", "x");
    }
    JsonObject cluster =
        Fixtures.cluster("clusters/standard-docker.json", NUMBER, "us-central1", "x");
    int seen = 0;
    for (JsonElement pool : cluster.getAsJsonArray("nodePools")) {
      JsonObject config = pool.getAsJsonObject().getAsJsonObject("config");
      String image = config.get("imageType").getAsString();
      if ((image.equals("COS") || image.equals("UBUNTU")) && seen++ >= docker) {
        config.addProperty(
            "imageType", image.equals("COS") ? "COS_CONTAINERD" : "UBUNTU_CONTAINERD");
      }
    }
    return cluster;
  }

  /** The cluster as the GKE API returns it from now on. */
  private static void setCluster(String name, JsonObject shape) {
    gke.replaceCluster(NUMBER, Fixtures.placed(shape.deepCopy(), NUMBER, "us-central1", name));
  }

  private static String notification(String cluster, String messageId) {
    return CloudEvents.notification("upgrade-available-1-24.json", NUMBER, cluster, messageId);
  }

  /** Delivers as Pub/Sub does: again after any answer but 2xx; returns the deliveries made. */
  private static int deliverUntilAcked(int instance, String envelope) throws InterruptedException {
    return CloudEvents.deliverUntilAcked(instances, instance, envelope, MAX_DELIVERIES);
  }

  /** One sink's count: how many messages it took, of how many distinct, against those expected. */
  private record Count(int posts, int distinct, int expected) {
    int lost() {
      return expected - distinct;
    }

    int duplicates() {
      return posts - distinct;
    }
  }

  /**
   * Per sink, for the clusters given: each (cluster, kind) pair is one message. A sink is keyed by
   * its path; the Web API's resolution is the edit of the first post.
   */
  private static Map<String, Count> count(List<String> clusters) {
    Map<String, Count> counts = new LinkedHashMap<>();
    Map<String, List<SinkFaults.Accepted>> bySink = new LinkedHashMap<>();
    for (SinkFaults.Accepted accepted : faults.accepted()) {
      if (!clusters.contains(accepted.cluster())) {
        continue;
      }
      if (accepted.path().equals(SinkFaults.JIRA + "/close")) {
        continue; // the resolution's second step, counted apart
      }
      String sink =
          accepted.path().startsWith("/api/")
              ? "slack-api"
              : accepted.path().startsWith(SLACK_HOOK)
                  ? "slack-hook"
                  : accepted.path().startsWith(HOOK)
                      ? "hook"
                      : accepted.path().startsWith(SinkFaults.JIRA) ? "jira" : "chat";
      bySink.computeIfAbsent(sink, s -> new ArrayList<>()).add(accepted);
    }
    for (String sink : List.of("slack-api", "slack-hook", "hook", "chat", "jira")) {
      // An edit repeated after its answer was lost leaves one message, edited alike twice.
      List<SinkFaults.Accepted> taken = new ArrayList<>();
      Set<String> edits = new HashSet<>();
      for (SinkFaults.Accepted a : bySink.getOrDefault(sink, List.of())) {
        if (!a.path().equals(API_UPDATE) || edits.add(a.cluster() + "/" + a.ts())) {
          taken.add(a);
        }
      }
      long distinct = taken.stream().map(a -> a.cluster() + "/" + a.kind()).distinct().count();
      counts.put(sink, new Count(taken.size(), (int) distinct, clusters.size() * KINDS.size()));
    }
    return counts;
  }

  @Test
  @Order(1)
  void lifecycleUnderFaults_newUpdateResolution_eachOncePerSinkThatCanBeAsked() throws Exception {
    List<String> clusters = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      clusters.add(String.format("lost-%02d", i));
      setCluster(clusters.get(i), dockerPools(2));
    }
    faults.failRandomly(0.2, 17, SinkFaults.EVERY_FAULT);
    // Jira's search sees an issue 3 s after it changed, so a repeat after a lost create does not
    // find it there and must read it by key.
    faults.jiraSearchLag(Duration.ofSeconds(3));
    firestoreFaults.failRandomly(0.1, 23);
    AtomicInteger deliveries = new AtomicInteger();
    AtomicInteger notifications = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> work = new ArrayList<>();
    for (int c = 0; c < clusters.size(); c++) {
      String cluster = clusters.get(c);
      int instance = c;
      work.add(
          pool.submit(
              () -> {
                // NEW with both Docker pools, UPDATE with one migrated, RESOLUTION with none left;
                // GKE sends each state twice, to either instance.
                for (int docker = 2; docker >= 0; docker--) {
                  setCluster(cluster, dockerPools(docker));
                  for (int copy = 0; copy < 2; copy++) {
                    notifications.incrementAndGet();
                    deliveries.addAndGet(
                        deliverUntilAcked(
                            instance + copy,
                            notification(cluster, cluster + "-" + docker + "-" + copy)));
                  }
                }
                return null;
              }));
    }
    for (Future<?> done : work) {
      done.get(10, TimeUnit.MINUTES);
    }
    pool.shutdown();
    faults.failRandomly(0, 0);
    firestoreFaults.failRandomly(0, 0);

    Map<String, Count> counts = count(clusters);
    System.out.printf(
        "lost answers: clusters=%d notifications=%d deliveries=%d sinkAnswers=%s lookUps=%s"
            + " firestoreCalls=%s%n",
        clusters.size(),
        notifications.get(),
        deliveries.get(),
        new TreeMap<>(faults.answers()),
        new TreeMap<>(faults.lookUpAnswers()),
        new TreeMap<>(firestoreFaults.counts()));
    counts.forEach(
        (sink, count) ->
            System.out.printf(
                "lost answers: sink=%s messages=%d posts=%d lost=%d duplicates=%d%n",
                sink, count.expected(), count.posts(), count.lost(), count.duplicates()));

    counts.forEach(
        (sink, count) ->
            assertWithMessage("messages lost by " + sink).that(count.lost()).isEqualTo(0));
    assertWithMessage("Web API messages posted twice")
        .that(counts.get("slack-api").duplicates())
        .isEqualTo(0);
    assertWithMessage("Jira messages posted twice")
        .that(counts.get("jira").duplicates())
        .isEqualTo(0);
    // The resolution edits the finding's first post: each chat.update is of the first post's ts.
    for (String cluster : clusters) {
      List<SinkFaults.Accepted> api =
          faults.accepted().stream()
              .filter(a -> a.cluster().equals(cluster) && a.path().startsWith("/api/"))
              .toList();
      List<SinkFaults.Accepted> posts =
          api.stream().filter(a -> a.path().equals(API_POST)).toList();
      assertWithMessage("Web API posts for " + cluster)
          .that(posts.stream().map(SinkFaults.Accepted::kind).toList())
          .containsExactly("NEW", "UPDATE")
          .inOrder();
      assertWithMessage("Web API edits for " + cluster)
          .that(
              api.stream()
                  .filter(a -> a.path().equals(API_UPDATE))
                  .map(SinkFaults.Accepted::ts)
                  .distinct()
                  .toList())
          .containsExactly(posts.get(0).ts());
    }
    // Each cluster gets one Jira issue, opened by the new finding and closed by the resolution.
    for (String cluster : clusters) {
      List<SinkFaults.Accepted> jira =
          faults.accepted().stream()
              .filter(a -> a.cluster().equals(cluster) && a.path().startsWith(SinkFaults.JIRA))
              .toList();
      assertWithMessage("Jira issues opened for " + cluster)
          .that(jira.stream().filter(a -> a.path().endsWith("/create")).count())
          .isEqualTo(1);
      assertWithMessage("Jira issues closed for " + cluster)
          .that(jira.stream().filter(a -> a.path().endsWith("/close")).count())
          .isAtLeast(1);
    }
    // The webhook's repeats carry the first one's delivery key: a receiver keeping keys drops them.
    List<SinkFaults.Accepted> hooks =
        faults.accepted().stream()
            .filter(a -> clusters.contains(a.cluster()) && a.path().startsWith(HOOK))
            .toList();
    assertThat(hooks.stream().map(SinkFaults.Accepted::key).distinct().count())
        .isEqualTo(clusters.size() * KINDS.size());
    assertThat(faults.answers().keySet()).containsAtLeastElementsIn(SinkFaults.EVERY_FAULT);
    assertThat(faults.lookUpAnswers()).isNotEmpty();
    assertThat(firestoreFaults.counts().keySet())
        .containsAtLeastElementsIn(Set.of(FirestoreFaultProxy.Fault.values()));
  }

  @Test
  @Order(2)
  void instanceKilledWhileSending_nextDeliveryPostsOnceSoonAfterTheClaimExpires() throws Exception {
    InvokerProcess doomed = start("doomed");
    try {
      setCluster("warm-doomed", dockerPools(2));
      String warm = notification("warm-doomed", "warm-doomed");
      if (CloudEvents.postPubSub(doomed.baseUrl(), warm) / 100 != 2) {
        deliverUntilAcked(0, warm);
      }
      setCluster("crash-01", dockerPools(2));
      // The Web API takes the post and holds its answer; the instance dies waiting for it.
      faults.holdAnswers("crash-01", 60_000);
      String envelope = notification("crash-01", "crash-01-0");
      Thread sender =
          new Thread(() -> CloudEvents.postPubSub(doomed.baseUrl(), envelope), "doomed-delivery");
      sender.setDaemon(true);
      sender.start();
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (faults.accepted().stream().noneMatch(a -> a.cluster().equals("crash-01"))
          && System.nanoTime() < waitUntil) {
        Thread.sleep(20);
      }
      assertWithMessage("the doomed instance posted")
          .that(faults.accepted().stream().filter(a -> a.cluster().equals("crash-01")).count())
          .isEqualTo(1);
      doomed.kill();
      long killed = System.nanoTime();
      faults.holdAnswers("", 0);

      // Pub/Sub redelivers; one delivery a second, until one is acknowledged.
      int deliveries = 0;
      boolean acked = false;
      while (!acked && deliveries < 30) {
        deliveries++;
        acked = CloudEvents.postPubSub(instances.get(0).baseUrl(), envelope) / 100 == 2;
        if (!acked) {
          Thread.sleep(1_000);
        }
      }
      Duration freedAfter = Duration.ofNanos(System.nanoTime() - killed);
      System.out.printf(
          "crash: deliveries after the kill=%d acknowledged after=%d ms%n",
          deliveries, freedAfter.toMillis());

      assertThat(acked).isTrue();
      Map<String, Long> posts =
          faults.accepted().stream()
              .filter(a -> a.cluster().equals("crash-01"))
              .collect(
                  Collectors.groupingBy(
                      a -> a.path().replaceAll("\\?.*", ""), TreeMap::new, Collectors.counting()));
      assertThat(posts)
          .containsExactly(
              API_POST, 1L, SLACK_HOOK, 1L, HOOK, 1L, CHAT, 1L, SinkFaults.JIRA + "/create", 1L);
      assertThat(instances.get(0).output())
          .contains("found the message an earlier attempt posted, not posting again");
      // The claim holds 9 s after its last renewal, not the deadline and 30 s as it once did: the
      // deliveries a second apart needed to get past it stay well under the old hold.
      assertThat(deliveries).isLessThan(20);
    } finally {
      doomed.close();
    }
  }
}
