package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Authenticated encryption at rest, for AES-256-GCM and SM4-GCM. */
class EvidenceCipherTest {
  private static final byte[] EVIDENCE = "face-frame bytes 110105194912310021".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RECORD_ID = "0195514c-7d40-7a3e-8c1f-4b2d9e6a0f11".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(EvidenceCipher.Algorithm.class)
  void sealed_bytes_open_to_the_plaintext(EvidenceCipher.Algorithm algorithm) {
    EvidenceCipher cipher = new EvidenceCipher(algorithm, EvidenceCipher.generateKey(algorithm));

    byte[] stored = cipher.sealToBytes(EVIDENCE, RECORD_ID);

    assertThat(stored[0]).isEqualTo((byte) Sealed.FORMAT_VERSION);
    assertThat(stored[1]).isEqualTo(algorithm.id());
    assertThat(stored).hasSize(Sealed.HEADER_BYTES + EVIDENCE.length + Sealed.TAG_BYTES);
    assertThat(cipher.openBytes(stored, RECORD_ID)).isEqualTo(EVIDENCE);
  }

  @ParameterizedTest
  @EnumSource(EvidenceCipher.Algorithm.class)
  void sealing_twice_uses_fresh_nonces(EvidenceCipher.Algorithm algorithm) {
    EvidenceCipher cipher = new EvidenceCipher(algorithm, EvidenceCipher.generateKey(algorithm));

    assertThat(cipher.seal(EVIDENCE, RECORD_ID).nonce()).isNotEqualTo(cipher.seal(EVIDENCE, RECORD_ID).nonce());
  }

  @ParameterizedTest
  @EnumSource(EvidenceCipher.Algorithm.class)
  void tampered_ciphertext_fails_authentication(EvidenceCipher.Algorithm algorithm) {
    EvidenceCipher cipher = new EvidenceCipher(algorithm, EvidenceCipher.generateKey(algorithm));
    byte[] stored = cipher.sealToBytes(EVIDENCE, RECORD_ID);
    for (int i : new int[] {2, Sealed.HEADER_BYTES, stored.length - 1}) {
      byte[] tampered = stored.clone();
      tampered[i] ^= 0x01;

      assertThatThrownBy(() -> cipher.openBytes(tampered, RECORD_ID))
          .isInstanceOf(CryptoException.class).hasMessageContaining("authentication failed");
    }
  }

  @ParameterizedTest
  @EnumSource(EvidenceCipher.Algorithm.class)
  void wrong_associated_data_fails_authentication(EvidenceCipher.Algorithm algorithm) {
    EvidenceCipher cipher = new EvidenceCipher(algorithm, EvidenceCipher.generateKey(algorithm));
    byte[] stored = cipher.sealToBytes(EVIDENCE, RECORD_ID);

    assertThatThrownBy(() -> cipher.openBytes(stored, "another-record".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CryptoException.class).hasMessageContaining("authentication failed");
  }

  @ParameterizedTest
  @EnumSource(EvidenceCipher.Algorithm.class)
  void wrong_key_fails_authentication(EvidenceCipher.Algorithm algorithm) {
    byte[] stored = new EvidenceCipher(algorithm, EvidenceCipher.generateKey(algorithm)).sealToBytes(EVIDENCE, RECORD_ID);
    EvidenceCipher other = new EvidenceCipher(algorithm, EvidenceCipher.generateKey(algorithm));

    assertThatThrownBy(() -> other.openBytes(stored, RECORD_ID))
        .isInstanceOf(CryptoException.class).hasMessageContaining("authentication failed");
  }

  @Test
  void value_sealed_with_another_algorithm_is_refused_by_name() {
    SecretKey aes = EvidenceCipher.generateKey(EvidenceCipher.Algorithm.AES_256_GCM);
    SecretKey sm4 = EvidenceCipher.generateKey(EvidenceCipher.Algorithm.SM4_GCM);
    byte[] stored = new EvidenceCipher(EvidenceCipher.Algorithm.AES_256_GCM, aes).sealToBytes(EVIDENCE, RECORD_ID);

    assertThatThrownBy(() -> new EvidenceCipher(EvidenceCipher.Algorithm.SM4_GCM, sm4).openBytes(stored, RECORD_ID))
        .isInstanceOf(CryptoException.class).hasMessageContaining("sealed with AES_256_GCM");
  }

  @Test
  void unknown_format_version_or_truncated_bytes_are_refused() {
    EvidenceCipher cipher = EvidenceCipher.of(CryptoSuite.STANDARD, EvidenceCipher.generateKey(EvidenceCipher.Algorithm.AES_256_GCM));
    byte[] stored = cipher.sealToBytes(EVIDENCE, RECORD_ID);
    stored[0] = 2;

    assertThatThrownBy(() -> cipher.openBytes(stored, RECORD_ID)).hasMessageContaining("format version 2");
    assertThatThrownBy(() -> Sealed.fromBytes(new byte[10])).hasMessageContaining("too short");
  }

  @Test
  void key_of_wrong_length_is_refused() {
    SecretKey sm4 = EvidenceCipher.generateKey(EvidenceCipher.Algorithm.SM4_GCM);

    assertThatThrownBy(() -> new EvidenceCipher(EvidenceCipher.Algorithm.AES_256_GCM, sm4))
        .isInstanceOf(CryptoException.class).hasMessageContaining("256-bit key");
  }

  @Test
  void sealed_toString_shows_no_ciphertext() {
    Sealed s = EvidenceCipher.of(CryptoSuite.SM, EvidenceCipher.generateKey(EvidenceCipher.Algorithm.SM4_GCM)).seal(EVIDENCE, RECORD_ID);

    assertThat(s.toString()).startsWith("Sealed[SM4_GCM").endsWith(" bytes]");
    assertThat(Sealed.fromBytes(s.toBytes())).isEqualTo(s);
  }

  @Test
  void sealed_equality_is_by_content() {
    byte[] nonce = new byte[Sealed.NONCE_BYTES];
    byte[] ct = new byte[Sealed.TAG_BYTES + 3];
    Sealed a = new Sealed(EvidenceCipher.Algorithm.SM4_GCM, nonce, ct);
    Sealed b = new Sealed(EvidenceCipher.Algorithm.SM4_GCM, nonce.clone(), ct.clone());
    ct[0] = 1;
    Sealed c = new Sealed(EvidenceCipher.Algorithm.SM4_GCM, nonce, ct);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a).isNotEqualTo(new Sealed(EvidenceCipher.Algorithm.AES_256_GCM, nonce, b.ciphertext()));
  }
}
