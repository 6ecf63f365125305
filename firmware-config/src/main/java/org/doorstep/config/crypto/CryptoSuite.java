package org.doorstep.config.crypto;

/**
 * The algorithm families a deployment runs with, chosen once by config and used end to end
 * (signatures, certificates, encryption at rest). TLS itself stays standard TLS 1.3 in both suites.
 *
 * <ul>
 *   <li>{@link #STANDARD} (default): Ed25519 signatures and certificates, AES-256-GCM at rest.</li>
 *   <li>{@link #SM} (国密): SM2-SM3 signatures and certificates, SM4-GCM at rest.</li>
 * </ul>
 */
public enum CryptoSuite {
  /** Ed25519 + AES-256-GCM. */
  STANDARD(SignatureAlgorithm.ED25519, EvidenceCipher.Algorithm.AES_256_GCM),
  /** SM2-SM3 + SM4-GCM. */
  SM(SignatureAlgorithm.SM2_SM3, EvidenceCipher.Algorithm.SM4_GCM);

  private final SignatureAlgorithm signatureAlgorithm;
  private final EvidenceCipher.Algorithm cipherAlgorithm;

  CryptoSuite(SignatureAlgorithm signatureAlgorithm, EvidenceCipher.Algorithm cipherAlgorithm) {
    this.signatureAlgorithm = signatureAlgorithm;
    this.cipherAlgorithm = cipherAlgorithm;
  }

  /** The algorithm of signatures, device keys and certificates in this suite. */
  public SignatureAlgorithm signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The authenticated cipher for personal data at rest in this suite. */
  public EvidenceCipher.Algorithm cipherAlgorithm() {
    return cipherAlgorithm;
  }

  /** The suite whose signature algorithm is {@code algorithm}. */
  public static CryptoSuite of(SignatureAlgorithm algorithm) {
    return algorithm == SignatureAlgorithm.SM2_SM3 ? SM : STANDARD;
  }
}
