package org.doorstep.agent.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.doorstep.agent.records.OutboxEntry.Status;
import org.doorstep.agent.records.SqliteOutbox.Durability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteOutboxIT {
  private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
  private static final org.doorstep.config.crypto.EvidenceCipher CIPHER = org.doorstep.agent.testing.TestCiphers.aes();
  private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofSeconds(20), Duration.ofMinutes(5));

  @TempDir Path dir;
  private Vertx vertx;
  private SqliteOutbox outbox;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    outbox = SqliteOutbox.open(vertx, dir, Durability.FULL, CIPHER).await();
  }

  @AfterEach
  void close() {
    if (outbox != null) {
      outbox.close().await();
    }
    vertx.close().await();
  }

  private static RecordSealer record(String id) {
    return seq -> new SignedRecord(id, seq, ("payload-" + id).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void commit_allocates_gap_free_sequence_from_one() {
    OutboxEntry a = outbox.commit(record("a"), T0).await();
    OutboxEntry b = outbox.commit(record("b"), T0).await();
    assertThat(a.seq()).isEqualTo(1);
    assertThat(b.seq()).isEqualTo(2);
    assertThat(a.status()).isEqualTo(Status.PENDING);
    assertThat(outbox.pendingCount().await()).isEqualTo(2);
    assertThat(outbox.find("a").await()).hasValueSatisfying(e -> {
      assertThat(new String(e.payload(), StandardCharsets.UTF_8)).isEqualTo("payload-a");
      assertThat(e.createdAt()).isEqualTo(T0);
      assertThat(e.attempts()).isZero();
    });
  }

  @Test
  void concurrent_commits_get_distinct_sequences() {
    List<io.vertx.core.Future<OutboxEntry>> all = IntStream.range(0, 50)
        .mapToObj(i -> outbox.commit(record("r" + i), T0)).toList();
    List<Long> seqs = all.stream().map(f -> f.await().seq()).sorted().toList();
    assertThat(seqs).isEqualTo(IntStream.rangeClosed(1, 50).mapToObj(i -> (long) i).toList());
  }

  @Test
  void failing_sealer_rolls_back_the_sequence_too() {
    assertThatThrownBy(() -> outbox.commit(seq -> {
      throw new IllegalStateException("signer broken");
    }, T0).await()).isInstanceOf(OutboxException.class).hasMessageContaining("signer broken");
    assertThat(outbox.commit(record("a"), T0).await().seq()).isEqualTo(1);
    assertThat(outbox.pendingCount().await()).isEqualTo(1);
  }

  @Test
  void duplicate_record_id_is_refused_and_sequence_not_consumed() {
    outbox.commit(record("a"), T0).await();
    assertThatThrownBy(() -> outbox.commit(record("a"), T0).await()).isInstanceOf(OutboxException.class);
    assertThat(outbox.commit(record("b"), T0).await().seq()).isEqualTo(2);
  }

  @Test
  void due_returns_pending_oldest_first_up_to_limit() {
    outbox.commit(record("a"), T0).await();
    outbox.commit(record("b"), T0).await();
    outbox.commit(record("c"), T0.plusSeconds(5)).await();
    assertThat(outbox.due(T0, 10).await()).extracting(OutboxEntry::recordId).containsExactly("a", "b");
    assertThat(outbox.due(T0.plusSeconds(5), 2).await()).extracting(OutboxEntry::recordId).containsExactly("a", "b");
  }

  @Test
  void reschedule_counts_attempts_and_backs_off() {
    outbox.commit(record("a"), T0).await();
    outbox.reschedule(List.of("a"), T0, BACKOFF).await();
    assertThat(outbox.due(T0.plusSeconds(19), 10).await()).isEmpty();
    assertThat(outbox.due(T0.plusSeconds(20), 10).await()).singleElement()
        .satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
    outbox.reschedule(List.of("a"), T0.plusSeconds(20), BACKOFF).await();
    assertThat(outbox.due(T0.plusSeconds(59), 10).await()).isEmpty();
    assertThat(outbox.due(T0.plusSeconds(60), 10).await()).singleElement()
        .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
  }

  @Test
  void reschedule_all_pending_makes_everything_due_now() {
    outbox.commit(record("a"), T0).await();
    outbox.commit(record("b"), T0).await();
    outbox.reschedule(List.of("a", "b"), T0, BACKOFF).await();
    assertThat(outbox.rescheduleAllPending(T0.plusSeconds(1)).await()).isEqualTo(2);
    assertThat(outbox.due(T0.plusSeconds(1), 10).await()).hasSize(2);
  }

  @Test
  void delivered_leaves_pending_and_is_never_due() {
    outbox.commit(record("a"), T0).await();
    outbox.commit(record("b"), T0).await();
    assertThat(outbox.markDelivered(List.of("a", "unknown"), T0.plusSeconds(2)).await()).isEqualTo(1);
    assertThat(outbox.markDelivered(List.of("a"), T0.plusSeconds(3)).await()).isZero();
    assertThat(outbox.pendingCount().await()).isEqualTo(1);
    assertThat(outbox.due(T0.plusSeconds(10), 10).await()).extracting(OutboxEntry::recordId).containsExactly("b");
    assertThat(outbox.find("a").await()).hasValueSatisfying(e -> {
      assertThat(e.status()).isEqualTo(Status.DELIVERED);
      assertThat(e.ackedAt()).contains(T0.plusSeconds(2));
    });
  }

  @Test
  void backlog_is_the_pending_count_and_the_commit_time_of_the_oldest_pending() {
    assertThat(outbox.backlog().await()).isEqualTo(new OutboxBacklog(0, Optional.empty()));
    outbox.commit(record("a"), T0).await();
    outbox.commit(record("b"), T0.plusSeconds(5)).await();
    outbox.commit(record("c"), T0.plusSeconds(9)).await();
    assertThat(outbox.backlog().await()).isEqualTo(new OutboxBacklog(3, Optional.of(T0)));

    outbox.markDelivered(List.of("a"), T0.plusSeconds(10)).await();
    outbox.markRejected("b", "BAD_SIGNATURE", "", T0.plusSeconds(10)).await();

    assertThat(outbox.backlog().await()).isEqualTo(new OutboxBacklog(1, Optional.of(T0.plusSeconds(9))));
  }

  @Test
  void rejected_is_kept_with_reason_and_never_due() {
    outbox.commit(record("a"), T0).await();
    assertThat(outbox.markRejected("a", "BAD_SIGNATURE", "key unknown", T0.plusSeconds(1)).await()).isTrue();
    assertThat(outbox.markRejected("a", "BAD_SIGNATURE", "again", T0.plusSeconds(1)).await()).isFalse();
    assertThat(outbox.pendingCount().await()).isZero();
    assertThat(outbox.due(T0.plusSeconds(100), 10).await()).isEmpty();
    assertThat(outbox.find("a").await()).hasValueSatisfying(e -> {
      assertThat(e.status()).isEqualTo(Status.REJECTED);
      assertThat(e.rejectReason()).contains("BAD_SIGNATURE: key unknown");
    });
  }

  @Test
  void summary_counts_pending_and_rejected_by_reason_and_lists_the_latest_refusals_first() {
    outbox.commit(record("a"), T0).await();
    outbox.commit(record("b"), T0).await();
    outbox.commit(record("c"), T0).await();
    outbox.commit(record("d"), T0).await();
    outbox.markRejected("a", "NOT_CANONICAL", "body.seq: only integers", T0.plusSeconds(1)).await();
    outbox.markRejected("b", "NOT_CANONICAL", "", T0.plusSeconds(2)).await();
    outbox.markRejected("c", "BAD_SIGNATURE", "sig: does not verify", T0.plusSeconds(3)).await();

    OutboxSummary s = outbox.summary(2).await();

    assertThat(s.pending()).isEqualTo(1);
    assertThat(s.rejected()).isEqualTo(3);
    assertThat(s.rejectedByReason()).containsEntry("NOT_CANONICAL", 2L).containsEntry("BAD_SIGNATURE", 1L).hasSize(2);
    assertThat(s.latestRejected()).containsExactly(
        new OutboxSummary.Rejected("c", 3, "BAD_SIGNATURE", "sig: does not verify", T0.plusSeconds(3)),
        new OutboxSummary.Rejected("b", 2, "NOT_CANONICAL", "", T0.plusSeconds(2)));
  }

  @Test
  void rejected_record_later_reported_stored_leaves_the_rejected_count() {
    outbox.commit(record("a"), T0).await();
    outbox.markRejected("a", "UNKNOWN_DEVICE", "device kiosk-1 is not registered", T0.plusSeconds(1)).await();

    outbox.markDelivered(List.of("a"), T0.plusSeconds(2)).await();

    assertThat(outbox.summary(10).await().rejected()).isZero();
  }

  @Test
  void migration_gives_records_rejected_before_it_their_reason_code() throws Exception {
    outbox.close().await();
    outbox = null;
    Path v1 = Files.createDirectory(dir.resolve("v1"));
    String url = "jdbc:sqlite:" + v1.resolve(SqliteOutbox.FILE_NAME);
    org.flywaydb.core.Flyway.configure(getClass().getClassLoader()).dataSource(url, null, null)
        .locations("classpath:db/outbox").target("1").load().migrate();
    try (Connection c = DriverManager.getConnection(url); var st = c.createStatement()) {
      st.executeUpdate("INSERT INTO outbox (record_id, seq, payload, created_at, next_attempt_at, state, acked_at,"
          + " reject_reason) VALUES ('old', 1, X'7b7d', 0, 0, 'REJECTED', 5, 'UNKNOWN_DEVICE: device k is revoked')");
    }

    outbox = SqliteOutbox.open(vertx, v1, Durability.FULL, CIPHER).await();

    OutboxSummary s = outbox.summary(5).await();
    assertThat(s.rejectedByReason()).containsExactly(java.util.Map.entry("UNKNOWN_DEVICE", 1L));
    assertThat(s.latestRejected()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo("UNKNOWN_DEVICE");
      assertThat(r.detail()).isEqualTo("device k is revoked");
    });
  }

  @Test
  void survives_reopen_with_records_and_sequence() throws Exception {
    outbox.commit(record("a"), T0).await();
    outbox.commit(record("b"), T0).await();
    outbox.markDelivered(List.of("a"), T0).await();
    outbox.close().await();
    outbox = null;

    outbox = SqliteOutbox.open(vertx, dir, Durability.NORMAL, CIPHER).await();
    assertThat(outbox.pendingCount().await()).isEqualTo(1);
    assertThat(outbox.find("a").await()).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(Status.DELIVERED));
    assertThat(outbox.commit(record("c"), T0).await().seq()).isEqualTo(3);
  }

  @Test
  void file_is_wal_with_flyway_history() throws Exception {
    outbox.commit(record("a"), T0).await();
    Path db = dir.resolve(SqliteOutbox.FILE_NAME);
    assertThat(db).exists();
    assertThat(Files.exists(dir.resolve(SqliteOutbox.FILE_NAME + "-wal"))).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         ResultSet rs = c.createStatement().executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("1");
    }
  }

  @Test
  void open_fails_cleanly_when_the_directory_is_a_file() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> SqliteOutbox.open(vertx, file, Durability.FULL, CIPHER).await())
        .isInstanceOf(OutboxException.class);
  }
}
