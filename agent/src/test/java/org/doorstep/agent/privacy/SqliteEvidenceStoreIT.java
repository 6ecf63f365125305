package org.doorstep.agent.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.doorstep.agent.testing.TestCiphers;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.EvidenceCipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEvidenceStoreIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T01:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;
  private Vertx vertx;
  private SqliteEvidenceStore store;
  private final EvidenceCipher cipher = TestCiphers.of(CryptoSuite.SM);

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    store = SqliteEvidenceStore.open(vertx, dir, cipher, CLOCK).await();
  }

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close().await();
    }
    vertx.close().await();
  }

  @Test
  void put_returns_the_records_evidence_entry_and_get_returns_the_bytes_in_order() {
    byte[] frame = "frame-1".getBytes(StandardCharsets.UTF_8);
    EvidenceRef a = store.put("r1", "face-frame", "image/jpeg", frame).await();
    store.put("r1", "face-frame", "image/jpeg", "frame-2".getBytes(StandardCharsets.UTF_8)).await();
    store.put("r2", "document-scan", "image/png", new byte[0]).await();

    assertThat(a.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(sha256(frame)));
    assertThat(a.toEvidence().size()).isEqualTo(7);
    List<StoredEvidence> back = store.get("r1").await();
    assertThat(back).extracting(s -> new String(s.bytes(), StandardCharsets.UTF_8)).containsExactly("frame-1", "frame-2");
    assertThat(back.get(0).toString()).doesNotContain("frame-1");
    assertThat(store.get("r2").await()).singleElement().satisfies(s -> assertThat(s.ref().size()).isZero());
    assertThat(store.purge(List.of("r1", "unknown")).await()).isEqualTo(2);
    assertThat(store.get("r1").await()).isEmpty();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void an_item_moved_to_another_record_fails_to_decrypt_with_a_clear_message() throws Exception {
    store.put("r1", "face-frame", "image/jpeg", new byte[] {1, 2, 3}).await();
    store.put("r2", "face-frame", "image/jpeg", new byte[] {1, 2, 3}).await();
    store.close().await();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteEvidenceStore.FILE_NAME));
         Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE evidence SET sealed = (SELECT sealed FROM evidence WHERE record_id = 'r1')"
          + " WHERE record_id = 'r2'");
    }
    store = SqliteEvidenceStore.open(vertx, dir, cipher, CLOCK).await();

    assertThat(store.get("r1").await()).hasSize(1);
    assertThatThrownBy(() -> store.get("r2").await())
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("face-frame of record r2 cannot be decrypted");
  }

  @Test
  void put_refuses_blank_names() {
    assertThatThrownBy(() -> store.put("r1", " ", "image/jpeg", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("kind: required");
  }
}
