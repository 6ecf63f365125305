package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PEM storage and key ids, for both algorithms. */
class KeysTest {

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void privateKeyPem_isPkcs8_andReadsBackToSamePair(SignatureAlgorithm algorithm) {
    KeyPair pair = Keys.generate(algorithm);

    String pem = Keys.toPem(pair.getPrivate());
    KeyPair back = Keys.keyPairFromPem(pem);

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(back.getPrivate().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    assertThat(KeyId.of(back.getPublic())).isEqualTo(KeyId.of(pair.getPublic()));
    assertThat(Keys.algorithmOf(back.getPrivate())).isEqualTo(algorithm);
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void publicKeyPem_readsBack_andSignaturesVerifyWithIt(SignatureAlgorithm algorithm) {
    KeyPair pair = Keys.generate(algorithm);
    byte[] data = "doorstep".getBytes(StandardCharsets.UTF_8);
    byte[] sig = new Signer(pair).sign(data);

    var pub = Keys.publicKeyFromPem(Keys.toPem(pair.getPublic()));

    assertThat(Keys.algorithmOf(pub)).isEqualTo(algorithm);
    assertThat(Signatures.verify(algorithm, pub, data, sig)).isTrue();
    assertThat(Signatures.verify(algorithm, pub, "other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
  }

  @Test
  void keyId_isSixteenLowerCaseHexDigits() {
    assertThat(KeyId.of(Keys.generate(SignatureAlgorithm.SM2_SM3).getPublic())).matches("[0-9a-f]{16}");
  }

  @Test
  void verify_keyOfOtherAlgorithm_throwsCryptoException() {
    KeyPair ed = Keys.generate(SignatureAlgorithm.ED25519);

    assertThatThrownBy(() -> Signatures.verify(SignatureAlgorithm.SM2_SM3, ed.getPublic(), new byte[1], new byte[64]))
        .isInstanceOf(CryptoException.class).hasMessage("signature says SM2-SM3 but the key is Ed25519");
  }

  @Test
  void keyPairFromPem_publicKeyText_isRefusedWithMessage() {
    String pem = Keys.toPem(Keys.generate(SignatureAlgorithm.ED25519).getPublic());

    assertThatThrownBy(() -> Keys.keyPairFromPem(pem)).isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("expected a PEM 'PRIVATE KEY'");
  }

  @Test
  void publicKeyFromPem_garbage_isRefusedWithMessage() {
    assertThatThrownBy(() -> Keys.publicKeyFromPem("hello")).isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("no PEM object found");
  }

  @Test
  void p256TlsKey_roundTripsThroughPem_andIsKnownByItsCurve() {
    var pair = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    var back = Keys.keyPairFromPem(Keys.toPem(pair.getPrivate()));
    assertThat(Keys.algorithmOf(back.getPublic())).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(back.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(TlsContexts.isCurrentTlsKey(pair.getPublic())).isTrue();
    assertThat(TlsContexts.isCurrentTlsKey(Keys.generate(SignatureAlgorithm.ED25519).getPublic())).isFalse();
  }

  @Test
  void tlsOnlyAlgorithm_isNoMessageAlgorithm_unknownOnTheWireAndRefusedBySigner() {
    assertThatThrownBy(() -> SignatureAlgorithm.fromWireName("ECDSA-P256-SHA256"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[Ed25519, SM2-SM3]");
    assertThatThrownBy(() -> new Signer(Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256)))
        .isInstanceOf(CryptoException.class).hasMessageContaining("signs no messages");
  }
}
