package dev.upgradesentinel.sinks.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the generic webhook's requests so a receiver can tell they come from this deployment and
 * were not replayed: {@code X-Sentinel-Signature: sha256=HEX}, where HEX is the lower-case hex
 * HMAC-SHA256, keyed with the shared secret's UTF-8 bytes, of {@code TIMESTAMP + "." + BODY} — the
 * decimal Unix seconds of {@code X-Sentinel-Timestamp}, a dot, and the raw request body bytes.
 * Signing the timestamp with the body lets the receiver reject old requests (say, older than five
 * minutes) without trusting an unsigned header.
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Sentinel-Signature";
  public static final String TIMESTAMP_HEADER = "X-Sentinel-Timestamp";
  public static final String EVENT_HEADER = "X-Sentinel-Event";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /** The value of the signature header for a body sent at {@code unixSeconds}. */
  public static String sign(String secret, long unixSeconds, String body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
