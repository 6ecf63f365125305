package org.doorstep.agent.testing;

import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.EvidenceCipher;

/** Data-key ciphers for stores under test (each call: a fresh random key). */
public final class TestCiphers {
  private TestCiphers() {}

  /** AES-256-GCM with a fresh key (STANDARD suite). */
  public static EvidenceCipher aes() {
    return of(CryptoSuite.STANDARD);
  }

  /** The suite's cipher with a fresh key. */
  public static EvidenceCipher of(CryptoSuite suite) {
    return EvidenceCipher.of(suite, EvidenceCipher.generateKey(suite.cipherAlgorithm()));
  }
}
