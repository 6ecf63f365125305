package org.doorstep.agent.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.doorstep.config.crypto.EvidenceCipher;
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
 *
 * <p><b>Personal data at rest.</b> A signed record holds the resident's full ID number and name, so the
 * {@code payload} column holds it sealed by an {@link EvidenceCipher} (AES-256-GCM, or SM4-GCM in SM
 * mode) with the record id as associated data: a row's payload cannot be moved to another row, and any
 * change fails decryption. Rows written in plain text by an older agent are encrypted when the outbox
 * opens. {@code PRAGMA secure_delete=ON} zeroes deleted content, and {@link #purgeAcked} truncates the WAL
 * afterwards, so a purged record's bytes are gone from the database files (not necessarily from the
 * flash cells under them: see agent/README.md, "Personal data at rest").
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

  private final SqliteDatabase db;
  private final EvidenceCipher cipher;

  private SqliteOutbox(SqliteDatabase db, EvidenceCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  /**
   * Opens (creating and migrating if needed) the outbox in {@code dataDir}.
   *
   * @param vertx      for the worker thread
   * @param dataDir    directory of {@value #FILE_NAME}; created if missing
   * @param durability {@code synchronous} mode
   * @param cipher     seals the payloads (the device's data key, {@link org.doorstep.agent.privacy.DataKeyStore})
   * @return the open outbox; fails with {@link OutboxException} when the file cannot be opened or migrated
   */
  public static Future<SqliteOutbox> open(Vertx vertx, Path dataDir, Durability durability, EvidenceCipher cipher) {
    Objects.requireNonNull(cipher, "cipher");
    Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    // One thread per database file: two agents in one JVM (tests) must not share a single-thread pool.
    return SqliteDatabase.open(vertx, "outbox", file, "db/outbox", durability == Durability.FULL
            ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL, true)
        .compose(db -> db.tx(c -> encryptLegacyRows(c, cipher))
            .compose(upgraded -> upgraded == 0 ? Future.succeededFuture(upgraded)
                : db.truncateWal().map(done -> {
                  LOG.info("outbox: encrypted {} record(s) stored in plain text by an older agent", upgraded);
                  return upgraded;
                }))
            .map(upgraded -> {
              LOG.info("outbox open: {} (WAL, synchronous={}, payloads sealed with {})", file, durability,
                  cipher.algorithm());
              return new SqliteOutbox(db, cipher);
            })
            .onFailure(err -> db.close()))
        .recover(err -> Future.failedFuture(new OutboxException("cannot open outbox " + file + ": "
            + err.getMessage(), err)));
  }

  @Override
  public Future<OutboxEntry> commit(RecordSealer sealer, Instant now) {
    return tx(c -> {
      long seq;
      try (PreparedStatement up = c.prepareStatement("UPDATE device_sequence SET last_seq = last_seq + 1 WHERE id = 1");
           PreparedStatement sel = c.prepareStatement("SELECT last_seq FROM device_sequence WHERE id = 1")) {
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
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO outbox (record_id, seq, payload, created_at, attempts, next_attempt_at, state)"
              + " VALUES (?, ?, ?, ?, 0, ?, 'PENDING')")) {
        ins.setString(1, r.recordId());
        ins.setLong(2, seq);
        ins.setBytes(3, sealPayload(cipher, r.recordId(), r.payload()));
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
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox"
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
    return tx(c -> {
      try (PreparedStatement sel = c.prepareStatement(
               "SELECT attempts FROM outbox WHERE record_id = ? AND state = 'PENDING'");
           PreparedStatement up = c.prepareStatement(
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
    return tx(c -> {
      try (PreparedStatement up = c.prepareStatement(
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
    return tx(c -> {
      int changed = 0;
      // A rejected record that a later ack reports stored (e.g. staff fixed the registration) is delivered.
      try (PreparedStatement up = c.prepareStatement("UPDATE outbox SET state = 'DELIVERED', acked_at = ?,"
          + " reject_reason = NULL, reject_code = NULL WHERE record_id = ? AND state <> 'DELIVERED'")) {
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
  public Future<Boolean> markRejected(String id, String code, String detail, Instant now) {
    Objects.requireNonNull(code, "code");
    String text = detail == null || detail.isEmpty() ? code : code + ": " + detail;
    return tx(c -> {
      try (PreparedStatement up = c.prepareStatement("UPDATE outbox SET state = 'REJECTED', acked_at = ?,"
          + " reject_reason = ?, reject_code = ? WHERE record_id = ? AND state = 'PENDING'")) {
        up.setLong(1, now.toEpochMilli());
        up.setString(2, text);
        up.setString(3, code);
        up.setString(4, id);
        return up.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Future<OutboxSummary> summary(int latestRejected) {
    if (latestRejected < 0) {
      throw new IllegalArgumentException("latestRejected: must be >= 0, was " + latestRejected);
    }
    return tx(c -> {
      long pending = 0;
      long rejected = 0;
      java.util.Map<String, Long> byReason = new java.util.TreeMap<>();
      try (PreparedStatement q = c.prepareStatement("SELECT state, coalesce(reject_code, ''), count(*) FROM outbox"
          + " WHERE state IN ('PENDING', 'REJECTED') GROUP BY state, reject_code");
           ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals("PENDING")) {
            pending += rs.getLong(3);
          } else {
            rejected += rs.getLong(3);
            byReason.merge(rs.getString(2), rs.getLong(3), Long::sum);
          }
        }
      }
      List<OutboxSummary.Rejected> latest = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT record_id, seq, coalesce(reject_code, ''),"
          + " coalesce(reject_reason, ''), acked_at FROM outbox WHERE state = 'REJECTED'"
          + " ORDER BY acked_at DESC, seq DESC LIMIT ?")) {
        q.setInt(1, latestRejected);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            String code = rs.getString(3);
            String text = rs.getString(4);
            String detail = text.startsWith(code + ": ") ? text.substring(code.length() + 2)
                : text.equals(code) ? "" : text;
            latest.add(new OutboxSummary.Rejected(rs.getString(1), rs.getLong(2), code, detail,
                Instant.ofEpochMilli(rs.getLong(5))));
          }
        }
      }
      return new OutboxSummary(pending, rejected, byReason, latest);
    });
  }

  @Override
  public Future<OutboxBacklog> backlog() {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement(
              "SELECT count(*), min(created_at) FROM outbox WHERE state = 'PENDING'");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        long n = rs.getLong(1);
        long oldest = rs.getLong(2);
        return new OutboxBacklog(n, n == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
      }
    });
  }

  @Override
  public Future<Optional<OutboxEntry>> find(String id) {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE record_id = ?")) {
        q.setString(1, id);
        return list(q).stream().findFirst();
      }
    });
  }

  @Override
  public Future<List<String>> purgeAcked(Instant ackedBefore) {
    Future<List<String>> purged = tx(c -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT record_id FROM outbox"
          + " WHERE state IN ('DELIVERED', 'REJECTED') AND acked_at IS NOT NULL AND acked_at < ? ORDER BY seq")) {
        q.setLong(1, ackedBefore.toEpochMilli());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      try (PreparedStatement del = c.prepareStatement("DELETE FROM outbox WHERE record_id = ?")) {
        for (String id : ids) {
          del.setString(1, id);
          del.addBatch();
        }
        del.executeBatch();
      }
      return ids;
    });
    // After the commit: copy the WAL (whose frames held the sealed rows) into the main file, where
    // secure_delete zeroed them, and truncate it to nothing.
    return purged.compose(ids -> ids.isEmpty() ? Future.succeededFuture(ids) : db.truncateWal().map(done -> {
      if (!done) {
        LOG.warn("outbox: WAL checkpoint was blocked by another connection; the WAL is truncated at the next one");
      }
      return ids;
    }));
  }

  @Override
  public Future<Set<String>> knownIds(Collection<String> ids) {
    List<String> copy = List.copyOf(ids);
    return tx(c -> {
      Set<String> known = new LinkedHashSet<>();
      try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM outbox WHERE record_id = ?")) {
        for (String id : copy) {
          q.setString(1, id);
          try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
              known.add(id);
            }
          }
        }
      }
      return known;
    });
  }

  /**
   * The last sequence number allocated (0 in a new outbox): every record ever committed here has a seq
   * at most this.
   */
  public Future<Long> lastSequence() {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT last_seq FROM device_sequence WHERE id = 1");
           ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /**
   * Moves the sequence on to at least {@code seq}, so that the next record is numbered above it (after
   * an outbox loss was accepted: numbers the fleet already holds are never reused). Never lowers it.
   *
   * @return the last sequence number now
   */
  public Future<Long> advanceSequenceTo(long seq) {
    return tx(c -> {
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE device_sequence SET last_seq = MAX(last_seq, ?) WHERE id = 1")) {
        up.setLong(1, seq);
        up.executeUpdate();
      }
      try (PreparedStatement q = c.prepareStatement("SELECT last_seq FROM device_sequence WHERE id = 1");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Closes the connection (after every queued operation) and the worker. */
  public Future<Void> close() {
    return db.close();
  }

  private static byte[] sealPayload(EvidenceCipher cipher, String recordId, byte[] payload) {
    return cipher.sealToBytes(payload, recordId.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] openPayload(EvidenceCipher cipher, String recordId, byte[] stored) {
    try {
      return cipher.openBytes(stored, recordId.getBytes(StandardCharsets.UTF_8));
    } catch (org.doorstep.config.crypto.CryptoException e) {
      throw new OutboxException("outbox: record " + recordId + " cannot be decrypted (" + e.getMessage()
          + "): wrong data key, or the row was altered", e);
    }
  }

  /**
   * Seals payloads an older agent stored in plain text (a signed envelope is JSON: it starts with
   * {@code '{'}, a sealed value with the format version byte 0x01). Inside one transaction.
   */
  private static int encryptLegacyRows(Connection c, EvidenceCipher cipher) throws SQLException {
    List<String> ids = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement("SELECT record_id, payload FROM outbox WHERE substr(payload, 1, 1) = ?")) {
      q.setBytes(1, new byte[] {'{'});
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
          payloads.add(rs.getBytes(2));
        }
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    try (PreparedStatement up = c.prepareStatement("UPDATE outbox SET payload = ? WHERE record_id = ?")) {
      for (int i = 0; i < ids.size(); i++) {
        up.setBytes(1, sealPayload(cipher, ids.get(i), payloads.get(i)));
        up.setString(2, ids.get(i));
        up.addBatch();
      }
      up.executeBatch();
    }
    return ids.size();
  }

  private static final String COLUMNS =
      "record_id, seq, payload, created_at, attempts, next_attempt_at, state, acked_at, reject_reason";

  private List<OutboxEntry> list(PreparedStatement q) throws SQLException {
    List<OutboxEntry> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        long acked = rs.getLong(8);
        boolean ackedNull = rs.wasNull();
        String id = rs.getString(1);
        out.add(new OutboxEntry(id, rs.getLong(2), openPayload(cipher, id, rs.getBytes(3)), Instant.ofEpochMilli(rs.getLong(4)),
            rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)), OutboxEntry.Status.valueOf(rs.getString(7)),
            ackedNull ? Optional.empty() : Optional.of(Instant.ofEpochMilli(acked)),
            Optional.ofNullable(rs.getString(9))));
      }
    }
    return out;
  }

  /** One transaction ({@link SqliteDatabase#tx}); a failure becomes an {@link OutboxException} (cause kept). */
  private <T> Future<T> tx(SqliteDatabase.Work<T> work) {
    return db.tx(work).recover(err -> Future.failedFuture(err instanceof OutboxException o ? o
        : new OutboxException("outbox: " + err.getMessage(), err)));
  }
}
