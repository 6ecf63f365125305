package org.doorstep.agent.records;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * How the agent opens each of its SQLite files (outbox, evidence store, control store): one
 * single-thread worker per file, Flyway migrations from the classpath, WAL journal, a busy timeout,
 * the chosen {@code synchronous} mode and, for files that hold personal data, {@code secure_delete}.
 * Blocking: call {@link #open} on the file's worker.
 */
public final class SqliteFiles {
  /** How long a statement waits for a lock before failing. */
  public static final int BUSY_TIMEOUT_MS = 5_000;

  private SqliteFiles() {}

  /**
   * The single-thread worker of {@code file}, named {@code prefix-<hash of the path>}: two agents in
   * one JVM (tests) must not share one thread for two files of the same kind.
   */
  public static WorkerExecutor worker(Vertx vertx, String prefix, Path file) {
    return vertx.createSharedWorkerExecutor(prefix + "-" + Integer.toHexString(file.toAbsolutePath().hashCode()), 1);
  }

  /**
   * Creates {@code file}'s folder, checks the file ({@link #check}), migrates it with the scripts in
   * {@code classpath:<migrations>} and opens one connection to it, auto-commit off.
   *
   * @param synchronous  {@code FULL} where a commit must survive power loss
   * @param secureDelete overwrite deleted content with zeros (files holding personal data)
   */
  public static Connection open(Path file, String migrations, SQLiteConfig.SynchronousMode synchronous,
      boolean secureDelete) throws IOException, SQLException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    check(file.toAbsolutePath());
    Flyway.configure(SqliteFiles.class.getClassLoader())
        .dataSource(url, null, null)
        .locations("classpath:" + migrations)
        .load()
        .migrate();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(synchronous);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    if (secureDelete) {
      config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    }
    Connection c = DriverManager.getConnection(url, config.toProperties());
    c.setAutoCommit(false);
    return c;
  }

  /**
   * Fails at once, naming the file and the cause, when an existing {@code file} is damaged: not a
   * SQLite database (a file of another kind, a header overwritten) or failing {@code PRAGMA
   * quick_check} (truncated, pages damaged). Without this the failure came minutes of retries later
   * through Flyway's text. A missing or empty file passes (SQLite makes an empty file a new database;
   * whether an empty outbox is acceptable is {@link OutboxContinuity}'s question). Milliseconds for the
   * kiosk's small files.
   *
   * @throws StorageException {@code CORRUPT} with "{@code <file>: file is damaged or not a SQLite
   *     database (…)}"
   */
  public static void check(Path file) throws SQLException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         java.sql.Statement st = c.createStatement();
         java.sql.ResultSet rs = st.executeQuery("PRAGMA quick_check(1)")) {
      String verdict = rs.next() ? rs.getString(1) : "no answer";
      if (!"ok".equalsIgnoreCase(verdict)) {
        throw new StorageException(StorageException.Kind.CORRUPT, file, file
            + ": file is damaged or not a SQLite database (quick_check: " + verdict + ")", null);
      }
    } catch (SQLException e) {
      StorageException s = StorageException.of(file, e);
      if (s.kind() == StorageException.Kind.CORRUPT) {
        throw s;
      }
      // Other failures (read-only folder, locked) surface at the real open with their own message.
    }
  }
}
