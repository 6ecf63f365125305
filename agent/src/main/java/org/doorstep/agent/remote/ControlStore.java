package org.doorstep.agent.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doorstep.agent.records.SqliteFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * What remote control must remember across restarts, in one SQLite file ({@value #FILE_NAME} in the
 * data directory, WAL, {@code synchronous=FULL}, schema by Flyway from {@code classpath:db/control}):
 * the nonces of accepted commands (until they would expire anyway) and every config version that
 * passed verification with its outcome. The highest such version is the rollback floor.
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

  private final WorkerExecutor worker;
  private final Connection db;

  private ControlStore(WorkerExecutor worker, Connection db) {
    this.worker = worker;
    this.db = db;
  }

  /**
   * Opens (creating and migrating if needed) the store in {@code dataDir}.
   *
   * @return fails with {@link RemoteException} ({@code STORE}) when the file cannot be opened or migrated
   */
  public static Future<ControlStore> open(Vertx vertx, Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    WorkerExecutor worker = SqliteFiles.worker(vertx, "control", file);
    return worker.executeBlocking(() -> {
      Connection c = SqliteFiles.open(file, "db/control", SQLiteConfig.SynchronousMode.FULL, false);
      LOG.debug("control store open: {}", file);
      return new ControlStore(worker, c);
    }).recover(err -> {
      worker.close();
      return Future.failedFuture(new RemoteException(RemoteException.Reason.STORE,
          "cannot open control store " + file + ": " + err.getMessage(), err));
    });
  }

  /**
   * Remembers the nonce of an accepted command, after forgetting nonces whose {@code forgetAfter}
   * passed.
   *
   * @return {@code true} when the nonce is new; {@code false} when it was accepted before (a replay)
   */
  public Future<Boolean> rememberNonce(String nonce, String commandId, Instant forgetAfter, Instant now) {
    return tx(() -> {
      try (PreparedStatement del = db.prepareStatement("DELETE FROM command_nonces WHERE forget_after < ?")) {
        del.setLong(1, now.toEpochMilli());
        del.executeUpdate();
      }
      try (PreparedStatement ins = db.prepareStatement("INSERT INTO command_nonces (nonce, command_id, forget_after, "
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
    return tx(() -> {
      try (PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM command_nonces");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** The highest config version that ever passed verification here; 0 when none did. */
  public Future<Long> highestVersion() {
    return tx(() -> {
      try (PreparedStatement q = db.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM config_versions");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** What became of {@code version}; empty when it never passed verification here. */
  public Future<Optional<VersionOutcome>> outcomeOf(long version) {
    return tx(() -> {
      try (PreparedStatement q = db.prepareStatement("SELECT outcome FROM config_versions WHERE version = ?")) {
        q.setLong(1, version);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(VersionOutcome.valueOf(rs.getString(1))) : Optional.empty();
        }
      }
    });
  }

  /** Records (or overwrites) what became of {@code version}. */
  public Future<Void> recordVersion(long version, VersionOutcome outcome, String detail, Instant now) {
    return tx(() -> {
      try (PreparedStatement up = db.prepareStatement("INSERT INTO config_versions (version, outcome, detail, "
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

  /** Closes the connection and the worker. */
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      db.close();
      return null;
    }).eventually(worker::close);
  }

  private <T> Future<T> tx(Callable<T> work) {
    return worker.executeBlocking(() -> {
      try {
        T result = work.call();
        db.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          db.rollback();
        } catch (SQLException ignored) {
          // the original failure is the one to report
        }
        throw new RemoteException(RemoteException.Reason.STORE, "control store: " + e.getMessage(), e);
      }
    });
  }
}
