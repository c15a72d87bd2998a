package dev.upgradesentinel.googleapis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleRestTest {
  private static final GoogleRest.Retry ONCE =
      new GoogleRest.Retry(
          Duration.ofSeconds(5),
          Duration.ofSeconds(2),
          Duration.ofMillis(10),
          2.0,
          Duration.ofMillis(10),
          1);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer api;

  @BeforeEach
  void start() {
    api = new WireMockServer(wireMockConfig().dynamicPort());
    api.start();
    api.stubFor(get(urlPathEqualTo("/v1/thing")).willReturn(aResponse().withBody("{\"a\":1}")));
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  @Test
  void get_withCredentials_sendsTheirBearerToken() {
    GoogleCredentials token =
        GoogleCredentials.create(
            new AccessToken("ya29.token", Date.from(Instant.now().plusSeconds(3600))));
    GoogleRest rest = new GoogleRest(http, api.baseUrl(), () -> token, ONCE);

    assertThat(rest.get("/v1/thing").get("a").getAsInt()).isEqualTo(1);
    api.verify(
        getRequestedFor(urlPathEqualTo("/v1/thing"))
            .withHeader("Authorization", equalTo("Bearer ya29.token"))
            .withHeader("User-Agent", equalTo("gke-upgrade-sentinel")));
  }

  @Test
  void get_emulator_sendsNoCredentials() {
    GoogleRest rest = GoogleRest.forApi("x.googleapis.com", "127.0.0.1:" + api.port(), http, ONCE);

    rest.get("/v1/thing");

    assertThat(api.getAllServeEvents().get(0).getRequest().containsHeader("Authorization"))
        .isFalse();
  }

  @Test
  void get_noApplicationDefaultCredentials_isUnauthenticatedAndAskedAgainNextCall() {
    AtomicInteger loads = new AtomicInteger();
    GoogleRest rest =
        new GoogleRest(
            http,
            api.baseUrl(),
            () -> {
              loads.incrementAndGet();
              throw new IOException("The Application Default Credentials are not available");
            },
            ONCE);

    GoogleApiException e = assertThrows(GoogleApiException.class, () -> rest.get("/v1/thing"));
    rest.warmUp(); // a failed warm-up is left for the call: it throws nothing

    assertThat(e.status()).isEqualTo("UNAUTHENTICATED");
    assertThat(e.retryable()).isFalse();
    assertThat(loads.get()).isEqualTo(2);
    assertThat(api.getAllServeEvents()).isEmpty();
  }

  @Test
  void get_answerThatIsNotAnObject_isInternal() {
    api.stubFor(get(urlPathEqualTo("/v1/list")).willReturn(aResponse().withBody("[1,2]")));
    GoogleRest rest = new GoogleRest(http, api.baseUrl(), null, ONCE);

    GoogleApiException e = assertThrows(GoogleApiException.class, () -> rest.get("/v1/list"));

    assertThat(e.status()).isEqualTo("INTERNAL");
    assertThat(e.httpStatus()).isEqualTo(200);
  }

  @Test
  void get_nothingListening_isUnavailable() {
    int port = api.port();
    api.stop();
    GoogleRest rest = new GoogleRest(http, "http://127.0.0.1:" + port, null, ONCE);

    GoogleApiException e = assertThrows(GoogleApiException.class, () -> rest.get("/v1/thing"));

    assertThat(e.status()).isEqualTo("UNAVAILABLE");
    assertThat(e.httpStatus()).isEqualTo(0);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void error_googleErrorBody_givesItsStatusAndOneLineMessage() {
    GoogleApiException e =
        GoogleRest.error(
            409,
            "{\"error\":{\"code\":409,\"message\":\"Document already exists:\\n x\","
                + "\"status\":\"ALREADY_EXISTS\"}}");

    assertThat(e.status()).isEqualTo("ALREADY_EXISTS");
    assertThat(e).hasMessageThat().isEqualTo("ALREADY_EXISTS: Document already exists: x");
  }

  @Test
  void error_statusThatIsNoCanonicalName_fallsBackToTheHttpStatus() {
    assertThat(
            GoogleRest.error(403, "{\"error\":{\"status\":\"<@U123> everyone\",\"message\":\"m\"}}")
                .status())
        .isEqualTo("PERMISSION_DENIED");
    assertThat(GoogleRest.error(503, "Service Unavailable").status()).isEqualTo("UNAVAILABLE");
    assertThat(GoogleRest.error(418, "").status()).isEqualTo("UNKNOWN");
  }

  @Test
  void error_longMessage_isCut() {
    String message = "x".repeat(1_000);

    assertThat(GoogleRest.error(400, "{\"error\":{\"message\":\"" + message + "\"}}"))
        .hasMessageThat()
        .isEqualTo("INVALID_ARGUMENT: " + "x".repeat(300) + "...");
  }

  @Test
  void segment_encodesAllButUnreservedCharacters() {
    assertThat(GoogleRest.segment("us-central1_a.b~c")).isEqualTo("us-central1_a.b~c");
    assertThat(GoogleRest.segment("a/b?c#d e")).isEqualTo("a%2Fb%3Fc%23d%20e");
    assertThat(GoogleRest.segment("클러스터")).isEqualTo("%ED%81%B4%EB%9F%AC%EC%8A%A4%ED%84%B0");
  }
}
