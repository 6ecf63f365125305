package org.doorstep.agent.vision.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.agent.vision.match.DataDirKey;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.crypto.CryptoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedFileEvidenceKeeperIT {
  private static final byte[] SCAN = "pretend JPEG of a household register page".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private SealedFileEvidenceKeeper keeper;

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
    keeper = new SealedFileEvidenceKeeper(vertx, dataDir, DataDirKey.loadOrCreate(dataDir));
  }

  @AfterEach
  void down() {
    vertx.close().await();
  }

  @Test
  void kept_bytes_are_named_by_their_sha256_and_read_back() throws Exception {
    Evidence e = keeper.keep("document-household-register", SCAN).await();
    assertThat(e).isEqualTo(new Evidence("document-household-register", SealedFileEvidenceKeeper.sha256(SCAN),
        SCAN.length));
    assertThat(keeper.read(e.sha256()).await()).hasValueSatisfying(b -> assertThat(b).isEqualTo(SCAN));
    Path file = keeper.folder().resolve(e.sha256() + ".sealed");
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("household");
  }

  @Test
  void the_same_bytes_are_stored_once() throws Exception {
    keeper.keep("a", SCAN).await();
    keeper.keep("b", SCAN).await();
    try (var s = Files.list(keeper.folder())) {
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @Test
  void unknown_hash_reads_empty_and_malformed_hash_is_refused() {
    assertThat(keeper.read("0".repeat(64)).await()).isEmpty();
    assertThatThrownBy(() -> keeper.read("xyz").await()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lower-case hex");
  }

  @Test
  void tampered_file_fails_authentication() throws Exception {
    Evidence e = keeper.keep("id-card-photo", SCAN).await();
    Path file = keeper.folder().resolve(e.sha256() + ".sealed");
    byte[] b = Files.readAllBytes(file);
    b[b.length - 1] ^= 1;
    Files.write(file, b);
    assertThatThrownBy(() -> keeper.read(e.sha256()).await()).isInstanceOf(CryptoException.class);
  }

  @Test
  void empty_evidence_is_refused() {
    assertThatThrownBy(() -> keeper.keep("id-card-photo", new byte[0]).await())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bytes: evidence must not be empty");
  }
}
