package org.doorstep.agent.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The outbox in one SQLite file ({@value #FILE_NAME} in the data directory), WAL journal, schema by
 * Flyway ({@code classpath:db/outbox}).
 *
 * <p>All JDBC runs on one dedicated worker thread ({@code createSharedWorkerExecutor("outbox-…", 1)})
 * over one connection: SQLite has one writer anyway, one thread needs no connection pool, and calls
 * are applied in the order they were made. The event loop never touches the database.
 *
 * <p><b>Durability.</b> The default is {@link Durability#FULL}: WAL with {@code synchronous=FULL}
 * fsyncs the WAL on every commit, so a record the screen called "done" survives a power cut (kiosks
 * lose power: cleaners unplug them, village power fails). It costs ~9k commits/s on the development
 * VM against ~50–78k/s with NORMAL, and a kiosk makes one record per resident per minute at most.
 * {@link Durability#NORMAL} (fsync only at checkpoints; may lose the last commits on power loss, never
 * corrupts) is there for bank terminals on a UPS or for load tests.
 */
public final class SqliteOutbox implements Outbox {
  /** The database file in the data directory. */
  public static final String FILE_NAME = "outbox.db";

  private static final Logger LOG = LoggerFactory.getLogger(SqliteOutbox.class);

  /** SQLite {@code synchronous} setting in WAL mode. */
  public enum Durability {
    /** fsync on every commit: a committed record survives power loss. The default. */
    FULL,
    /** fsync at checkpoints only: the last commits may be lost on power loss (database stays intact). */
    NORMAL
  }

  private final WorkerExecutor worker;
  private final Connection db;

  private SqliteOutbox(WorkerExecutor worker, Connection db) {
    this.worker = worker;
    this.db = db;
  }

  /**
   * Opens (creating and migrating if needed) the outbox in {@code dataDir}.
   *
   * @param vertx      for the worker thread
   * @param dataDir    directory of {@value #FILE_NAME}; created if missing
   * @param durability {@code synchronous} mode
   * @return the open outbox; fails with {@link OutboxException} when the file cannot be opened or migrated
   */
  public static Future<SqliteOutbox> open(Vertx vertx, Path dataDir, Durability durability) {
    Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    // One thread per database file: two agents in one JVM (tests) must not share a single-thread pool.
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("outbox-" + Integer.toHexString(file.hashCode()), 1);
    return worker.executeBlocking(() -> {
      Files.createDirectories(dataDir);
      String url = "jdbc:sqlite:" + file;
      Flyway.configure(SqliteOutbox.class.getClassLoader())
          .dataSource(url, null, null)
          .locations("classpath:db/outbox")
          .load()
          .migrate();
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(durability == Durability.FULL
          ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(5_000);
      Connection c = DriverManager.getConnection(url, config.toProperties());
      c.setAutoCommit(false);
      LOG.info("outbox open: {} (WAL, synchronous={})", file, durability);
      return new SqliteOutbox(worker, c);
    }).recover(err -> {
      worker.close();
      return Future.failedFuture(new OutboxException("cannot open outbox " + file + ": " + err.getMessage(), err));
    });
  }

  @Override
  public Future<OutboxEntry> commit(RecordSealer sealer, Instant now) {
    return tx(() -> {
      long seq;
      try (PreparedStatement up = db.prepareStatement("UPDATE device_sequence SET last_seq = last_seq + 1 WHERE id = 1");
           PreparedStatement sel = db.prepareStatement("SELECT last_seq FROM device_sequence WHERE id = 1")) {
        up.executeUpdate();
        try (ResultSet rs = sel.executeQuery()) {
          rs.next();
          seq = rs.getLong(1);
        }
      }
      SignedRecord r = sealer.seal(seq);
      if (r.seq() != seq) {
        throw new IllegalStateException("sealer returned seq " + r.seq() + " for allocated seq " + seq);
      }
      try (PreparedStatement ins = db.prepareStatement(
          "INSERT INTO outbox (record_id, seq, payload, created_at, attempts, next_attempt_at, state)"
              + " VALUES (?, ?, ?, ?, 0, ?, 'PENDING')")) {
        ins.setString(1, r.recordId());
        ins.setLong(2, seq);
        ins.setBytes(3, r.payload());
        ins.setLong(4, now.toEpochMilli());
        ins.setLong(5, now.toEpochMilli());
        ins.executeUpdate();
      }
      return new OutboxEntry(r.recordId(), seq, r.payload(), Instant.ofEpochMilli(now.toEpochMilli()), 0,
          Instant.ofEpochMilli(now.toEpochMilli()), OutboxEntry.Status.PENDING, Optional.empty(), Optional.empty());
    });
  }

  @Override
  public Future<List<OutboxEntry>> due(Instant now, int limit) {
    return tx(() -> {
      try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM outbox"
          + " WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY seq LIMIT ?")) {
        q.setLong(1, now.toEpochMilli());
        q.setInt(2, limit);
        return list(q);
      }
    });
  }

  @Override
  public Future<Void> reschedule(Collection<String> ids, Instant now, RetryBackoff backoff) {
    List<String> copy = List.copyOf(ids);
    return tx(() -> {
      try (PreparedStatement sel = db.prepareStatement(
               "SELECT attempts FROM outbox WHERE record_id = ? AND state = 'PENDING'");
           PreparedStatement up = db.prepareStatement(
               "UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE record_id = ?")) {
        for (String id : copy) {
          sel.setString(1, id);
          try (ResultSet rs = sel.executeQuery()) {
            if (!rs.next()) {
              continue;
            }
            int attempts = rs.getInt(1) + 1;
            up.setInt(1, attempts);
            up.setLong(2, now.plus(backoff.delayAfter(attempts)).toEpochMilli());
            up.setString(3, id);
            up.executeUpdate();
          }
        }
      }
      return null;
    });
  }

  @Override
  public Future<Integer> rescheduleAllPending(Instant at) {
    return tx(() -> {
      try (PreparedStatement up = db.prepareStatement(
          "UPDATE outbox SET next_attempt_at = ? WHERE state = 'PENDING' AND next_attempt_at > ?")) {
        up.setLong(1, at.toEpochMilli());
        up.setLong(2, at.toEpochMilli());
        return up.executeUpdate();
      }
    });
  }

  @Override
  public Future<Integer> markDelivered(Collection<String> ids, Instant now) {
    List<String> copy = List.copyOf(ids);
    return tx(() -> {
      int changed = 0;
      // A rejected record that a later ack reports stored (e.g. staff fixed the registration) is delivered.
      try (PreparedStatement up = db.prepareStatement("UPDATE outbox SET state = 'DELIVERED', acked_at = ?,"
          + " reject_reason = NULL WHERE record_id = ? AND state <> 'DELIVERED'")) {
        for (String id : copy) {
          up.setLong(1, now.toEpochMilli());
          up.setString(2, id);
          changed += up.executeUpdate();
        }
      }
      return changed;
    });
  }

  @Override
  public Future<Boolean> markRejected(String id, String reason, Instant now) {
    return tx(() -> {
      try (PreparedStatement up = db.prepareStatement("UPDATE outbox SET state = 'REJECTED', acked_at = ?,"
          + " reject_reason = ? WHERE record_id = ? AND state = 'PENDING'")) {
        up.setLong(1, now.toEpochMilli());
        up.setString(2, reason);
        up.setString(3, id);
        return up.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Future<Long> pendingCount() {
    return tx(() -> {
      try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM outbox WHERE state = 'PENDING'");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public Future<Optional<OutboxEntry>> find(String id) {
    return tx(() -> {
      try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE record_id = ?")) {
        q.setString(1, id);
        return list(q).stream().findFirst();
      }
    });
  }

  /** Closes the connection (after every queued operation) and the worker. */
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      db.close();
      return null;
    }).eventually(worker::close);
  }

  private static final String COLUMNS =
      "record_id, seq, payload, created_at, attempts, next_attempt_at, state, acked_at, reject_reason";

  private List<OutboxEntry> list(PreparedStatement q) throws SQLException {
    List<OutboxEntry> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        long acked = rs.getLong(8);
        boolean ackedNull = rs.wasNull();
        out.add(new OutboxEntry(rs.getString(1), rs.getLong(2), rs.getBytes(3), Instant.ofEpochMilli(rs.getLong(4)),
            rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)), OutboxEntry.Status.valueOf(rs.getString(7)),
            ackedNull ? Optional.empty() : Optional.of(Instant.ofEpochMilli(acked)),
            Optional.ofNullable(rs.getString(9))));
      }
    }
    return out;
  }

  /** Runs {@code work} on the worker as one transaction: commit on success, roll back on any failure. */
  private <T> Future<T> tx(Callable<T> work) {
    return worker.executeBlocking(() -> {
      try {
        T result = work.call();
        db.commit();
        return result;
      } catch (Exception | Error e) {
        try {
          db.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e instanceof OutboxException o ? o : new OutboxException("outbox: " + e.getMessage(), e);
      }
    });
  }
}
