package dev.upgradesentinel.wiring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredHttpClientTest {
  private final AtomicInteger built = new AtomicInteger();

  private HttpClient build() {
    built.incrementAndGet();
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(3))
        .build();
  }

  @Test
  void notStarted_buildsNothingUntilFirstUse_thenOnce() {
    DeferredHttpClient client = new DeferredHttpClient(this::build);

    assertThat(built.get()).isEqualTo(0);
    assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(client.connectTimeout()).hasValue(Duration.ofSeconds(3));
    assertThat(built.get()).isEqualTo(1);
  }

  @Test
  void builtInBackground_usersAtOnceShareTheOneClient() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    DeferredHttpClient client =
        new DeferredHttpClient(
            () -> {
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return build();
            });
    client.buildInBackground();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<HttpClient.Version>> users = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        users.add(pool.submit(client::version));
      }
      release.countDown();
      for (Future<HttpClient.Version> user : users) {
        assertThat(user.get(10, TimeUnit.SECONDS)).isEqualTo(HttpClient.Version.HTTP_1_1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(built.get()).isEqualTo(1);
  }

  @Test
  void send_goesThroughTheBuiltClient() throws Exception {
    WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    try {
      server.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withBody("pong")));
      DeferredHttpClient client = new DeferredHttpClient(this::build);
      client.buildInBackground();

      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/ping")).build(),
              HttpResponse.BodyHandlers.ofString());
      String async =
          client
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/ping")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .get(10, TimeUnit.SECONDS)
              .body();

      assertThat(answer.body()).isEqualTo("pong");
      assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(async).isEqualTo("pong");
      assertThat(built.get()).isEqualTo(1);
    } finally {
      server.stop();
    }
  }
}
