package org.doorstep.fleet.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The default database: one SQLite file in WAL mode with {@code synchronous=FULL}.
 *
 * <p>Why FULL, not the faster NORMAL: the fleet acks a record as soon as its commit returns and the
 * agent then deletes it from its outbox, so a commit must survive power loss (NORMAL may lose the
 * last commits). Batching pays for it: one fsync per batch, ~81k rows/s with FULL against ~97k/s
 * with NORMAL at 100 rows per transaction (research/performance-baseline.md §3).
 *
 * <p>{@code secure_delete=ON}: purged personal fields are zeroed in the file, and the WAL is truncated
 * after a purge ({@link #reclaim}).
 */
public final class SqliteDatabase extends FleetDatabase {
  /** How long a connection waits for the other's lock before failing ({@code busy_timeout}). */
  public static final int BUSY_TIMEOUT_MS = 5_000;

  private final Path file;

  private SqliteDatabase(Vertx vertx, Path file, Connection writer, Connection reader) throws SQLException {
    super(vertx, "sqlite", writer, reader);
    this.file = file;
  }

  /**
   * Opens (creating if needed) the database file and migrates it.
   *
   * @param vertx the Vert.x instance whose workers run the JDBC work
   * @param file  database file; parent directories are created
   * @return fails with {@link StoreException} ({@code UNAVAILABLE} or {@code MIGRATION})
   */
  public static Future<SqliteDatabase> open(Vertx vertx, Path file) {
    return vertx.executeBlocking(() -> {
      Path abs = file.toAbsolutePath();
      try {
        if (abs.getParent() != null) {
          Files.createDirectories(abs.getParent());
        }
      } catch (IOException e) {
        throw new StoreException(StoreException.Reason.UNAVAILABLE, "sqlite: cannot create folder for " + abs
            + ": " + e.getMessage(), e);
      }
      migrate(url(abs), null, null, "sqlite " + abs);
      try {
        return new SqliteDatabase(vertx, abs, connect(abs, false), connect(abs, true));
      } catch (SQLException e) {
        throw new StoreException(StoreException.Reason.UNAVAILABLE, "sqlite: cannot open " + abs + ": " + e.getMessage(), e);
      }
    }, false);
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  private static String url(Path abs) {
    return "jdbc:sqlite:" + abs;
  }

  private static Connection connect(Path abs, boolean readOnly) throws SQLException {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
    // Records are small; a larger page cache keeps the indexes hot (negative = KiB).
    cfg.setCacheSize(-16_384);
    // Deleted and overwritten content (purged personal fields) is zeroed in the file, not left in free space.
    cfg.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    if (readOnly) {
      cfg.setReadOnly(true);
    }
    return DriverManager.getConnection(url(abs), cfg.toProperties());
  }

  /** Copies the WAL into the database file (where secure_delete zeroed the old content) and truncates it. */
  @Override
  void afterRewrite(Connection c) throws SQLException {
    c.setAutoCommit(true);
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      rs.next();
    } finally {
      c.setAutoCommit(false);
    }
  }

  @Override
  Connection reconnect(boolean forWrites) throws SQLException {
    return connect(file, !forWrites);
  }
}
