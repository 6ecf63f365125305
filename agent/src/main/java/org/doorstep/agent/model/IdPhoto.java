package org.doorstep.agent.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The photo stored on an ID card (a WLT/JPEG image, ~1 KiB). Sensitive: {@link #toString()} shows
 * only a hash prefix and the size; the bytes come from {@link #bytes()} (a copy).
 */
public final class IdPhoto {
  private final byte[] bytes;

  private IdPhoto(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A photo of these bytes (copied). */
  public static IdPhoto of(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("photo: must not be empty");
    }
    return new IdPhoto(bytes.clone());
  }

  /** A copy of the image bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  /** SHA-256 of the bytes, 64 lower-case hex digits. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdPhoto p && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "photo[sha256:" + sha256().substring(0, 8) + "…, " + bytes.length + " B]";
  }
}
