package dev.upgradesentinel.command;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {
  private static final long NOW = 1_764_054_000L;
  private static final byte[] BODY =
      "token=x&team_id=T1&command=%2Fgke-check&text=platform-prod&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1%2F2%2F3"
          .getBytes(StandardCharsets.UTF_8);

  private final SlackSignature signature =
      new SlackSignature(
          "8f742231b10e8888abcd99yyyzzz85a5",
          Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

  private String signed(long timestamp, byte[] body) {
    return "v0=" + signature.sign(Long.toString(timestamp), body);
  }

  @Test
  void check_validSignature_passes() {
    assertThat(signature.check(Long.toString(NOW), signed(NOW, BODY), BODY)).isEmpty();
  }

  @Test
  void sign_knownInput_matchesIndependentHmac() throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            "8f742231b10e8888abcd99yyyzzz85a5".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected =
        mac.doFinal(
            ("v0:" + NOW + ":" + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));

    assertThat(signature.sign(Long.toString(NOW), BODY))
        .isEqualTo(java.util.HexFormat.of().formatHex(expected));
  }

  @Test
  void check_wrongSecret_fails() {
    SlackSignature other =
        new SlackSignature(
            "another-secret", Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    String forged = "v0=" + other.sign(Long.toString(NOW), BODY);

    assertThat(signature.check(Long.toString(NOW), forged, BODY))
        .hasValue("signature does not match");
  }

  @Test
  void check_tamperedBody_fails() {
    byte[] tampered =
        new String(BODY, StandardCharsets.UTF_8)
            .replace("platform-prod", "victim-project")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(signature.check(Long.toString(NOW), signed(NOW, BODY), tampered))
        .hasValue("signature does not match");
  }

  @Test
  void check_staleTimestamp_fails() {
    long stale = NOW - 301;

    assertThat(signature.check(Long.toString(stale), signed(stale, BODY), BODY).get())
        .contains("5 minutes");
  }

  @Test
  void check_futureTimestamp_fails() {
    long future = NOW + 301;

    assertThat(signature.check(Long.toString(future), signed(future, BODY), BODY).get())
        .contains("5 minutes");
  }

  @Test
  void check_timestampJustInsideWindow_passes() {
    assertThat(signature.check(Long.toString(NOW - 299), signed(NOW - 299, BODY), BODY)).isEmpty();
    assertThat(signature.check(Long.toString(NOW + 299), signed(NOW + 299, BODY), BODY)).isEmpty();
  }

  @Test
  void check_missingHeaders_fail() {
    assertThat(signature.check(null, signed(NOW, BODY), BODY).get())
        .contains("Timestamp header missing");
    assertThat(signature.check(Long.toString(NOW), null, BODY).get())
        .contains("Signature header missing");
    assertThat(signature.check(" ", signed(NOW, BODY), BODY)).isPresent();
  }

  @Test
  void check_timestampNotANumber_fails() {
    assertThat(signature.check("yesterday", signed(NOW, BODY), BODY))
        .hasValue("X-Slack-Request-Timestamp is not a number");
  }

  @Test
  void check_signatureWithoutVersionPrefix_fails() {
    assertThat(signature.check(Long.toString(NOW), signature.sign(Long.toString(NOW), BODY), BODY))
        .isPresent();
  }
}
