package org.doorstep.config.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of personal data at rest (evidence bytes, ID numbers): AES-256-GCM, or
 * SM4-GCM in SM mode, through Bouncy Castle. Each call draws a fresh random 96-bit nonce; the
 * associated data (typically the record id) binds a ciphertext to its row so that it cannot be
 * moved to another record. Results are {@link Sealed} values, whose byte form names the algorithm.
 *
 * <p>Keys are plain {@link SecretKey}s: protecting (wrapping) them is the key store's job, not this
 * class's. Thread-safe.
 *
 * <p>Nonce budget: with random 96-bit nonces NIST SP 800-38D allows 2^32 encryptions per key; rotate
 * keys well before that.
 */
public final class EvidenceCipher {

  /** The ciphers, with their id byte in the {@link Sealed} format. */
  public enum Algorithm {
    /** AES with a 256-bit key in GCM mode (the default suite). */
    AES_256_GCM((byte) 1, "AES", 32),
    /** SM4 (GB/T 32907, 128-bit key) in GCM mode (SM suite). */
    SM4_GCM((byte) 2, "SM4", 16);

    private final byte id;
    private final String keyAlgorithm;
    private final int keyBytes;

    Algorithm(byte id, String keyAlgorithm, int keyBytes) {
      this.id = id;
      this.keyAlgorithm = keyAlgorithm;
      this.keyBytes = keyBytes;
    }

    /** The id byte in the {@link Sealed} format. */
    public byte id() {
      return id;
    }

    /** The JCA key algorithm name ({@code AES}, {@code SM4}). */
    public String keyAlgorithm() {
      return keyAlgorithm;
    }

    /** Key length in bytes (32 for AES-256, 16 for SM4). */
    public int keyBytes() {
      return keyBytes;
    }

    /**
     * The algorithm with id byte {@code id}.
     *
     * @throws CryptoException for an unknown id
     */
    public static Algorithm ofId(byte id) {
      for (Algorithm a : values()) {
        if (a.id == id) {
          return a;
        }
      }
      throw new CryptoException("sealed value names unknown cipher id " + (id & 0xff));
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Algorithm algorithm;
  private final SecretKey key;

  /**
   * A cipher using {@code key} with {@code algorithm}.
   *
   * @throws CryptoException when the key's length or algorithm does not fit {@code algorithm}
   */
  public EvidenceCipher(Algorithm algorithm, SecretKey key) {
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm: required");
    }
    if (key == null) {
      throw new IllegalArgumentException("key: required");
    }
    byte[] encoded = key.getEncoded();
    if (encoded == null || encoded.length != algorithm.keyBytes()) {
      throw new CryptoException(algorithm + " needs a " + algorithm.keyBytes() * 8 + "-bit key");
    }
    if (!algorithm.keyAlgorithm().equalsIgnoreCase(key.getAlgorithm())) {
      throw new CryptoException(algorithm + " needs a " + algorithm.keyAlgorithm() + " key, not "
          + key.getAlgorithm());
    }
    this.algorithm = algorithm;
    this.key = key;
  }

  /** A cipher for the suite's algorithm. */
  public static EvidenceCipher of(CryptoSuite suite, SecretKey key) {
    return new EvidenceCipher(suite.cipherAlgorithm(), key);
  }

  /** A fresh random key for {@code algorithm}. */
  public static SecretKey generateKey(Algorithm algorithm) {
    try {
      KeyGenerator g = KeyGenerator.getInstance(algorithm.keyAlgorithm(), Keys.BC);
      g.init(algorithm.keyBytes() * 8, RANDOM);
      return g.generateKey();
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot generate " + algorithm + " key", e);
    }
  }

  /**
   * A key from its raw bytes (e.g. unwrapped from a key store).
   *
   * @throws CryptoException when the length does not fit {@code algorithm}
   */
  public static SecretKey keyFromBytes(Algorithm algorithm, byte[] raw) {
    if (raw == null || raw.length != algorithm.keyBytes()) {
      throw new CryptoException(algorithm + " needs a " + algorithm.keyBytes() + "-byte key");
    }
    return new SecretKeySpec(raw, algorithm.keyAlgorithm());
  }

  /** The algorithm this cipher seals with. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * Encrypts {@code plaintext}, authenticating {@code associatedData} with it.
   *
   * @param associatedData bound to the ciphertext, not encrypted (e.g. the record id's bytes); may be empty
   */
  public Sealed seal(byte[] plaintext, byte[] associatedData) {
    byte[] nonce = new byte[Sealed.NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, algorithm, associatedData);
      return new Sealed(algorithm, nonce, c.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates {@code sealed}.
   *
   * @throws CryptoException "authentication failed" when the ciphertext, nonce, header or associated
   *     data was changed or the key is wrong (GCM cannot tell these apart); or when the value was
   *     sealed with another algorithm than this cipher's
   */
  public byte[] open(Sealed sealed, byte[] associatedData) {
    if (sealed.algorithm() != algorithm) {
      throw new CryptoException("value sealed with " + sealed.algorithm() + ", this cipher is " + algorithm);
    }
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, sealed.nonce(), sealed.algorithm(), associatedData);
      return c.doFinal(sealed.ciphertext());
    } catch (AEADBadTagException e) {
      throw new CryptoException(algorithm + " authentication failed: tampered data, wrong key or wrong associated data");
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " decryption failed", e);
    }
  }

  /** {@link #seal} returning the {@link Sealed} byte format. */
  public byte[] sealToBytes(byte[] plaintext, byte[] associatedData) {
    return seal(plaintext, associatedData).toBytes();
  }

  /** {@link #open} of the {@link Sealed} byte format. */
  public byte[] openBytes(byte[] sealedBytes, byte[] associatedData) {
    return open(Sealed.fromBytes(sealedBytes), associatedData);
  }

  private Cipher cipher(int mode, byte[] nonce, Algorithm alg, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(alg.keyAlgorithm() + "/GCM/NoPadding", Keys.BC);
    c.init(mode, key, new GCMParameterSpec(Sealed.TAG_BYTES * 8, nonce));
    // The header is authenticated so that the version and algorithm bytes cannot be swapped.
    c.updateAAD(new byte[] {(byte) Sealed.FORMAT_VERSION, alg.id()});
    if (associatedData != null && associatedData.length > 0) {
      c.updateAAD(associatedData);
    }
    return c;
  }
}
