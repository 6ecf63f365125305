package org.doorstep.agent.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.doorstep.agent.records.SqliteFiles;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.EvidenceCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * {@link EvidenceStore} in one SQLite file ({@value #FILE_NAME} in the data directory), schema by
 * Flyway ({@code classpath:db/evidence}), each item sealed by an {@link EvidenceCipher} with
 * {@code recordId NUL kind NUL sha256} as associated data (an item cannot be moved to another record or
 * relabelled). Like the outbox: one connection on one worker thread, WAL, {@code synchronous=FULL},
 * {@code secure_delete=ON}; a purge truncates the WAL after its commit so the deleted bytes are gone from
 * both files.
 */
public final class SqliteEvidenceStore implements EvidenceStore {
  /** The database file in the data directory. */
  public static final String FILE_NAME = "evidence.db";

  private static final Logger LOG = LoggerFactory.getLogger(SqliteEvidenceStore.class);

  private final WorkerExecutor worker;
  private final Connection db;
  private final EvidenceCipher cipher;
  private final Clock clock;

  private SqliteEvidenceStore(WorkerExecutor worker, Connection db, EvidenceCipher cipher, Clock clock) {
    this.worker = worker;
    this.db = db;
    this.cipher = cipher;
    this.clock = clock;
  }

  /**
   * Opens (creating and migrating if needed) the store in {@code dataDir}.
   *
   * @param cipher seals the items (the device's data key)
   * @param clock  creation times (orphan purging)
   * @return fails with {@link EvidenceException} when the file cannot be opened or migrated
   */
  public static Future<SqliteEvidenceStore> open(Vertx vertx, Path dataDir, EvidenceCipher cipher, Clock clock) {
    Objects.requireNonNull(cipher, "cipher");
    Objects.requireNonNull(clock, "clock");
    Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    WorkerExecutor worker = SqliteFiles.worker(vertx, "evidence", file);
    return worker.executeBlocking(() -> {
      Connection c = SqliteFiles.open(file, "db/evidence", SQLiteConfig.SynchronousMode.FULL, true);
      LOG.info("evidence store open: {} (sealed with {})", file, cipher.algorithm());
      return new SqliteEvidenceStore(worker, c, cipher, clock);
    }).recover(err -> {
      worker.close();
      return Future.failedFuture(new EvidenceException("cannot open evidence store " + file + ": " + err.getMessage(), err));
    });
  }

  @Override
  public Future<EvidenceRef> put(String recordId, String kind, String mediaType, byte[] plaintext) {
    notBlank("recordId", recordId);
    notBlank("kind", kind);
    notBlank("mediaType", mediaType);
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] copy = plaintext.clone();
    return tx(() -> {
      EvidenceRef ref = new EvidenceRef(recordId, kind, mediaType, sha256(copy), copy.length);
      try (PreparedStatement ins = db.prepareStatement("INSERT INTO evidence (record_id, kind, media_type, sha256,"
          + " size, sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ins.setString(1, recordId);
        ins.setString(2, kind);
        ins.setString(3, mediaType);
        ins.setString(4, ref.sha256());
        ins.setLong(5, ref.size());
        ins.setBytes(6, cipher.sealToBytes(copy, associatedData(ref)));
        ins.setLong(7, clock.millis());
        ins.executeUpdate();
      }
      return ref;
    });
  }

  @Override
  public Future<List<StoredEvidence>> get(String recordId) {
    return tx(() -> {
      List<StoredEvidence> out = new ArrayList<>();
      try (PreparedStatement q = db.prepareStatement("SELECT kind, media_type, sha256, size, sealed FROM evidence"
          + " WHERE record_id = ? ORDER BY id")) {
        q.setString(1, recordId);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            EvidenceRef ref = new EvidenceRef(recordId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
            byte[] bytes;
            try {
              bytes = cipher.openBytes(rs.getBytes(5), associatedData(ref));
            } catch (CryptoException e) {
              throw new EvidenceException("evidence " + ref.kind() + " of record " + recordId + " cannot be decrypted ("
                  + e.getMessage() + "): wrong data key, or the row was altered", e);
            }
            if (!sha256(bytes).equals(ref.sha256())) {
              throw new EvidenceException("evidence " + ref.kind() + " of record " + recordId
                  + " does not match its SHA-256", null);
            }
            out.add(new StoredEvidence(ref, bytes));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Future<Integer> purge(Collection<String> recordIds) {
    List<String> ids = List.copyOf(recordIds);
    if (ids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Future<Integer> deleted = tx(() -> {
      int n = 0;
      try (PreparedStatement del = db.prepareStatement("DELETE FROM evidence WHERE record_id = ?")) {
        for (String id : ids) {
          del.setString(1, id);
          n += del.executeUpdate();
        }
      }
      return n;
    });
    return deleted.compose(n -> n == 0 ? Future.succeededFuture(0) : worker.executeBlocking(() -> {
      truncateWal();
      return n;
    }));
  }

  @Override
  public Future<List<String>> recordIdsStoredBefore(Instant createdBefore) {
    return tx(() -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement q = db.prepareStatement(
          "SELECT DISTINCT record_id FROM evidence WHERE created_at < ? ORDER BY record_id")) {
        q.setLong(1, createdBefore.toEpochMilli());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      return ids;
    });
  }

  /** Closes the connection (after every queued operation) and the worker. */
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      db.close();
      return null;
    }).eventually(worker::close);
  }

  private void truncateWal() throws SQLException {
    db.setAutoCommit(true);
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      if (rs.next() && rs.getInt(1) != 0) {
        LOG.warn("evidence store: WAL checkpoint was blocked; the WAL is truncated at the next one");
      }
    } finally {
      db.setAutoCommit(false);
    }
  }

  private static byte[] associatedData(EvidenceRef ref) {
    return (ref.recordId() + '\0' + ref.kind() + '\0' + ref.sha256()).getBytes(StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": required");
    }
  }

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
        throw e instanceof EvidenceException x ? x : new EvidenceException("evidence: " + e.getMessage(), e);
      }
    });
  }
}
