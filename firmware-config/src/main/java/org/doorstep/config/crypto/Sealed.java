package org.doorstep.config.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One encrypted value as {@link EvidenceCipher} stores it: self-describing, so a reader needs only
 * the key and the associated data.
 *
 * <p>Byte format, version 1 ({@link #toBytes()}):
 * <pre>
 * offset  size  field
 * 0       1     format version, 0x01
 * 1       1     algorithm id: 0x01 AES-256-GCM, 0x02 SM4-GCM ({@link EvidenceCipher.Algorithm#id()})
 * 2       12    nonce (random, 96 bits)
 * 14      n+16  ciphertext followed by the 128-bit GCM tag
 * </pre>
 * The version and algorithm bytes are authenticated too (they are prepended to the associated data),
 * so changing them makes decryption fail.
 *
 * @param algorithm  the cipher
 * @param nonce      the 12-byte nonce
 * @param ciphertext the ciphertext with the 16-byte tag appended (at least 16 bytes)
 */
public record Sealed(EvidenceCipher.Algorithm algorithm, byte[] nonce, byte[] ciphertext) {
  /** The format version this class writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** Nonce length in bytes (96 bits, the GCM recommendation of NIST SP 800-38D). */
  public static final int NONCE_BYTES = 12;
  /** GCM tag length in bytes. */
  public static final int TAG_BYTES = 16;
  /** Header length: version, algorithm, nonce. */
  public static final int HEADER_BYTES = 2 + NONCE_BYTES;

  /** Validates and copies the arrays. */
  public Sealed {
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm: required");
    }
    if (nonce == null || nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("nonce: must be " + NONCE_BYTES + " bytes");
    }
    if (ciphertext == null || ciphertext.length < TAG_BYTES) {
      throw new IllegalArgumentException("ciphertext: must hold at least the " + TAG_BYTES + "-byte tag");
    }
    nonce = nonce.clone();
    ciphertext = ciphertext.clone();
  }

  /** A copy of the nonce. */
  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  /** A copy of the ciphertext with its tag. */
  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The version-1 byte format described in the class comment. */
  public byte[] toBytes() {
    byte[] out = new byte[HEADER_BYTES + ciphertext.length];
    out[0] = (byte) FORMAT_VERSION;
    out[1] = algorithm.id();
    System.arraycopy(nonce, 0, out, 2, NONCE_BYTES);
    System.arraycopy(ciphertext, 0, out, HEADER_BYTES, ciphertext.length);
    return out;
  }

  /**
   * Parses the byte format.
   *
   * @throws CryptoException when the bytes are too short, of another format version or name an
   *     unknown algorithm
   */
  public static Sealed fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_BYTES + TAG_BYTES) {
      throw new CryptoException("sealed value too short: " + (bytes == null ? 0 : bytes.length) + " bytes");
    }
    if (bytes[0] != FORMAT_VERSION) {
      throw new CryptoException("sealed value has format version " + (bytes[0] & 0xff)
          + ", this side reads " + FORMAT_VERSION);
    }
    EvidenceCipher.Algorithm alg = EvidenceCipher.Algorithm.ofId(bytes[1]);
    return new Sealed(alg, Arrays.copyOfRange(bytes, 2, HEADER_BYTES),
        Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
  }

  /** Equal when algorithm, nonce and ciphertext are equal (by content). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Sealed s && s.algorithm == algorithm && Arrays.equals(s.nonce, nonce)
        && Arrays.equals(s.ciphertext, ciphertext);
  }

  /** Consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return 31 * (31 * algorithm.hashCode() + Arrays.hashCode(nonce)) + Arrays.hashCode(ciphertext);
  }

  /** Shows the algorithm, nonce and length only: never the ciphertext. */
  @Override
  public String toString() {
    return "Sealed[" + algorithm + ", nonce=" + HexFormat.of().formatHex(nonce) + ", "
        + ciphertext.length + " bytes]";
  }
}
