package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DataKeysTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(EvidenceCipher.Algorithm.class)
  void loadOrCreate_generatesOnce_0600_andReturnsTheSameKeyAfter(EvidenceCipher.Algorithm alg) throws Exception {
    Path file = dir.resolve("keys/data-key.pem");

    SecretKey first = DataKeys.loadOrCreate(file, alg);
    SecretKey again = DataKeys.loadOrCreate(file, alg);

    assertThat(first.getEncoded()).hasSize(alg.keyBytes()).isEqualTo(again.getEncoded());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(DataKeys.readableByOthers(file)).isFalse();
    assertThat(Files.readString(file)).startsWith("-----BEGIN DOORSTEP DATA KEY-----")
        .contains("Algorithm: " + alg.name());
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);     // no temporary file left behind
    }
    // the key works with the cipher of its algorithm
    EvidenceCipher c = new EvidenceCipher(alg, again);
    assertThat(c.openBytes(new EvidenceCipher(alg, first).sealToBytes(new byte[] {1, 2}, null), null))
        .containsExactly(1, 2);
  }

  @Test
  void loadOrCreate_keyOfAnotherSuite_isRefusedNamingBoth() {
    Path file = dir.resolve("data-key.pem");
    DataKeys.loadOrCreate(file, EvidenceCipher.Algorithm.AES_256_GCM);

    assertThatThrownBy(() -> DataKeys.loadOrCreate(file, EvidenceCipher.Algorithm.SM4_GCM))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("holds a AES_256_GCM key but the suite needs SM4_GCM");
  }

  @Test
  void parse_wrongTypeOrLengthOrAlgorithm_isRefused() {
    String aes = DataKeys.toPem(EvidenceCipher.Algorithm.AES_256_GCM,
        EvidenceCipher.generateKey(EvidenceCipher.Algorithm.AES_256_GCM));

    assertThatThrownBy(() -> DataKeys.parse(aes.replace("AES_256_GCM", "SM4_GCM"), "x"))
        .isInstanceOf(CryptoException.class).hasMessageContaining("16-byte key");
    assertThatThrownBy(() -> DataKeys.parse(aes.replace("AES_256_GCM", "DES"), "x"))
        .isInstanceOf(CryptoException.class).hasMessageContaining("header 'Algorithm' is DES");
    assertThatThrownBy(() -> DataKeys.parse(aes.replace("DOORSTEP DATA KEY", "PRIVATE KEY"), "x"))
        .isInstanceOf(CryptoException.class).hasMessageContaining("found 'PRIVATE KEY'");
    assertThatThrownBy(() -> DataKeys.parse("", "x"))
        .isInstanceOf(CryptoException.class).hasMessageContaining("found nothing");
  }

  @Test
  void readableByOthers_reportsAGroupReadableFile() throws Exception {
    Path file = dir.resolve("data-key.pem");
    DataKeys.loadOrCreate(file, EvidenceCipher.Algorithm.SM4_GCM);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    assertThat(DataKeys.readableByOthers(file)).isTrue();
  }
}
