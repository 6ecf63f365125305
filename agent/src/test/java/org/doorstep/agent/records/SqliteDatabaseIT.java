package org.doorstep.agent.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The one transaction helper of the agent's SQLite files, against real SQLite. A full disk is made
 * with {@code PRAGMA max_page_count}, which makes SQLite fail with the very {@code SQLITE_FULL} a full
 * file system gives (the whole agent on a real full tmpfs: {@code AgentDiskFullIT}).
 */
class SqliteDatabaseIT {
  @TempDir Path dir;
  private Vertx vertx;
  private SqliteDatabase db;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    // The outbox's schema: any migration set will do.
    db = SqliteDatabase.open(vertx, "outbox", dir.resolve("outbox.db"), "db/outbox",
        SQLiteConfig.SynchronousMode.FULL, true).await();
    db.tx(c -> {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
      }
      return null;
    }).await();
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close().await();
    }
    vertx.close().await();
  }

  private Long insert(int bytes) {
    return db.tx(c -> {
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO blobs (data) VALUES (?)")) {
        ins.setBytes(1, new byte[bytes]);
        ins.executeUpdate();
      }
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM blobs")) {
        rs.next();
        return rs.getLong(1);
      }
    }).await();
  }

  private long rows() {
    return db.tx(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM blobs")) {
        rs.next();
        return rs.getLong(1);
      }
    }).await();
  }

  private void maxPages(long pages) {
    db.tx(c -> {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA max_page_count = " + pages);
      }
      return null;
    }).await();
  }

  private long pageCount() {
    return db.tx(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
        rs.next();
        return rs.getLong(1);
      }
    }).await();
  }

  @Test
  void full_disk_fails_as_disk_full_naming_the_file_without_a_second_error() {
    insert(100);
    maxPages(pageCount());

    Throwable err = catchThrowable(() -> insert(64 * 1024));

    assertThat(err).isInstanceOf(StorageException.class).hasMessageContaining("disk full")
        .hasMessageContaining(dir.resolve("outbox.db").toString());
    assertThat(((StorageException) err).kind()).isEqualTo(StorageException.Kind.DISK_FULL);
    assertThat(StorageException.isDiskFull(new OutboxException("outbox: x", err))).isTrue();
    // SQLite rolled back by itself: the helper's rollback found none and said nothing about it.
    assertThat(err.getSuppressed()).isEmpty();
  }

  @Test
  void after_a_full_disk_committed_rows_stay_reads_work_and_writes_resume_when_space_returns() {
    insert(100);
    maxPages(pageCount());
    for (int i = 0; i < 3; i++) {   // a kiosk retries: every attempt fails the same clean way
      assertThat(catchThrowable(() -> insert(64 * 1024))).isInstanceOf(StorageException.class)
          .satisfies(e -> assertThat(((StorageException) e).diskFull()).isTrue());
    }
    assertThat(rows()).isEqualTo(1);

    maxPages(1_000_000);   // space returned

    assertThat(insert(64 * 1024)).isEqualTo(2);
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void domain_failure_of_the_work_rolls_back_and_comes_back_as_thrown() {
    Throwable err = catchThrowable(() -> db.tx(c -> {
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO blobs (data) VALUES (x'01')")) {
        ins.executeUpdate();
      }
      throw new IllegalStateException("sealer returned the wrong seq");
    }).await());

    assertThat(err).isInstanceOf(IllegalStateException.class).hasMessage("sealer returned the wrong seq");
    assertThat(rows()).isZero();
  }

  @Test
  void file_that_is_not_a_database_is_named_at_once() throws Exception {
    db.close().await();
    db = null;
    Path file = dir.resolve("evidence.db");
    Files.writeString(file, "this is a config file, not a database ".repeat(200), StandardCharsets.UTF_8);

    long started = System.nanoTime();
    Throwable err = catchThrowable(() -> SqliteDatabase.open(vertx, "evidence", file, "db/evidence",
        SQLiteConfig.SynchronousMode.FULL, true).await());
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(err).isInstanceOf(StorageException.class).hasMessageStartingWith(file.toString())
        .hasMessageContaining("not a SQLite database");
    assertThat(((StorageException) err).kind()).isEqualTo(StorageException.Kind.CORRUPT);
    assertThat(tookMs).as("reported at once, not after the busy timeout").isLessThan(SqliteFiles.BUSY_TIMEOUT_MS);
  }

  @Test
  void truncated_database_is_named_at_once() throws Exception {
    for (int i = 0; i < 20; i++) {
      insert(16 * 1024);
    }
    db.truncateWal().await();
    db.close().await();
    db = null;
    Path file = dir.resolve("outbox.db");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 2 + 100);   // cut mid-page, as a crashed copy leaves it
    }

    Throwable err = catchThrowable(() -> SqliteDatabase.open(vertx, "outbox", file, "db/outbox",
        SQLiteConfig.SynchronousMode.FULL, true).await());

    assertThat(err).isInstanceOf(StorageException.class).hasMessageStartingWith(file.toString())
        .hasMessageContaining("damaged");
  }
}
