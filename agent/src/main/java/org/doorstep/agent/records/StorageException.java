package org.doorstep.agent.records;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A SQLite file of the agent (outbox, evidence store, control store) could not do what was asked,
 * classified by {@link Kind} and naming the file. The stores wrap it in their own failure types
 * ({@link OutboxException}, {@code EvidenceException}, {@code RemoteException}) with this as the
 * cause; {@link #kindOf(Throwable)} finds it in any cause chain. No stack trace: these are expected
 * failures (a full disk), logged once where they are handled.
 */
public final class StorageException extends RuntimeException {
  /** What went wrong, from SQLite's primary result code. */
  public enum Kind {
    /** {@code SQLITE_FULL} (or {@code ENOSPC} under {@code SQLITE_IOERR}): the data folder's file system is full. */
    DISK_FULL,
    /** {@code SQLITE_CORRUPT} or {@code SQLITE_NOTADB}: the file is damaged or not a SQLite database. */
    CORRUPT,
    /** {@code SQLITE_BUSY}/{@code SQLITE_LOCKED}: another connection held the lock past the busy timeout. */
    BUSY,
    /** Anything else (I/O error, read-only file system, closed connection, SQL error). */
    OTHER
  }

  private final Kind kind;
  private final Path file;

  public StorageException(Kind kind, Path file, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The class of failure. */
  public Kind kind() {
    return kind;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** Whether the data folder's file system is full. */
  public boolean diskFull() {
    return kind == Kind.DISK_FULL;
  }

  /**
   * A {@link StorageException} for {@code file} from a JDBC failure: the kind from SQLite's result
   * code, the message {@code "<file>: disk full (…)"} and so on.
   */
  public static StorageException of(Path file, SQLException e) {
    Kind kind = classify(e);
    String what = switch (kind) {
      case DISK_FULL -> "disk full";
      case CORRUPT -> "file is damaged or not a SQLite database";
      case BUSY -> "database locked";
      case OTHER -> "database error";
    };
    return new StorageException(kind, file, file + ": " + what + " (" + e.getMessage() + ")", e);
  }

  /** The kind of a JDBC failure. */
  static Kind classify(SQLException e) {
    int primary;
    if (e instanceof SQLiteException s) {
      primary = s.getResultCode().code & 0xff;
    } else {
      primary = e.getErrorCode() & 0xff;
    }
    String message = String.valueOf(e.getMessage());
    if (primary == SQLiteErrorCode.SQLITE_FULL.code
        || (primary == SQLiteErrorCode.SQLITE_IOERR.code && message.contains("No space left"))) {
      return Kind.DISK_FULL;
    }
    if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
      return Kind.CORRUPT;
    }
    if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
      return Kind.BUSY;
    }
    return Kind.OTHER;
  }

  /** The {@link Kind} of the first {@link StorageException} in {@code t}'s cause chain; empty when none. */
  public static Optional<Kind> kindOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StorageException s) {
        return Optional.of(s.kind());
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return Optional.empty();
  }

  /** Whether {@code t} (or a cause of it) is a full disk. */
  public static boolean isDiskFull(Throwable t) {
    return kindOf(t).map(k -> k == Kind.DISK_FULL).orElse(false);
  }
}
