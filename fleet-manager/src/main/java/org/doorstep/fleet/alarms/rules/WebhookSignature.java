package org.doorstep.fleet.alarms.rules;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery (docs/alarms-webhook.md): {@code X-Doorstep-Signature:
 * sha256=<hex>} where hex is lower-case HMAC-SHA256 (RFC 2104, FIPS 180-4) keyed with the UTF-8 bytes
 * of the shared secret over the UTF-8 bytes of {@code "<timestamp>.<body>"}, and {@code timestamp}
 * is the {@code X-Doorstep-Timestamp} header (Unix seconds). Binding the timestamp lets a receiver
 * refuse replays older than its tolerance (the scheme Stripe and Slack use).
 */
public final class WebhookSignature {
  /** The signature header. */
  public static final String HEADER = "X-Doorstep-Signature";
  /** The timestamp header (Unix seconds, decimal). */
  public static final String TIMESTAMP_HEADER = "X-Doorstep-Timestamp";
  /** The event header ({@code raised}, {@code updated}, {@code acknowledged}, {@code cleared}, {@code escalated}). */
  public static final String EVENT_HEADER = "X-Doorstep-Event";
  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** The header value for {@code body} sent at {@code timestampSeconds}. */
  public static String sign(String secret, long timestampSeconds, String body) {
    return PREFIX + HexFormat.of().formatHex(mac(secret, timestampSeconds + "." + body));
  }

  /** Whether {@code header} is the signature of {@code body} at {@code timestampSeconds} (constant-time compare). */
  public static boolean verify(String secret, long timestampSeconds, String body, String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, mac(secret, timestampSeconds + "." + body));
  }

  private static byte[] mac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e); // every JDK has it
    }
  }
}
