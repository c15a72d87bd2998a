package dev.upgradesentinel.gke;

import java.net.http.HttpClient;
import java.time.Duration;

/** GKE API clients for tests of other packages, against {@code FakeGkeServer} or WireMock. */
public final class GkeApis {
  private GkeApis() {}

  /**
   * One attempt a call, so a test of a caller's own retries (the fleet scanner's) counts its
   * requests alone: the first delay is longer than the call may take.
   */
  public static final GkeApi.Retry ONE_ATTEMPT =
      new GkeApi.Retry(
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          1.0,
          Duration.ofSeconds(60));

  /** A cluster source over the plaintext API at {@code host:port}, with the deployed retries. */
  public static ApiClusterSource source(String hostPort) {
    return new ApiClusterSource(GkeApi.create(hostPort, http()));
  }

  /** A cluster source over the plaintext API at {@code host:port}, one attempt a call. */
  public static ApiClusterSource oneAttempt(String hostPort) {
    return new ApiClusterSource(
        new GkeApi(http(), "http://" + hostPort, null, ONE_ATTEMPT, GkeApi::pause));
  }

  private static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }
}
