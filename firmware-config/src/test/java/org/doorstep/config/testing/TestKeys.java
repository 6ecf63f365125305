package org.doorstep.config.testing;

import java.security.KeyPair;
import java.util.HexFormat;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;

/** Keys for tests: fixed where bytes must be stable, generated once per run otherwise. */
public final class TestKeys {
  /** RFC 8032 §7.1 TEST 1 secret key (seed): a published Ed25519 key, so vectors can be checked anywhere. */
  public static final String ED25519_SEED_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  /** RFC 8032 §7.1 TEST 1 public key. */
  public static final String ED25519_PUBLIC_HEX = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  private static final KeyPair FIXED_ED25519 = ed25519FromSeed(HexFormat.of().parseHex(ED25519_SEED_HEX));
  private static final KeyPair OTHER_ED25519 = Keys.generate(SignatureAlgorithm.ED25519);
  private static final KeyPair SM2 = Keys.generate(SignatureAlgorithm.SM2_SM3);
  private static final KeyPair OTHER_SM2 = Keys.generate(SignatureAlgorithm.SM2_SM3);

  private TestKeys() {}

  /** The RFC 8032 TEST 1 key pair. */
  public static KeyPair fixedEd25519() {
    return FIXED_ED25519;
  }

  /** A key pair of {@code algorithm} (the fixed one for Ed25519). */
  public static KeyPair pair(SignatureAlgorithm algorithm) {
    return algorithm == SignatureAlgorithm.ED25519 ? FIXED_ED25519 : SM2;
  }

  /** Another key pair of {@code algorithm}, different from {@link #pair}. */
  public static KeyPair otherPair(SignatureAlgorithm algorithm) {
    return algorithm == SignatureAlgorithm.ED25519 ? OTHER_ED25519 : OTHER_SM2;
  }

  /** A signer over {@link #pair}. */
  public static Signer signer(SignatureAlgorithm algorithm) {
    return new Signer(pair(algorithm));
  }

  /** An SM2 key pair (curve sm2p256v1) from its private scalar {@code d}. */
  public static KeyPair sm2FromScalar(byte[] d) {
    try {
      var params = org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("sm2p256v1");
      var priv = java.security.KeyFactory.getInstance("EC", Keys.BC)
          .generatePrivate(new org.bouncycastle.jce.spec.ECPrivateKeySpec(new java.math.BigInteger(1, d), params));
      return Keys.keyPairFromPem(Keys.toPem(priv));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Ed25519 key pair from its 32-byte seed, via a PKCS#8 PEM (RFC 8410). */
  public static KeyPair ed25519FromSeed(byte[] seed) {
    byte[] prefix = HexFormat.of().parseHex("302e020100300506032b657004220420");
    byte[] der = new byte[prefix.length + seed.length];
    System.arraycopy(prefix, 0, der, 0, prefix.length);
    System.arraycopy(seed, 0, der, prefix.length, seed.length);
    String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getEncoder().encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
    return Keys.keyPairFromPem(pem);
  }
}
