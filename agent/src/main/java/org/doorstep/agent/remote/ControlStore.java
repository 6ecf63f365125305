package org.doorstep.agent.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import org.doorstep.agent.records.SqliteDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * What remote control must remember across restarts, in one SQLite file ({@value #FILE_NAME} in the
 * data directory, WAL, {@code synchronous=FULL}, schema by Flyway from {@code classpath:db/control}):
 * the nonces of accepted commands (until they would expire anyway), every config version that
 * passed verification with its outcome (the highest is the rollback floor), and the outbox's sequence
 * mark (the highest record sequence ever committed: an emptied outbox is noticed at start).
 *
 * <p>All JDBC runs on one dedicated worker thread over one connection, like the outbox; futures
 * complete on the caller's context. Failures: {@link RemoteException} with reason {@code STORE}.
 */
public final class ControlStore {
  /** The database file in the data directory. */
  public static final String FILE_NAME = "control.db";

  private static final Logger LOG = LoggerFactory.getLogger(ControlStore.class);

  /** What became of a verified config version. */
  public enum VersionOutcome {
    /** It was (and may still be) in force. */
    APPLIED,
    /** The agent could not run with it and went back to the last known good; it is never tried again. */
    APPLY_FAILED
  }

  private final SqliteDatabase db;

  private ControlStore(SqliteDatabase db) {
    this.db = db;
  }

  /**
   * Opens (creating and migrating if needed) the store in {@code dataDir}.
   *
   * @return fails with {@link RemoteException} ({@code STORE}) when the file cannot be opened or migrated
   */
  public static Future<ControlStore> open(Vertx vertx, Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    return SqliteDatabase.open(vertx, "control", file, "db/control", SQLiteConfig.SynchronousMode.FULL, false)
        .map(db -> {
          LOG.debug("control store open: {}", file);
          return new ControlStore(db);
        })
        .recover(err -> Future.failedFuture(new RemoteException(RemoteException.Reason.STORE,
            "cannot open control store " + file + ": " + err.getMessage(), err)));
  }

  /**
   * Remembers the nonce of an accepted command, after forgetting nonces whose {@code forgetAfter}
   * passed.
   *
   * @return {@code true} when the nonce is new; {@code false} when it was accepted before (a replay)
   */
  public Future<Boolean> rememberNonce(String nonce, String commandId, Instant forgetAfter, Instant now) {
    return tx(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM command_nonces WHERE forget_after < ?")) {
        del.setLong(1, now.toEpochMilli());
        del.executeUpdate();
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO command_nonces (nonce, command_id, forget_after, "
          + "accepted_at) VALUES (?, ?, ?, ?) ON CONFLICT (nonce) DO NOTHING")) {
        ins.setString(1, nonce);
        ins.setString(2, commandId);
        ins.setLong(3, forgetAfter.toEpochMilli());
        ins.setLong(4, now.toEpochMilli());
        return ins.executeUpdate() == 1;
      }
    });
  }

  /** How many nonces are remembered (tests, health). */
  public Future<Long> nonceCount() {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM command_nonces");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** The highest config version that ever passed verification here; 0 when none did. */
  public Future<Long> highestVersion() {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM config_versions");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** What became of {@code version}; empty when it never passed verification here. */
  public Future<Optional<VersionOutcome>> outcomeOf(long version) {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT outcome FROM config_versions WHERE version = ?")) {
        q.setLong(1, version);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(VersionOutcome.valueOf(rs.getString(1))) : Optional.empty();
        }
      }
    });
  }

  /** Records (or overwrites) what became of {@code version}. */
  public Future<Void> recordVersion(long version, VersionOutcome outcome, String detail, Instant now) {
    return tx(c -> {
      try (PreparedStatement up = c.prepareStatement("INSERT INTO config_versions (version, outcome, detail, "
          + "decided_at) VALUES (?, ?, ?, ?) ON CONFLICT (version) DO UPDATE SET outcome = excluded.outcome, "
          + "detail = excluded.detail, decided_at = excluded.decided_at")) {
        up.setLong(1, version);
        up.setString(2, outcome.name());
        up.setString(3, detail == null ? "" : detail);
        up.setLong(4, now.toEpochMilli());
        up.executeUpdate();
      }
      return null;
    });
  }

  /**
   * The highest record sequence number the outbox ever committed, as last raised ({@link
   * #raiseSequenceMark}); 0 when none was. See {@code OutboxContinuity}.
   */
  public Future<Long> sequenceMark() {
    return tx(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(MAX(last_seq), 0) FROM sequence_mark");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Raises the sequence mark to {@code seq} (never lowers it). */
  public Future<Void> raiseSequenceMark(long seq) {
    return tx(c -> {
      try (PreparedStatement up = c.prepareStatement("INSERT INTO sequence_mark (id, last_seq) VALUES (1, ?) "
          + "ON CONFLICT (id) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)")) {
        up.setLong(1, seq);
        up.executeUpdate();
      }
      return null;
    });
  }

  /** Closes the connection and the worker. */
  public Future<Void> close() {
    return db.close();
  }

  /** One transaction ({@link SqliteDatabase#tx}); a failure becomes a {@code STORE} {@link RemoteException}. */
  private <T> Future<T> tx(SqliteDatabase.Work<T> work) {
    return db.tx(work).recover(err -> Future.failedFuture(err instanceof RemoteException r ? r
        : new RemoteException(RemoteException.Reason.STORE, "control store: " + err.getMessage(), err)));
  }
}
