package org.doorstep.agent.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.doorstep.agent.records.SqliteDatabase;
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

  private final SqliteDatabase db;
  private final EvidenceCipher cipher;
  private final Clock clock;

  private SqliteEvidenceStore(SqliteDatabase db, EvidenceCipher cipher, Clock clock) {
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
    return SqliteDatabase.open(vertx, "evidence", file, "db/evidence", SQLiteConfig.SynchronousMode.FULL, true)
        .map(db -> {
          LOG.info("evidence store open: {} (sealed with {})", file, cipher.algorithm());
          return new SqliteEvidenceStore(db, cipher, clock);
        })
        .recover(err -> Future.failedFuture(new EvidenceException("cannot open evidence store " + file + ": "
            + err.getMessage(), err)));
  }

  @Override
  public Future<EvidenceRef> put(String recordId, String kind, String mediaType, byte[] plaintext) {
    notBlank("recordId", recordId);
    notBlank("kind", kind);
    notBlank("mediaType", mediaType);
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] copy = plaintext.clone();
    return tx(c -> {
      EvidenceRef ref = new EvidenceRef(recordId, kind, mediaType, sha256(copy), copy.length);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO evidence (record_id, kind, media_type, sha256,"
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
    return tx(c -> {
      List<StoredEvidence> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT kind, media_type, sha256, size, sealed FROM evidence"
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
    Future<Integer> deleted = tx(c -> {
      int n = 0;
      try (PreparedStatement del = c.prepareStatement("DELETE FROM evidence WHERE record_id = ?")) {
        for (String id : ids) {
          del.setString(1, id);
          n += del.executeUpdate();
        }
      }
      return n;
    });
    return deleted.compose(n -> n == 0 ? Future.succeededFuture(0) : db.truncateWal().map(done -> {
      if (!done) {
        LOG.warn("evidence store: WAL checkpoint was blocked; the WAL is truncated at the next one");
      }
      return n;
    }));
  }

  @Override
  public Future<List<String>> recordIdsStoredBefore(Instant createdBefore) {
    return tx(c -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
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
    return db.close();
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

  /** One transaction ({@link SqliteDatabase#tx}); a failure becomes an {@link EvidenceException} (cause kept). */
  private <T> Future<T> tx(SqliteDatabase.Work<T> work) {
    return db.tx(work).recover(err -> Future.failedFuture(err instanceof EvidenceException x ? x
        : new EvidenceException("evidence: " + err.getMessage(), err)));
  }
}
