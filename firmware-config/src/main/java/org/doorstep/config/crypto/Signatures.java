package org.doorstep.config.crypto;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.EnumMap;
import java.util.Map;

/** Verification of raw signatures. Thread-safe; keeps one {@link Signature} per thread and algorithm. */
public final class Signatures {
  private static final ThreadLocal<Map<SignatureAlgorithm, Signature>> VERIFIERS =
      ThreadLocal.withInitial(() -> new EnumMap<>(SignatureAlgorithm.class));

  private Signatures() {}

  static String jcaName(SignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> "Ed25519";
      case SM2_SM3 -> "SM3withSM2";
      case ECDSA_P256_SHA256 -> "SHA256withECDSA";
    };
  }

  /**
   * Whether {@code signature} is a valid {@code algorithm} signature of {@code data} by {@code key}.
   * A malformed signature (wrong length, bad DER) is simply invalid, never an exception.
   *
   * @throws CryptoException when {@code key} does not belong to {@code algorithm}
   */
  public static boolean verify(SignatureAlgorithm algorithm, PublicKey key, byte[] data, byte[] signature) {
    SignatureAlgorithm keyAlgorithm = Keys.algorithmOf(key);
    if (keyAlgorithm != algorithm) {
      throw new CryptoException("signature says " + algorithm.wireName() + " but the key is "
          + keyAlgorithm.wireName());
    }
    try {
      Signature s = VERIFIERS.get().get(algorithm);
      if (s == null) {
        s = Signature.getInstance(jcaName(algorithm), Keys.BC);
        VERIFIERS.get().put(algorithm, s);
      }
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm.wireName() + " verification could not run: " + e.getMessage(), e);
    }
  }
}
