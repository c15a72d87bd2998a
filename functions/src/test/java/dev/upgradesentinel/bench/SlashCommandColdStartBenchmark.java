package dev.upgradesentinel.bench;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.testing.InvokerProcess;
import dev.upgradesentinel.testing.PubSubEmulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The slash command against Slack's 3-second limit: SlackCommandFunction in a fresh JVM on the real
 * invoker, from launch to the first signed {@code /gke-check} acknowledged (which includes creating
 * the Pub/Sub publisher and publishing to the emulator), and that first request alone.
 */
class SlashCommandColdStartBenchmark {
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
  static final String SECRET = "bench-signing-secret";

  @Test
  void coldStart_slashCommand_firstAnswer() throws Exception {
    List<Long> launchToAnswer = new ArrayList<>();
    List<Long> firstRequest = new ArrayList<>();
    try (PubSubEmulator pubsub = PubSubEmulator.start()) {
      String topic = pubsub.createTopic("scan-requests");
      Map<String, String> env =
          Map.of(
              "SLACK_SIGNING_SECRET", SECRET,
              "SCAN_TOPIC", topic,
              "PUBSUB_EMULATOR_HOST", pubsub.hostPort());
      HttpClient http = HttpClient.newHttpClient();
      for (int round = 0; round < ROUNDS; round++) {
        long launched = System.nanoTime();
        try (InvokerProcess function =
            InvokerProcess.start("dev.upgradesentinel.functions.SlackCommandFunction", env)) {
          long sent = System.nanoTime();
          HttpResponse<String> ack =
              http.send(signed(function.baseUrl()), HttpResponse.BodyHandlers.ofString());
          long answered = System.nanoTime();
          assertThat(ack.statusCode()).isEqualTo(200);
          assertThat(ack.body()).contains("Checking platform-prod");
          launchToAnswer.add((answered - launched) / 1_000_000);
          firstRequest.add((answered - sent) / 1_000_000);
        }
      }
    }
    System.out.printf(
        "%nSlash command, %d fresh instances: launch to first answer median=%d ms max=%d ms;"
            + " first request alone median=%d ms max=%d ms (Slack allows 3000 ms)%n",
        ROUNDS,
        median(launchToAnswer),
        Collections.max(launchToAnswer),
        median(firstRequest),
        Collections.max(firstRequest));
  }

  static HttpRequest signed(String url) throws Exception {
    String body =
        "team_id=T0&user_id=U0BENCH&command=%2Fgke-check&text=platform-prod&response_url="
            + URLEncoder.encode(
                "https://hooks.slack.com/commands/T0/1/bench", StandardCharsets.UTF_8);
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        "v0="
            + HexFormat.of()
                .formatHex(
                    mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Slack-Request-Timestamp", timestamp)
        .header("X-Slack-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
