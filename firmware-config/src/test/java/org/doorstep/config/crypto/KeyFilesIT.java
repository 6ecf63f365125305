package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files on disk: a damaged one is named with its cause at once (issue 10, part 5). */
class KeyFilesIT {
  @TempDir Path dir;

  @Test
  void truncated_private_key_names_the_file_and_says_truncated() throws Exception {
    Path file = dir.resolve("device.key");
    Keys.writePrivateKey(file, Keys.generate(SignatureAlgorithm.ED25519).getPrivate());
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    Files.writeString(file, pem.substring(0, pem.length() / 2), StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> Keys.readKeyPair(file)).isInstanceOf(CryptoException.class)
        .hasMessageStartingWith(file + ": malformed PEM").hasMessageContaining("truncated?");
  }

  @Test
  void empty_private_key_names_the_file_and_says_empty() throws Exception {
    Path file = dir.resolve("device.key");
    Files.writeString(file, "");

    assertThatThrownBy(() -> Keys.readKeyPair(file)).isInstanceOf(CryptoException.class)
        .hasMessageStartingWith(file.toString()).hasMessageContaining("empty file");
  }

  @Test
  void written_key_reads_back() {
    Path file = dir.resolve("device.key");
    KeyPair pair = Keys.generate(SignatureAlgorithm.ED25519);
    Keys.writePrivateKey(file, pair.getPrivate());

    assertThat(Keys.readKeyPair(file).getPublic()).isEqualTo(pair.getPublic());
  }
}
