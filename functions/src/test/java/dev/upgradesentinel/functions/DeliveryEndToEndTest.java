package dev.upgradesentinel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.upgradesentinel.testing.CloudEvents;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.FakeGkeServer.GkeError;
import dev.upgradesentinel.testing.FirestoreEmulator;
import dev.upgradesentinel.testing.Fixtures;
import dev.upgradesentinel.testing.InvokerProcess;
import dev.upgradesentinel.testing.MalformedNotifications;
import dev.upgradesentinel.testing.SinkFaults;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Delivery under duplicates and faults, end to end: two instances of ClusterNotificationFunction on
 * the real invoker share a notification log in the real Firestore emulator, read clusters from a
 * gRPC GKE API and post to both Slack sinks (webhook and Web API) on WireMock. Events are posted as
 * Eventarc posts them, and Pub/Sub's contract with a push endpoint is kept by hand: a delivery
 * answered with anything but 2xx is delivered again, a bounded number of times.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryEndToEndTest {
  private static final String NUMBER = "333333333333";
  private static final String FIRESTORE_PROJECT = "sentinel-e2e";
  private static final String WEBHOOK_PATH = "/services/T0E2E/B0E2E/hookSecretZq81";
  private static final String BOT_TOKEN = "xoxb-000-botTokenSecretPw93";
  private static final String SIGNING_SECRET = "signingSecretKt72";
  private static final String[] EVENTS = {
    "upgrade-available-1-24.json",
    "upgrade-available-1-22.json",
    "upgrade-event.json",
    "upgrade-info-end-of-support.json",
    "security-bulletin.json"
  };
  private static final int MAX_DELIVERIES = 25;
  private static final int SLOW_SLACK_MILLIS = 5_000;

  private static FirestoreEmulator firestore;
  private static FakeGkeServer gke;
  private static SinkFaults faults;
  private static WireMockServer slack;
  private static List<InvokerProcess> instances;

  @BeforeAll
  static void start() throws Exception {
    firestore = FirestoreEmulator.start();
    gke = new FakeGkeServer().start();
    faults = new SinkFaults(SLOW_SLACK_MILLIS);
    slack =
        new WireMockServer(wireMockConfig().dynamicPort().containerThreads(64).extensions(faults));
    slack.start();
    slack.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    Map<String, String> env =
        Map.of(
            "GKE_EMULATOR_HOST",
            gke.target(),
            "SLACK_WEBHOOK_URL",
            slack.baseUrl() + WEBHOOK_PATH,
            "SLACK_BOT_TOKEN",
            BOT_TOKEN,
            "SLACK_CHANNEL",
            "C0E2E",
            "SLACK_API_BASE_URL",
            slack.baseUrl() + "/api",
            "SLACK_SIGNING_SECRET",
            SIGNING_SECRET,
            "NOTIFICATION_LOG",
            "firestore",
            "FIRESTORE_EMULATOR_HOST",
            firestore.hostPort(),
            "FIRESTORE_PROJECT_ID",
            FIRESTORE_PROJECT,
            "DELIVERY_DEADLINE",
            "4s");
    instances = new ArrayList<>();
    instances.add(
        InvokerProcess.start("dev.upgradesentinel.functions.ClusterNotificationFunction", env));
    instances.add(
        InvokerProcess.start("dev.upgradesentinel.functions.ClusterNotificationFunction", env));
    // Each instance handles one finding before the tests, so their clients are started: a cold
    // first event can spend most of the 4 s deadline starting the GKE, Firestore and HTTP clients,
    // and a post whose answer then times out is the lost answer the README admits for sinks that
    // cannot be asked, which these tests are not about.
    for (int i = 0; i < instances.size(); i++) {
      addCluster("standard-docker.json", "warm-" + i);
      String warm = notification("upgrade-available-1-24.json", "warm-" + i, "warm-" + i);
      if (CloudEvents.postPubSub(instances.get(i).baseUrl(), warm) / 100 != 2) {
        CloudEvents.postPubSub(instances.get(i).baseUrl(), warm);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (instances != null) {
      instances.forEach(InvokerProcess::close);
    }
    if (slack != null) {
      slack.stop();
    }
    if (gke != null) {
      gke.close();
    }
    if (firestore != null) {
      firestore.close();
    }
  }

  @BeforeEach
  void noFaults() {
    faults.failRandomly(0, 0);
    faults.reset();
    gke.failRandomly(0, GkeError.of("UNAVAILABLE", ""), 0);
  }

  private static void addCluster(String fixture, String name) {
    gke.addCluster(NUMBER, Fixtures.cluster("clusters/" + fixture, NUMBER, "us-central1", name));
  }

  private static String notification(String fixture, String cluster, String messageId) {
    return CloudEvents.notification(fixture, NUMBER, cluster, messageId);
  }

  /** Delivers as Pub/Sub does: again after any answer but 2xx; returns the deliveries made. */
  private static int deliverUntilAcked(int instance, String envelope) throws InterruptedException {
    return CloudEvents.deliverUntilAcked(instances, instance, envelope, MAX_DELIVERIES);
  }

  /** Posts Slack accepted, by sink path, for one cluster. */
  private static Map<String, Long> acceptedFor(String cluster) {
    return faults.accepted().stream()
        .filter(a -> a.cluster().equals(cluster))
        .collect(
            Collectors.groupingBy(SinkFaults.Accepted::path, TreeMap::new, Collectors.counting()));
  }

  /** What the instances logged about one cluster, for a failure's message. */
  private static String linesOf(String cluster) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      String[] output = instances.get(i).output().split("\n");
      for (int n = 0; n < output.length; n++) {
        String line = output[n];
        if (line.contains("cluster=" + cluster + " ") || line.endsWith("cluster=" + cluster)) {
          lines.add("instance " + i + ": " + line);
          // A failure's exception and causes follow it.
          for (int k = n + 1; k < Math.min(output.length, n + 60); k++) {
            if (k == n + 1 || output[k].startsWith("Caused by")) {
              lines.add("instance " + i + ": " + output[k]);
            } else if (!output[k].startsWith("\tat ") && !output[k].startsWith("\t...")) {
              break;
            }
          }
        }
      }
    }
    return String.join("\n", lines);
  }

  private static String allOutput() {
    return instances.stream().map(InvokerProcess::output).collect(Collectors.joining("\n"));
  }

  @Test
  @Order(1)
  void sameNotification20Times10Concurrently_postsExactlyOncePerSink() throws Exception {
    addCluster("standard-docker.json", "dup-prod");
    String envelope = notification("upgrade-available-1-24.json", "dup-prod", "dup-1");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<Integer>> concurrent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int instance = i;
      concurrent.add(pool.submit(() -> deliverUntilAcked(instance, envelope)));
    }
    for (Future<Integer> delivery : concurrent) {
      delivery.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    for (int i = 0; i < 10; i++) {
      deliverUntilAcked(i, envelope);
    }

    assertThat(acceptedFor("dup-prod"))
        .containsExactly(WEBHOOK_PATH, 1L, "/api/chat.postMessage", 1L);
    assertThat(faults.accepted()).hasSize(2);
  }

  @Test
  @Order(2)
  void faultInjection_500NotificationsAcross50Clusters_postEveryFindingExactlyOnce()
      throws Exception {
    List<String> docker = new ArrayList<>();
    List<String> clear = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      docker.add(String.format("svc-%02d", i));
      addCluster("standard-docker.json", docker.get(i));
    }
    for (int i = 0; i < 10; i++) {
      clear.add(String.format("ok-%02d", i));
      addCluster("containerd.json", clear.get(i));
    }
    List<String> envelopes = new ArrayList<>();
    List<String> clusters = new ArrayList<>(docker);
    clusters.addAll(clear);
    for (String cluster : clusters) {
      for (int n = 0; n < 10; n++) {
        envelopes.add(notification(EVENTS[n % EVENTS.length], cluster, "fi-" + cluster + "-" + n));
      }
    }
    Collections.shuffle(envelopes, new Random(42));
    faults.failRandomly(0.2, 7);
    gke.failRandomly(0.1, GkeError.of("UNAVAILABLE", "injected"), 11);
    AtomicInteger deliveries = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> work = new ArrayList<>();
    for (int i = 0; i < envelopes.size(); i++) {
      int instance = i;
      String envelope = envelopes.get(i);
      work.add(pool.submit(() -> deliveries.addAndGet(deliverUntilAcked(instance, envelope))));
    }
    for (Future<?> delivery : work) {
      delivery.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    Map<SinkFaults.Answer, Integer> answers = faults.answers();
    System.out.printf(
        "fault injection: notifications=%d clusters=%d (docker=%d clear=%d) deliveries=%d"
            + " redeliveries=%d slackCalls=%d slackAnswers=%s gkeInjectedUnavailable=%d"
            + " slackPostsAccepted=%d (webhook=%d chat.postMessage=%d)%n",
        envelopes.size(),
        clusters.size(),
        docker.size(),
        clear.size(),
        deliveries.get(),
        deliveries.get() - envelopes.size(),
        answers.values().stream().mapToInt(Integer::intValue).sum(),
        new TreeMap<>(answers),
        gke.randomFailureCount(),
        faults.accepted().size(),
        faults.accepted().stream().filter(a -> a.path().equals(WEBHOOK_PATH)).count(),
        faults.accepted().stream().filter(a -> a.path().equals("/api/chat.postMessage")).count());
    for (String cluster : docker) {
      assertWithMessage(
              "posts for cluster " + cluster + "; the instances said:\n" + linesOf(cluster))
          .that(acceptedFor(cluster))
          .containsExactly(WEBHOOK_PATH, 1L, "/api/chat.postMessage", 1L);
    }
    for (String cluster : clear) {
      assertWithMessage("posts for cluster " + cluster).that(acceptedFor(cluster)).isEmpty();
    }
    assertThat(faults.accepted()).hasSize(2 * docker.size());
    assertThat(answers.keySet()).containsAtLeastElementsIn(SinkFaults.NOTHING_POSTED);
    assertThat(gke.randomFailureCount()).isGreaterThan(0);
  }

  @Test
  @Order(3)
  void malformedCorpus_eachAcknowledgedAndLoggedWithItsReason_nothingPosted() throws Exception {
    List<MalformedNotifications.Case> corpus = MalformedNotifications.all();
    InvokerProcess instance = instances.get(0);
    int earlierOutput = instance.output().length();

    for (MalformedNotifications.Case bad : corpus) {
      List<String> before = rejections(instance.output());
      int status = CloudEvents.post(instance.baseUrl(), bad.cloudEventType(), bad.body());

      assertWithMessage("status for " + bad.name()).that(status).isEqualTo(200);
      List<String> logged = awaitRejections(instance, before.size() + 1);
      assertWithMessage("rejections logged for " + bad.name())
          .that(logged)
          .hasSize(before.size() + 1);
      assertWithMessage("logged reason for " + bad.name())
          .that(logged.get(logged.size() - 1))
          .contains(bad.reason());
    }

    assertThat(corpus.size()).isAtLeast(40);
    assertThat(instance.output().substring(earlierOutput)).doesNotContain("Exception");
    assertThat(faults.answers()).isEmpty();
  }

  /** The output is read asynchronously, so a line may arrive a moment after the answer. */
  private static List<String> awaitRejections(InvokerProcess instance, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<String> lines = rejections(instance.output());
    while (lines.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      lines = rejections(instance.output());
    }
    return lines;
  }

  private static List<String> rejections(String output) {
    return output
        .lines()
        .filter(
            l ->
                l.contains("Dropping message that cannot be understood")
                    || l.contains("Ignoring message:"))
        .toList();
  }

  @Test
  @Order(4)
  void everyLogLine_ofGoodBadAndFailingDeliveries_holdsNoSecret() throws Exception {
    addCluster("standard-docker.json", "secret-prod");
    faults.failRandomly(1.0, 3);
    for (InvokerProcess instance : instances) {
      CloudEvents.postPubSub(
          instance.baseUrl(), notification("upgrade-event.json", "secret-prod", "sec-1"));
    }
    faults.failRandomly(0, 0);
    deliverUntilAcked(0, notification("upgrade-event.json", "secret-prod", "sec-1"));
    CloudEvents.postPubSub(
        instances.get(1).baseUrl(), "{\"message\":{\"data\":\"" + WEBHOOK_PATH + "\"}}");

    String output = allOutput();
    assertThat(acceptedFor("secret-prod")).hasSize(2);
    assertThat(output).contains("secret-prod");
    for (String line : output.lines().toList()) {
      for (String secret :
          List.of(
              WEBHOOK_PATH, "hookSecretZq81", BOT_TOKEN, "botTokenSecretPw93", SIGNING_SECRET)) {
        assertWithMessage("log line holds a secret: " + line).that(line).doesNotContain(secret);
      }
    }
  }
}
