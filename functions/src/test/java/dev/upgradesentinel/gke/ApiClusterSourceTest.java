package dev.upgradesentinel.gke;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.container.v1.ClusterManagerClient;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.testing.FakeGkeServer;
import dev.upgradesentinel.testing.Fixtures;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApiClusterSourceTest {

  /**
   * Retries bounded by attempts, not by time, so that a loaded machine cannot turn the last answer
   * into DEADLINE_EXCEEDED; short delays keep the suite fast.
   */
  private static final RetrySettings TEST_RETRY =
      RetrySettings.newBuilder()
          .setMaxAttempts(4)
          .setTotalTimeoutDuration(Duration.ofSeconds(20))
          .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
          .setRpcTimeoutMultiplier(1.0)
          .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
          .setInitialRetryDelayDuration(Duration.ofMillis(10))
          .setRetryDelayMultiplier(1.5)
          .setMaxRetryDelayDuration(Duration.ofMillis(50))
          .build();

  private static final ClusterRef LEGACY_WEB =
      new ClusterRef("acme-prod", "us-central1", "legacy-web");

  private final FakeGkeServer gke = new FakeGkeServer();
  private ApiClusterSource source;

  @BeforeEach
  void startServer() throws Exception {
    gke.start();
    gke.addCluster("acme-prod", Fixtures.cluster("clusters/standard-docker.json"));
    gke.addCluster("acme-prod", Fixtures.cluster("clusters/autopilot.json"));
    gke.addCluster("acme-prod", Fixtures.cluster("clusters/windows.json"));
    gke.addCluster("acme-staging", Fixtures.cluster("clusters/containerd.json"));
    source = ApiClusterSource.create(gke.target(), TEST_RETRY);
  }

  @AfterEach
  void stopServer() throws Exception {
    source.close();
    gke.close();
  }

  @Test
  void get_publicFactoryWithEmulatorHost_readsClusterOverGrpc() {
    try (ApiClusterSource real = ApiClusterSource.create(gke.target())) {
      ClusterInfo info = real.get(LEGACY_WEB);

      assertThat(info.ref()).isEqualTo(LEGACY_WEB);
      assertThat(info.nodePools().stream().map(NodePoolInfo::imageType))
          .containsExactly("COS", "UBUNTU")
          .inOrder();
      assertThat(info.autoprovisioningImageType()).isEqualTo("COS");
      assertThat(gke.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void get_projectNumberInRef_reportsProjectFromSelfLink() {
    gke.addCluster("123456789012", Fixtures.cluster("clusters/containerd.json"));

    ClusterInfo info = source.get(new ClusterRef("123456789012", "us-east1-b", "api-staging"));

    assertThat(info.ref().project()).isEqualTo("acme-staging");
  }

  @Test
  void list_project_sendsOneRequestAndReturnsEveryClusterWithPools() {
    List<ClusterInfo> clusters = source.list("acme-prod");

    assertThat(gke.requestCount()).isEqualTo(1);
    assertThat(clusters.stream().map(c -> c.ref().name()))
        .containsExactly("legacy-web", "shop-autopilot", "dotnet-legacy")
        .inOrder();
    assertThat(clusters.stream().map(c -> c.nodePools().size())).containsExactly(2, 1, 2).inOrder();
    assertThat(clusters.get(2).ref())
        .isEqualTo(new ClusterRef("acme-prod", "us-west1", "dotnet-legacy"));
  }

  @Test
  void list_unknownProject_returnsEmpty() {
    assertThat(source.list("acme-empty")).isEmpty();
  }

  @Test
  void list_missingZones_logsWarningAndReturnsWhatItGot() {
    gke.missingZones("acme-staging", "us-east1-c", "us-east1-d");
    List<LogRecord> records = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(ApiClusterSource.class.getName());
    logger.addHandler(handler);
    try {
      assertThat(source.list("acme-staging")).hasSize(1);
    } finally {
      logger.removeHandler(handler);
    }

    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(new SimpleFormatter().formatMessage(records.get(0)))
        .contains("project=acme-staging missingZones=us-east1-c,us-east1-d");
  }

  @Test
  void get_unknownCluster_throwsClusterNotFound() {
    ClusterRef ref = new ClusterRef("acme-prod", "us-central1", "gone");

    ClusterNotFoundException e =
        assertThrows(ClusterNotFoundException.class, () -> source.get(ref));

    assertThat(e.ref()).isEqualTo(ref);
    assertThat(e).hasCauseThat().isInstanceOf(ApiException.class);
  }

  @Test
  void get_permissionDenied_throwsAccessExceptionWithCodeAndApiMessage() {
    gke.failProject(
        "acme-prod",
        Status.PERMISSION_DENIED.withDescription(
            "Required \"container.clusters.get\" permission(s) for \"projects/acme-prod\"."));

    ClusterAccessException e =
        assertThrows(ClusterAccessException.class, () -> source.get(LEGACY_WEB));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "PERMISSION_DENIED: Required \"container.clusters.get\" permission(s) for"
                + " \"projects/acme-prod\".");
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"PERMISSION_DENIED", "INVALID_ARGUMENT", "FAILED_PRECONDITION", "UNAUTHENTICATED"})
  void list_permanentRefusal_throwsAccessException(Status.Code code) {
    gke.failProject("acme-prod", Status.fromCode(code).withDescription("refused"));

    ClusterAccessException e =
        assertThrows(ClusterAccessException.class, () -> source.list("acme-prod"));

    assertThat(e).hasMessageThat().isEqualTo(code.name() + ": refused");
    assertThat(gke.requestCount()).isEqualTo(1);
  }

  @Test
  void list_projectNotFound_throwsAccessException() {
    gke.failProject("nope", Status.NOT_FOUND.withDescription("project nope not found"));

    ClusterAccessException e =
        assertThrows(ClusterAccessException.class, () -> source.list("nope"));

    assertThat(e).hasMessageThat().isEqualTo("NOT_FOUND: project nope not found");
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"RESOURCE_EXHAUSTED", "INTERNAL", "ABORTED", "UNKNOWN", "CANCELLED"})
  void get_otherFailure_throwsTransientKeepingCause(Status.Code code) {
    gke.failProject("acme-prod", Status.fromCode(code).withDescription("try later"));

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> source.get(LEGACY_WEB));

    assertThat(e).hasMessageThat().isEqualTo(code.name() + ": try later");
    assertThat(e).hasCauseThat().isInstanceOf(ApiException.class);
  }

  @Test
  void get_unavailableOnEveryCall_throwsTransientAfterRetrying() {
    gke.failProject("acme-prod", Status.UNAVAILABLE.withDescription("backend down"));

    TransientFailureException e =
        assertThrows(TransientFailureException.class, () -> source.get(LEGACY_WEB));

    assertThat(e).hasMessageThat().isEqualTo("UNAVAILABLE: backend down");
  }

  @Test
  void get_unavailableOnce_isRetriedByTheClient() {
    gke.failNext(1, Status.UNAVAILABLE);

    assertThat(source.get(LEGACY_WEB).ref()).isEqualTo(LEGACY_WEB);
    assertThat(gke.requestCount()).isEqualTo(2);
  }

  @Test
  void get_slowServer_throwsTransientDeadlineExceeded() throws Exception {
    gke.latency(Duration.ofSeconds(2));
    RetrySettings impatient =
        TEST_RETRY.toBuilder()
            .setTotalTimeoutDuration(Duration.ofMillis(500))
            .setInitialRpcTimeoutDuration(Duration.ofMillis(500))
            .setMaxRpcTimeoutDuration(Duration.ofMillis(500))
            .build();

    TransientFailureException e;
    try (ApiClusterSource slow = ApiClusterSource.create(gke.target(), impatient)) {
      e = assertThrows(TransientFailureException.class, () -> slow.get(LEGACY_WEB));
    }

    assertThat(e).hasMessageThat().startsWith("DEADLINE_EXCEEDED");
  }

  @Test
  void getAndList_manyCallsFromManyThreads_createTheClientOnce() throws Exception {
    AtomicInteger creations = new AtomicInteger();
    try (ApiClusterSource counted =
        new ApiClusterSource(
            () -> {
              creations.incrementAndGet();
              return ClusterManagerClient.create(
                  ApiClusterSource.settings(gke.target(), TEST_RETRY));
            })) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          calls.add(i % 2 == 0 ? () -> counted.get(LEGACY_WEB) : () -> counted.list("acme-prod"));
        }
        for (Future<Object> result : pool.invokeAll(calls)) {
          result.get();
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(creations.get()).isEqualTo(1);
      assertThat(gke.requestCount()).isEqualTo(16);
    }
  }

  @Test
  void close_unusedSource_createsNoClientAndLaterCallsFail() {
    AtomicInteger creations = new AtomicInteger();
    ApiClusterSource unused =
        new ApiClusterSource(
            () -> {
              creations.incrementAndGet();
              return ClusterManagerClient.create(
                  ApiClusterSource.settings(gke.target(), TEST_RETRY));
            });

    unused.close();

    assertThat(creations.get()).isEqualTo(0);
    assertThrows(IllegalStateException.class, () -> unused.get(LEGACY_WEB));
  }

  @Test
  void close_afterUse_laterCallsFail() {
    source.get(LEGACY_WEB);

    source.close();

    assertThrows(IllegalStateException.class, () -> source.list("acme-prod"));
  }
}
