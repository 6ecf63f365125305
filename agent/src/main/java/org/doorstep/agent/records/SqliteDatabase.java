package org.doorstep.agent.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * One of the agent's SQLite files (outbox, evidence store, control store) with its single-thread
 * worker and its one connection: the one place where the agent runs a transaction.
 *
 * <pre>{@code
 * SqliteDatabase db = SqliteDatabase.open(vertx, "outbox", file, "db/outbox", SynchronousMode.FULL, true).await();
 * Future<Long> n = db.tx(c -> { try (var q = c.prepareStatement("SELECT count(*) FROM outbox")) { … } });
 * }</pre>
 *
 * <p><b>Transactions.</b> {@link #tx} runs the work on the worker, commits on success and rolls back on
 * any failure. SQLite rolls a transaction back by itself when a statement fails with {@code SQLITE_FULL}
 * (or an I/O error); the explicit rollback then finds no transaction and says "cannot rollback - no
 * transaction is active": that message is expected, is not reported, and the helper begins the
 * transaction the driver expects, so that the next call works (before, every later commit failed with
 * "cannot commit - no transaction is active"). A JDBC failure comes back as a
 * {@link StorageException} naming the file and its {@link StorageException.Kind} ({@code DISK_FULL} for a
 * full data folder); any other exception of the work (a domain check) comes back as it was thrown.
 *
 * <p><b>Logging.</b> The first {@code DISK_FULL} of a file is logged at WARN ("disk full: writes to …
 * refused until space returns"), the next transaction that writes again at INFO. Nothing else is logged
 * here: the caller handles the failure and logs it once.
 *
 * <p>Threads: every method may be called from any thread; futures complete on the caller's context.
 */
public final class SqliteDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

  /** Work inside one transaction, on the file's worker, with its connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs on the worker; any exception rolls the transaction back. */
    T run(Connection c) throws Exception;
  }

  private final String name;
  private final Path file;
  private final WorkerExecutor worker;
  private final Connection connection;
  /** Touched on the worker only. */
  private boolean full;

  private SqliteDatabase(String name, Path file, WorkerExecutor worker, Connection connection) {
    this.name = name;
    this.file = file;
    this.worker = worker;
    this.connection = connection;
  }

  /**
   * Opens {@code file} (checked, migrated: {@link SqliteFiles#open}) on a worker of its own named
   * {@code <name>-<hash of the path>}.
   *
   * @param name         what the file is, for thread names and messages ({@code outbox})
   * @param migrations   classpath folder of its Flyway scripts ({@code db/outbox})
   * @param synchronous  {@code FULL} where a commit must survive power loss
   * @param secureDelete overwrite deleted content with zeros (files holding personal data)
   * @return fails with a {@link StorageException} ({@code CORRUPT} for a damaged file, named at once) or
   *     the I/O or migration failure
   */
  public static Future<SqliteDatabase> open(Vertx vertx, String name, Path file, String migrations,
      SQLiteConfig.SynchronousMode synchronous, boolean secureDelete) {
    Path absolute = file.toAbsolutePath();
    WorkerExecutor worker = SqliteFiles.worker(vertx, name, absolute);
    return worker.executeBlocking(() -> new SqliteDatabase(name, absolute, worker,
            SqliteFiles.open(absolute, migrations, synchronous, secureDelete)))
        .onFailure(err -> worker.close());
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** Runs {@code work} as one transaction on the worker (see the class comment for failures). */
  public <T> Future<T> tx(Work<T> work) {
    Objects.requireNonNull(work, "work");
    return worker.executeBlocking(() -> inTransaction(work));
  }

  /**
   * {@code PRAGMA wal_checkpoint(TRUNCATE)} outside any transaction: every WAL frame copied into the
   * database file (where {@code secure_delete} zeroed deleted rows), then the WAL truncated to zero
   * bytes. Run it after a purge's commit.
   *
   * @return {@code true} when done; {@code false} when another connection blocked it (the next one
   *     truncates)
   */
  public Future<Boolean> truncateWal() {
    return worker.executeBlocking(() -> {
      try {
        return checkpoint(connection);
      } catch (SQLException e) {
        throw StorageException.of(file, e);
      }
    });
  }

  /** Closes the connection (after every queued call) and the worker. */
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      connection.close();
      return null;
    }).eventually(worker::close);
  }

  private <T> T inTransaction(Work<T> work) throws Exception {
    long changesBefore = totalChanges();
    try {
      T result = work.run(connection);
      connection.commit();
      if (full && totalChanges() > changesBefore) {
        full = false;
        LOG.info("{}: writes to {} work again", name, file);
      }
      return result;
    } catch (Exception e) {
      rollbackAfter(e);
      if (e instanceof SQLException sql) {
        StorageException s = StorageException.of(file, sql);
        if (s.diskFull() && !full) {
          full = true;
          LOG.warn("{}: disk full: writes to {} refused until space returns ({})", name, file, sql.getMessage());
        }
        throw s;
      }
      throw e;
    }
  }

  /**
   * Rolls back after a failure. When SQLite already rolled the transaction back (full disk, I/O
   * error), there is none left: the driver's "no transaction is active" is expected and dropped, and
   * the transaction the driver believes open (it issues {@code begin} after each commit and rollback,
   * and skipped it) is begun again; without that every later commit failed with "cannot commit - no
   * transaction is active". Any other rollback failure is attached to the original one.
   */
  private void rollbackAfter(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException r) {
      if (!String.valueOf(r.getMessage()).contains("no transaction is active")) {
        cause.addSuppressed(r);
        return;
      }
      try (Statement st = connection.createStatement()) {
        st.execute("BEGIN");
      } catch (SQLException b) {
        cause.addSuppressed(b);
      }
    }
  }

  private long totalChanges() {
    try {
      return connection.unwrap(SQLiteConnection.class).getDatabase().total_changes();
    } catch (SQLException e) {
      return 0;
    }
  }

  /** The checkpoint on {@code c}, which must be in its auto-commit-off state between transactions. */
  static boolean checkpoint(Connection c) throws SQLException {
    c.setAutoCommit(true);
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      return !(rs.next() && rs.getInt(1) != 0);
    } finally {
      c.setAutoCommit(false);
    }
  }
}
