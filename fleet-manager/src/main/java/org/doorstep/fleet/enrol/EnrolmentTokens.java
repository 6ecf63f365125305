package org.doorstep.fleet.enrol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Generating and hashing one-time enrolment tokens. Pure, thread-safe. */
public final class EnrolmentTokens {
  /** Random bytes per token: 256 bits, beyond guessing even without rate limits. */
  public static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private EnrolmentTokens() {}

  /** A fresh token: {@value #TOKEN_BYTES} random bytes, base64url without padding (43 characters). */
  public static String newToken() {
    byte[] b = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 of the token's UTF-8 bytes, 64 lower-case hex digits: what the store keeps. */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
