package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keyed hashes of personal values under a sub-key of the data key, checked against JCA HKDF/HMAC. */
class BlindIndexTest {
  private static final String ID = "11010519491231002X";

  /** RFC 5869 by hand with the JCA MAC (no salt: a zero key of hash length), one 32-byte block, then HMAC. */
  private static String reference(String jcaMac, byte[] ikm, String purpose, String value) throws Exception {
    Mac extract = Mac.getInstance(jcaMac, Keys.BC);
    extract.init(new SecretKeySpec(new byte[32], jcaMac));
    byte[] prk = extract.doFinal(ikm);
    Mac expand = Mac.getInstance(jcaMac, Keys.BC);
    expand.init(new SecretKeySpec(prk, jcaMac));
    expand.update(("doorstep/v1/blind-index/" + purpose).getBytes(StandardCharsets.UTF_8));
    byte[] okm = expand.doFinal(new byte[] {1});
    Mac mac = Mac.getInstance(jcaMac, Keys.BC);
    mac.init(new SecretKeySpec(okm, jcaMac));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @EnumSource(EvidenceCipher.Algorithm.class)
  void index_is_hkdf_then_hmac_of_the_suites_hash(EvidenceCipher.Algorithm algorithm) throws Exception {
    SecretKey key = EvidenceCipher.generateKey(algorithm);
    BlindIndex index = BlindIndex.derive(algorithm, key, "reference-photos");
    String jca = algorithm == EvidenceCipher.Algorithm.SM4_GCM ? "HMACSM3" : "HMACSHA256";

    assertThat(index.of(ID)).matches("[0-9a-f]{64}")
        .isEqualTo(reference(jca, key.getEncoded(), "reference-photos", ID))
        .isEqualTo(BlindIndex.derive(algorithm, key, "reference-photos").of(ID));
    assertThat(index.macAlgorithm()).isEqualTo(algorithm == EvidenceCipher.Algorithm.SM4_GCM ? "HMAC-SM3"
        : "HMAC-SHA256");
  }

  @ParameterizedTest
  @EnumSource(EvidenceCipher.Algorithm.class)
  void another_purpose_key_or_value_gives_an_unrelated_index(EvidenceCipher.Algorithm algorithm) {
    SecretKey key = EvidenceCipher.generateKey(algorithm);
    String base = BlindIndex.derive(algorithm, key, "reference-photos").of(ID);

    assertThat(BlindIndex.derive(algorithm, key, "other").of(ID)).isNotEqualTo(base);
    assertThat(BlindIndex.derive(algorithm, EvidenceCipher.generateKey(algorithm), "reference-photos").of(ID))
        .isNotEqualTo(base);
    assertThat(BlindIndex.derive(algorithm, key, "reference-photos").of("110105194912310021")).isNotEqualTo(base);
    assertThat(BlindIndex.derive(algorithm, key, "reference-photos").toString()).doesNotContain(base)
        .contains("reference-photos");
  }

  @Test
  void a_key_of_the_other_suite_is_refused() {
    SecretKey sm4 = EvidenceCipher.generateKey(EvidenceCipher.Algorithm.SM4_GCM);
    assertThatThrownBy(() -> BlindIndex.derive(EvidenceCipher.Algorithm.AES_256_GCM, sm4, "x"))
        .isInstanceOf(CryptoException.class).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> BlindIndex.derive(EvidenceCipher.Algorithm.SM4_GCM, sm4, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("purpose: required");
  }
}
