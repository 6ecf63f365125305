package org.doorstep.config.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A keyed hash of a personal value (an ID number) that names or finds stored data without showing the
 * value ("blind index"): {@code HMAC(subKey, value)}, where the sub-key is derived from the data key by
 * HKDF (RFC 5869) with a fixed purpose label. One data key thus serves both sealing ({@link
 * EvidenceCipher}) and naming, without a second key file, and the naming key is never the sealing key.
 *
 * <p>Suite-aware, like the data key: HKDF-SHA256 and HMAC-SHA256 for an AES-256-GCM data key, HKDF-SM3
 * and HMAC-SM3 (GB/T 32905) for an SM4-GCM one. Both give 32 bytes, 64 lower-case hex digits.
 *
 * <pre>{@code
 * BlindIndex names = BlindIndex.derive(Algorithm.SM4_GCM, dataKey, "reference-photos");
 * String file = names.of(idNumber.unmasked()) + ".photo";   // same number, same name; shows nothing
 * }</pre>
 *
 * <p>Thread-safe; the derived key stays inside the instance.
 */
public final class BlindIndex {
  /** Length of the derived key and of the hash, in bytes. */
  public static final int BYTES = 32;
  private static final String LABEL_PREFIX = "doorstep/v1/blind-index/";

  private final EvidenceCipher.Algorithm algorithm;
  private final String purpose;
  private final byte[] key;

  private BlindIndex(EvidenceCipher.Algorithm algorithm, String purpose, byte[] key) {
    this.algorithm = algorithm;
    this.purpose = purpose;
    this.key = key;
  }

  /**
   * The index for {@code purpose} under {@code dataKey}.
   *
   * @param algorithm the data key's cipher (chooses SHA-256 or SM3)
   * @param dataKey   the device's data key (raw bytes must be available: a file or unwrapped key)
   * @param purpose   a fixed label, e.g. {@code "reference-photos"}; other purposes get unrelated keys
   * @throws CryptoException when the key does not fit {@code algorithm} or cannot be read as bytes
   */
  public static BlindIndex derive(EvidenceCipher.Algorithm algorithm, SecretKey dataKey, String purpose) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(dataKey, "dataKey");
    if (purpose == null || purpose.isBlank()) {
      throw new IllegalArgumentException("purpose: required");
    }
    byte[] ikm = dataKey.getEncoded();
    if (ikm == null || ikm.length != algorithm.keyBytes()) {
      throw new CryptoException("blind index needs the raw " + algorithm + " data key ("
          + algorithm.keyBytes() + " bytes)");
    }
    try {
      HKDFBytesGenerator hkdf = new HKDFBytesGenerator(digest(algorithm));
      hkdf.init(new HKDFParameters(ikm, null, (LABEL_PREFIX + purpose).getBytes(StandardCharsets.UTF_8)));
      byte[] okm = new byte[BYTES];
      hkdf.generateBytes(okm, 0, okm.length);
      return new BlindIndex(algorithm, purpose, okm);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /** The keyed hash of {@code value} (UTF-8), 64 lower-case hex digits. */
  public String of(String value) {
    Objects.requireNonNull(value, "value");
    HMac mac = new HMac(digest(algorithm));
    mac.init(new KeyParameter(key));
    byte[] in = value.getBytes(StandardCharsets.UTF_8);
    mac.update(in, 0, in.length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }

  /** The MAC in use: {@code HMAC-SHA256} or {@code HMAC-SM3}. */
  public String macAlgorithm() {
    return algorithm == EvidenceCipher.Algorithm.SM4_GCM ? "HMAC-SM3" : "HMAC-SHA256";
  }

  private static Digest digest(EvidenceCipher.Algorithm algorithm) {
    return algorithm == EvidenceCipher.Algorithm.SM4_GCM ? new SM3Digest() : new SHA256Digest();
  }

  /** Names the purpose and MAC, never the key. */
  @Override
  public String toString() {
    return "BlindIndex[" + purpose + ", " + macAlgorithm() + "]";
  }
}
