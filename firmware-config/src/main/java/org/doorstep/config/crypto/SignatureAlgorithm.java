package org.doorstep.config.crypto;

import java.util.Arrays;

/**
 * The signature algorithms Doorstep speaks. The wire name travels in every signature.
 *
 * <ul>
 *   <li>{@link #ED25519}: RFC 8032 Ed25519 (pure, no pre-hash). Default: fast to verify at the fleet
 *       (Bouncy Castle ~17k verifications/s per core here) and small (64-byte signatures).</li>
 *   <li>{@link #SM2_SM3}: GB/T 32918 SM2 over curve sm2p256v1 with SM3 digest and the default
 *       signer id {@code "1234567812345678"} (GM/T 0009); the signature is the DER
 *       {@code SEQUENCE { r INTEGER, s INTEGER }}.</li>
 *   <li>{@link #ECDSA_P256_SHA256}: ECDSA over NIST P-256 (secp256r1) with SHA-256
 *       ({@code SHA256withECDSA}, TLS scheme {@code ecdsa_secp256r1_sha256}). <b>TLS certificates
 *       only</b> (server, client, and the TLS CA that signs them), in both suites, because browsers,
 *       Windows SChannel and mbedTLS offer no Ed25519 in TLS (docs/transport-security.md). It never
 *       signs a record, a config bundle or a command: {@link #fromWireName} does not know it, so a
 *       message claiming it is refused like any unknown algorithm.</li>
 * </ul>
 */
public enum SignatureAlgorithm {
  ED25519("Ed25519", true),
  SM2_SM3("SM2-SM3", true),
  ECDSA_P256_SHA256("ECDSA-P256-SHA256", false);

  private final String wireName;
  private final boolean signsMessages;

  SignatureAlgorithm(String wireName, boolean signsMessages) {
    this.wireName = wireName;
    this.signsMessages = signsMessages;
  }

  /**
   * Whether this algorithm signs Doorstep messages (records, state, config bundles, commands) and
   * device certificates; false for {@link #ECDSA_P256_SHA256}, which only TLS certificates use.
   */
  public boolean signsMessages() {
    return signsMessages;
  }

  /** The name used on the wire, in PEM tooling and in config ({@code "Ed25519"}, {@code "SM2-SM3"}). */
  public String wireName() {
    return wireName;
  }

  /**
   * Looks up a message signature algorithm ({@link #signsMessages()}) by its wire name
   * (case-insensitive) or its enum name.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown or a
   *     TLS-only algorithm
   */
  public static SignatureAlgorithm fromWireName(String name) {
    for (SignatureAlgorithm a : values()) {
      if (a.signsMessages && (a.wireName.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name))) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown signature algorithm '" + name + "': must be one of "
        + Arrays.stream(values()).filter(SignatureAlgorithm::signsMessages).map(SignatureAlgorithm::wireName).toList());
  }
}
