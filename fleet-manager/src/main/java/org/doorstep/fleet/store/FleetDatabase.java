package org.doorstep.fleet.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's one database: connections, worker threads, migrations, transactions and reconnects,
 * in two flavours, {@link SqliteDatabase} (default, one file) and {@link PostgresDatabase} (scale).
 * It knows no table: each port has its own small store over it ({@link JdbcRecordStore},
 * {@link JdbcDeviceStore}, {@link JdbcEnrolmentStore}, {@link JdbcOperatorStore}, and the feature
 * stores {@code rollout.RolloutStore} and {@code commands.CommandStore}); {@link FleetStores} opens
 * the database with the four core stores.
 *
 * <p>Every statement the stores run is written in the dialect SQLite 3.24+ and PostgreSQL 9.5+ both
 * accept ({@code INSERT … ON CONFLICT DO NOTHING}, {@code ON CONFLICT (…) DO UPDATE … WHERE},
 * {@code LIMIT … OFFSET}); both flavours run the same Flyway migrations ({@value #MIGRATIONS}).
 *
 * <p>Two connections, each confined to its own single-thread worker: one writer (autocommit off,
 * one transaction per {@link #inTransaction}) and one reader (autocommit on, {@link #query}), so that
 * REST queries never queue behind an ingest batch. With SQLite in WAL mode the reader sees every
 * committed write. A connection found broken after a failure is dropped and the next operation
 * reconnects (PostgreSQL restarts, network blips).
 *
 * <p>Threads: every method may be called from any thread and returns at once; the future completes on
 * the caller's Vert.x context. Failures are {@link StoreException}s: {@code UNAVAILABLE} when the
 * connection is gone, {@code FAILED} when a statement failed (the transaction rolled back),
 * {@code CLOSED} after {@link #close()}.
 */
public abstract sealed class FleetDatabase permits SqliteDatabase, PostgresDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(FleetDatabase.class);

  /** Flyway location of the shared migrations. */
  public static final String MIGRATIONS = "classpath:db/migration";

  /** Where the database is: the engine and how to reach it ({@code FleetConfig.Store#location()}). */
  public sealed interface Location permits SqliteFile, PostgresServer {}

  /** @param file the SQLite database file; parent folders are created */
  public record SqliteFile(Path file) implements Location {
    /** Validates presence. */
    public SqliteFile {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * @param jdbcUrl  {@code jdbc:postgresql://host:port/db[?currentSchema=…]}
   * @param user     database user
   * @param password password; empty for trust or peer authentication
   */
  public record PostgresServer(String jdbcUrl, String user, String password) implements Location {
    /** Validates presence of the URL. */
    public PostgresServer {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      password = password == null ? "" : password;
    }

    /** Leaves the password out of logs. */
    @Override
    public String toString() {
      return "PostgresServer[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
          + "]";
    }
  }

  /** A unit of JDBC work on one connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Opens (creating and migrating as needed) the database at {@code location}.
   *
   * @return fails with {@link StoreException} ({@code UNAVAILABLE} naming the file or URL, or {@code MIGRATION})
   */
  public static Future<FleetDatabase> open(Vertx vertx, Location location) {
    // Java 17: no pattern switch; the interface is sealed, so these two are all there is.
    if (location instanceof SqliteFile f) {
      return SqliteDatabase.open(vertx, f.file()).map(db -> (FleetDatabase) db);
    }
    PostgresServer p = (PostgresServer) location;
    return PostgresDatabase.open(vertx, p.jdbcUrl(), p.user(), p.password()).map(db -> (FleetDatabase) db);
  }

  private final String kind;
  private final WorkerExecutor writeWorker;
  private final WorkerExecutor readWorker;
  private Connection writer;
  private Connection reader;
  private volatile boolean closed;

  /**
   * @param vertx  the Vert.x instance whose worker threads run the JDBC work
   * @param kind   {@code sqlite} or {@code postgresql}
   * @param writer connection for writes (autocommit is switched off here)
   * @param reader connection for queries (autocommit on)
   */
  FleetDatabase(Vertx vertx, String kind, Connection writer, Connection reader) throws SQLException {
    this.kind = kind;
    this.writer = writer;
    this.reader = reader;
    writer.setAutoCommit(false);
    reader.setAutoCommit(true);
    // Shared by name: several databases in one Vert.x (tests) share the threads, which is harmless
    // because each connection is only ever touched by one task at a time.
    this.writeWorker = vertx.createSharedWorkerExecutor("doorstep-store-write-" + kind, 1);
    this.readWorker = vertx.createSharedWorkerExecutor("doorstep-store-read-" + kind, 1);
  }

  /**
   * Applies the shared migrations. Blocking: call from a worker.
   *
   * @throws StoreException {@code MIGRATION} naming Flyway's reason
   */
  static void migrate(String jdbcUrl, String user, String password, String where) {
    try {
      MigrateResult result = Flyway.configure()
          .dataSource(jdbcUrl, user, password)
          .locations(MIGRATIONS)
          .load()
          .migrate();
      LOG.info("Store schema up to date ({} migration(s) applied now) in {}", result.migrationsExecuted, where);
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Reason.MIGRATION,
          "cannot migrate the store schema in " + where + ": " + e.getMessage(), e);
    }
  }

  /** Opens a fresh connection after the old one broke. */
  abstract Connection reconnect(boolean forWrites) throws SQLException;

  /**
   * Called on the writer (autocommit off, no open transaction) after rows were purged or rewritten:
   * SQLite truncates its WAL here. Default: nothing (PostgreSQL reclaims dead rows by autovacuum).
   */
  void afterRewrite(Connection c) throws SQLException {
    // nothing by default
  }

  /** Which engine: {@code sqlite} or {@code postgresql} (for /health and logs). */
  public String kind() {
    return kind;
  }

  /**
   * Runs {@code work} in one write transaction on the writer's worker. Committed when it returns,
   * rolled back when it throws (work may also roll back itself and return); fails with
   * {@link StoreException}.
   *
   * @param op what it does, for the failure message
   */
  public <T> Future<T> inTransaction(String op, SqlWork<T> work) {
    if (closed) {
      return closedFailure(op);
    }
    return writeWorker.executeBlocking(() -> {
      Connection c = writer();
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw failure(op, e, true);
      }
    }, false);
  }

  /** Runs a query on the reader's worker (autocommit), like {@link #inTransaction} for reads. */
  public <T> Future<T> query(String op, SqlWork<T> work) {
    if (closed) {
      return closedFailure(op);
    }
    return readWorker.executeBlocking(() -> {
      try {
        return work.run(reader());
      } catch (SQLException | RuntimeException e) {
        throw failure(op, e, false);
      }
    }, false);
  }

  /**
   * Gives the space of purged or rewritten rows back, after the writer's queued work (SQLite: copies
   * the WAL into the file, where {@code secure_delete} zeroed the old content, and truncates it).
   *
   * @param op what was rewritten, for the failure message
   */
  public Future<Void> reclaim(String op) {
    if (closed) {
      return closedFailure(op);
    }
    return writeWorker.executeBlocking(() -> {
      try {
        afterRewrite(writer());
        return null;
      } catch (SQLException | RuntimeException e) {
        throw failure(op, e, true);
      }
    }, false);
  }

  private Connection writer() throws SQLException {
    if (writer == null) {
      writer = reconnect(true);
      writer.setAutoCommit(false);
    }
    return writer;
  }

  private Connection reader() throws SQLException {
    if (reader == null) {
      reader = reconnect(false);
      reader.setAutoCommit(true);
    }
    return reader;
  }

  private StoreException failure(String op, Exception e, boolean onWriter) {
    if (e instanceof StoreException se) {
      return se;
    }
    StoreException.Reason reason = StoreException.Reason.FAILED;
    Connection c = onWriter ? writer : reader;
    if (e instanceof SQLException && c != null && !isValid(c)) {
      // The connection is gone: drop it, the next operation reconnects.
      reason = StoreException.Reason.UNAVAILABLE;
      closeQuietly(c);
      if (onWriter) {
        writer = null;
      } else {
        reader = null;
      }
    } else if (e instanceof SQLException && c == null) {
      reason = StoreException.Reason.UNAVAILABLE;
    }
    return new StoreException(reason, kind + ": " + op + " failed: " + e.getMessage(), e);
  }

  private static boolean isValid(Connection c) {
    try {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the failure being reported is the interesting one
    }
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection
    }
  }

  private <T> Future<T> closedFailure(String op) {
    return Future.failedFuture(new StoreException(StoreException.Reason.CLOSED, kind + ": " + op + ": store is closed", null));
  }

  /** Closes the connections and the worker threads after the queued work. Idempotent. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    // Each connection is closed by its own worker, after the work already queued there.
    Callable<Void> closeWriter = () -> {
      if (writer != null) {
        closeQuietly(writer);
      }
      return null;
    };
    Callable<Void> closeReader = () -> {
      if (reader != null) {
        closeQuietly(reader);
      }
      return null;
    };
    return Future.join(writeWorker.executeBlocking(closeWriter, false), readWorker.executeBlocking(closeReader, false))
        .eventually(() -> Future.join(writeWorker.close(), readWorker.close()))
        .onComplete(ar -> LOG.info("Store ({}) closed", kind))
        .mapEmpty();
  }
}
