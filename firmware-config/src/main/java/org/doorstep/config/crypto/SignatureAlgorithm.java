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
 * </ul>
 */
public enum SignatureAlgorithm {
  ED25519("Ed25519"),
  SM2_SM3("SM2-SM3");

  private final String wireName;

  SignatureAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  /** The name used on the wire, in PEM tooling and in config ({@code "Ed25519"}, {@code "SM2-SM3"}). */
  public String wireName() {
    return wireName;
  }

  /**
   * Looks up an algorithm by its wire name (case-insensitive) or its enum name.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
   */
  public static SignatureAlgorithm fromWireName(String name) {
    for (SignatureAlgorithm a : values()) {
      if (a.wireName.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown signature algorithm '" + name + "': must be one of "
        + Arrays.stream(values()).map(SignatureAlgorithm::wireName).toList());
  }
}
