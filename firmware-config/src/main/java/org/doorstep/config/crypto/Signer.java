package org.doorstep.config.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signs bytes with one private key. Thread-safe: each thread keeps its own initialised
 * {@link Signature}, so a verticle pool can sign concurrently without locking.
 */
public final class Signer {
  private final SignatureAlgorithm algorithm;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;
  private final ThreadLocal<Signature> signature;

  /**
   * A signer for {@code pair}; the algorithm is read from the key.
   *
   * @throws CryptoException when the key is a TLS key (P-256): those sign no Doorstep messages
   */
  public Signer(KeyPair pair) {
    this.algorithm = Keys.algorithmOf(pair.getPublic());
    if (!algorithm.signsMessages()) {
      throw new CryptoException("a " + algorithm.wireName() + " key is a TLS key and signs no messages: "
          + "use an Ed25519 or SM2 key");
    }
    this.privateKey = pair.getPrivate();
    this.publicKey = pair.getPublic();
    this.keyId = KeyId.of(publicKey);
    this.signature = ThreadLocal.withInitial(() -> {
      try {
        Signature s = Signature.getInstance(Signatures.jcaName(algorithm), Keys.BC);
        s.initSign(privateKey);
        return s;
      } catch (GeneralSecurityException e) {
        throw new CryptoException("cannot initialise " + algorithm.wireName() + " signer", e);
      }
    });
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** {@link KeyId} of this signer's public key. */
  public String keyId() {
    return keyId;
  }

  /** Signs {@code data}; returns the raw signature bytes (64 for Ed25519, DER for SM2). */
  public byte[] sign(byte[] data) {
    Signature s = signature.get();
    try {
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm.wireName() + " signing failed", e);
    }
  }
}
