package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.testing.SampleBodies;
import org.doorstep.config.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One body, both algorithms: what a signature covers and what breaks it. */
class SignatureVerificationTest {

  private static byte[] signedRecord(SignatureAlgorithm algorithm) {
    return WireCodec.encodeSigned(MessageType.RECORD, SampleBodies.FULL_RECORD, TestKeys.signer(algorithm));
  }

  private static PublicKey key(SignatureAlgorithm algorithm) {
    return TestKeys.pair(algorithm).getPublic();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verifiedBy_signersOwnKey_isTrue(SignatureAlgorithm algorithm) {
    WireMessage m = WireCodec.decode(signedRecord(algorithm));

    assertThat(m.signature()).get().satisfies(s -> {
      assertThat(s.algorithm()).isEqualTo(algorithm);
      assertThat(s.keyId()).isEqualTo(TestKeys.signer(algorithm).keyId());
    });
    assertThat(m.verifiedBy(key(algorithm))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verifiedBy_anyTamperedByteInBody_isFalseOrRejected(SignatureAlgorithm algorithm) {
    byte[] payload = signedRecord(algorithm);
    String text = new String(payload, StandardCharsets.UTF_8);
    int from = text.indexOf("\"body\":") + "\"body\":".length();
    int to = text.indexOf(",\"sig\":");
    byte[] prefix = text.substring(0, from).getBytes(StandardCharsets.UTF_8);
    byte[] upTo = text.substring(0, to).getBytes(StandardCharsets.UTF_8);

    int tampered = 0;
    for (int i = prefix.length; i < upTo.length; i++) {
      byte[] copy = payload.clone();
      copy[i] ^= 0x01;
      WireMessage m;
      try {
        m = WireCodec.decode(copy);
      } catch (WireException rejected) {
        continue; // no longer valid JSON: refused before verification, as good as invalid
      }
      assertThat(m.verifiedBy(key(algorithm))).as("byte %d flipped", i).isFalse();
      tampered++;
    }
    assertThat(tampered).as("mutations that still parsed").isGreaterThan(100);
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verifiedBy_changedTypeOrVersionMember_isFalse(SignatureAlgorithm algorithm) {
    WireMessage m = WireCodec.decode(signedRecord(algorithm));
    ObjectNode env = (ObjectNode) WireCodec.mapper().valueToTree(java.util.Map.of(
        "v", 1, "type", "ack", "body", m.body(), "sig", java.util.Map.of("alg", algorithm.wireName(),
            "kid", m.signature().get().keyId(),
            "value", java.util.Base64.getEncoder().encodeToString(m.signature().get().value()))));

    WireMessage retyped = WireCodec.decode(CanonicalJson.bytes(env));

    assertThat(retyped.verifiedBy(key(algorithm))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verifiedBy_unknownMemberAddedToBody_isFalse(SignatureAlgorithm algorithm) {
    String text = new String(signedRecord(algorithm), StandardCharsets.UTF_8)
        .replace("\"body\":{", "\"body\":{\"extra\":1,");

    WireMessage m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));

    assertThat(m.verifiedBy(key(algorithm))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verifiedBy_reorderedAndIndentedPayload_isStillTrue(SignatureAlgorithm algorithm) throws Exception {
    WireMessage original = WireCodec.decode(signedRecord(algorithm));
    byte[] pretty = WireCodec.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(WireCodec.mapper().readTree(signedRecord(algorithm)));

    WireMessage m = WireCodec.decode(pretty);

    assertThat(m.signedBytes()).isEqualTo(original.signedBytes());
    assertThat(m.verifiedBy(key(algorithm))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verifiedBy_otherKeyOfSameAlgorithm_isFalse(SignatureAlgorithm algorithm) {
    WireMessage m = WireCodec.decode(signedRecord(algorithm));

    assertThat(m.verifiedBy(TestKeys.otherPair(algorithm).getPublic())).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verifiedBy_keyOfOtherAlgorithm_isFalseNotException(SignatureAlgorithm algorithm) {
    SignatureAlgorithm other = algorithm == SignatureAlgorithm.ED25519 ? SignatureAlgorithm.SM2_SM3 : SignatureAlgorithm.ED25519;
    WireMessage m = WireCodec.decode(signedRecord(algorithm));

    assertThat(m.verifiedBy(key(other))).isFalse();
  }

  @Test
  void verifiedBy_sigClaimsOtherAlgorithmThanItsBytes_isFalse() {
    String text = new String(signedRecord(SignatureAlgorithm.ED25519), StandardCharsets.UTF_8)
        .replace("\"alg\":\"Ed25519\"", "\"alg\":\"SM2-SM3\"");

    WireMessage m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));

    assertThat(m.verifiedBy(key(SignatureAlgorithm.ED25519))).isFalse();
    assertThat(m.verifiedBy(key(SignatureAlgorithm.SM2_SM3))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verifiedBy_truncatedSignatureValue_isFalse(SignatureAlgorithm algorithm) {
    WireMessage m = WireCodec.decode(signedRecord(algorithm));
    byte[] value = m.signature().get().value();
    byte[] shorter = java.util.Arrays.copyOf(value, value.length - 1);
    WireMessage cut = new WireMessage(m.type(), m.body(), java.util.Optional.of(
        new WireSignature(algorithm, m.signature().get().keyId(), shorter)), m.signedBytes());

    assertThat(cut.verifiedBy(key(algorithm))).isFalse();
  }
}
