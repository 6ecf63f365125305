package org.doorstep.config.profile;

import org.doorstep.config.crypto.CryptoSuite;

/**
 * The terminal's cryptography, one switch for everything: {@code suite} selects the device key and
 * record signatures (Ed25519 or SM2-SM3), the certificates the fleet CA issues for it, and the cipher
 * of personal data at rest (AES-256-GCM or SM4-GCM). TLS itself stays standard TLS 1.3 in both suites.
 *
 * @param suite {@code STANDARD} (default) or {@code SM}
 */
public record Security(CryptoSuite suite) {
  /** The default: Ed25519 + AES-256-GCM. */
  public static final Security STANDARD = new Security(CryptoSuite.STANDARD);
  /** 国密: SM2-SM3 + SM4-GCM. */
  public static final Security SM = new Security(CryptoSuite.SM);
}
