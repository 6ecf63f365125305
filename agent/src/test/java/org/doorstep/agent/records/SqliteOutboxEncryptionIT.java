package org.doorstep.agent.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import org.doorstep.agent.testing.TestCiphers;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.Sealed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's payload column is sealed: bound to its row, unreadable with another key, upgraded from plain text. */
class SqliteOutboxEncryptionIT {
  private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
  private static final String ID_NUMBER = "11010519491231002X";

  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private static RecordSealer record(String id) {
    return seq -> new SignedRecord(id, seq, ("{\"idNumber\":\"" + ID_NUMBER + "\",\"id\":\"" + id + "\"}")
        .getBytes(StandardCharsets.UTF_8));
  }

  private void sql(String statement, Object... args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteOutbox.FILE_NAME));
         PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  @Test
  void payload_is_sealed_with_the_suite_cipher_and_reads_back() throws Exception {
    EvidenceCipher sm4 = TestCiphers.of(CryptoSuite.SM);
    SqliteOutbox outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.FULL, sm4).await();
    outbox.commit(record("a"), T0).await();

    assertThat(new String(outbox.find("a").await().orElseThrow().payload(), StandardCharsets.UTF_8)).contains(ID_NUMBER);
    outbox.close().await();
    byte[] stored;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteOutbox.FILE_NAME));
         Statement st = c.createStatement(); var rs = st.executeQuery("SELECT payload FROM outbox")) {
      rs.next();
      stored = rs.getBytes(1);
    }
    assertThat(Sealed.fromBytes(stored).algorithm()).isEqualTo(EvidenceCipher.Algorithm.SM4_GCM);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(ID_NUMBER);
  }

  @Test
  void a_payload_moved_to_another_row_or_read_with_another_key_is_refused_clearly() throws Exception {
    EvidenceCipher key = TestCiphers.aes();
    SqliteOutbox outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.FULL, key).await();
    outbox.commit(record("a"), T0).await();
    outbox.commit(record("b"), T0).await();
    outbox.close().await();
    sql("UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE record_id = 'a') WHERE record_id = 'b'");

    SqliteOutbox reopened = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.FULL, key).await();
    assertThat(reopened.find("a").await()).isPresent();
    assertThatThrownBy(() -> reopened.find("b").await())
        .isInstanceOf(OutboxException.class)
        .hasMessageContaining("record b cannot be decrypted")
        .hasMessageContaining("authentication failed");
    reopened.close().await();

    SqliteOutbox otherKey = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.FULL, TestCiphers.aes()).await();
    assertThatThrownBy(() -> otherKey.find("a").await())
        .isInstanceOf(OutboxException.class).hasMessageContaining("wrong data key, or the row was altered");
    otherKey.close().await();
  }

  @Test
  void plain_text_rows_of_an_older_agent_are_sealed_when_the_outbox_opens() throws Exception {
    EvidenceCipher key = TestCiphers.aes();
    SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.FULL, key).await().close().await();
    byte[] legacy = ("{\"idNumber\":\"" + ID_NUMBER + "\"}").getBytes(StandardCharsets.UTF_8);
    sql("INSERT INTO outbox (record_id, seq, payload, created_at, attempts, next_attempt_at, state)"
        + " VALUES ('old', 1, ?, 0, 0, 0, 'PENDING')", legacy);
    sql("UPDATE device_sequence SET last_seq = 1");

    SqliteOutbox outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.FULL, key).await();

    assertThat(outbox.find("old").await().orElseThrow().payload()).isEqualTo(legacy);
    assertThat(outbox.commit(record("new"), T0).await().seq()).isEqualTo(2);
    outbox.close().await();
    for (String f : new String[] {SqliteOutbox.FILE_NAME, SqliteOutbox.FILE_NAME + "-wal"}) {
      Path p = dir.resolve(f);
      if (Files.exists(p)) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(f).doesNotContain(ID_NUMBER);
      }
    }
  }
}
