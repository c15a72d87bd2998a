package dev.upgradesentinel.command;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies that a request comes from Slack: {@code X-Slack-Signature} must be {@code v0=} and the
 * hex HMAC-SHA256, keyed with the app's signing secret, of {@code v0:TIMESTAMP:BODY} over the raw
 * body; {@code X-Slack-Request-Timestamp} must be within five minutes of now, either way, so a
 * captured request cannot be replayed later.
 */
public final class SlackSignature {
  static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final String VERSION = "v0";

  private final byte[] signingSecret;
  private final Clock clock;

  public SlackSignature(String signingSecret, Clock clock) {
    this.signingSecret =
        Objects.requireNonNull(signingSecret, "signingSecret == null")
            .getBytes(StandardCharsets.UTF_8);
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Checks a request.
   *
   * @return empty when the request is authentic, else why not (safe to log and to answer)
   */
  public Optional<String> check(String timestampHeader, String signatureHeader, byte[] body) {
    if (timestampHeader == null || timestampHeader.isBlank()) {
      return Optional.of("X-Slack-Request-Timestamp header missing");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return Optional.of("X-Slack-Signature header missing");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.strip());
    } catch (NumberFormatException e) {
      return Optional.of("X-Slack-Request-Timestamp is not a number");
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
    if (skew > MAX_SKEW.toSeconds()) {
      return Optional.of("request timestamp is more than 5 minutes away from now");
    }
    byte[] expected =
        (VERSION + "=" + sign(timestampHeader.strip(), body)).getBytes(StandardCharsets.UTF_8);
    byte[] given = signatureHeader.strip().getBytes(StandardCharsets.UTF_8);
    // Constant time: the comparison must not tell an attacker how much of a guess was right.
    return MessageDigest.isEqual(expected, given)
        ? Optional.empty()
        : Optional.of("signature does not match");
  }

  /** The hex signature of a body sent at a timestamp; also used by tests to sign requests. */
  String sign(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret, "HmacSHA256"));
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      mac.update(body);
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
