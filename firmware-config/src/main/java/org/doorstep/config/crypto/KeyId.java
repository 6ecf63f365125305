package org.doorstep.config.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * A short, stable name for a public key: the first 8 bytes of SHA-256 over the key's DER
 * SubjectPublicKeyInfo, as 16 lower-case hex digits. Lets a verifier tell which of a device's keys
 * (old or renewed) signed a message without shipping the key itself.
 */
public final class KeyId {
  private KeyId() {}

  /** The key id of {@code key}. */
  public static String of(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
