package org.doorstep.fleet.signin;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.fleet.operators.Operator;
import org.doorstep.fleet.operators.RegionScope;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.store.FleetDatabase;

/**
 * Passwords, lockout and console sessions in the fleet database (migration V8: columns of {@code operators},
 * table {@code operator_sessions}). Every instance of a province fleet shares them, so a lockout or a sign-out
 * holds on all of them. Threads: callable from any thread; SQL on the database's workers.
 */
public final class SignInStore {
  private final FleetDatabase db;

  /** @param db the fleet database (migrated) */
  public SignInStore(FleetDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * An account as sign-in sees it.
   *
   * @param passwordHash the Argon2id PHC string; empty when no password is set
   */
  public record Account(Operator operator, Optional<String> passwordHash, Lockout lockout) {
    /** Leaves the hash out. */
    @Override
    public String toString() {
      return "Account[" + operator.name() + ", " + lockout + "]";
    }
  }

  /**
   * A stored session with its operator.
   *
   * @param csrfHash SHA-256 (hex) of the session's CSRF token
   */
  public record StoredSession(Operator operator, String csrfHash, Instant createdAt, Instant lastSeenAt) {}

  /** The account named {@code name}, if any. */
  public Future<Optional<Account>> account(String name) {
    return db.query("find sign-in account", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT name, role, region, created_at, revoked_at, password_hash, "
          + "failed_sign_ins, locked_until FROM operators WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          long locked = rs.getLong("locked_until");
          Optional<Instant> lockedUntil = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(locked));
          return Optional.of(new Account(operator(rs), Optional.ofNullable(rs.getString("password_hash")),
              new Lockout(rs.getInt("failed_sign_ins"), lockedUntil)));
        }
      }
    });
  }

  /**
   * Replaces the lockout of {@code name} with {@code next} if it is still {@code expected} (compare and set, so two
   * instances counting failures at once do not lose one).
   *
   * @return false when another request changed it first (read again and retry)
   */
  public Future<Boolean> replaceLockout(String name, Lockout expected, Lockout next) {
    return db.inTransaction("update sign-in lockout", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE operators SET failed_sign_ins = ?, locked_until = ? "
          + "WHERE name = ? AND failed_sign_ins = ? AND "
          + (expected.lockedUntil().isPresent() ? "locked_until = ?" : "locked_until IS NULL"))) {
        ps.setInt(1, next.failures());
        setInstant(ps, 2, next.lockedUntil());
        ps.setString(3, name);
        ps.setInt(4, expected.failures());
        if (expected.lockedUntil().isPresent()) {
          ps.setLong(5, expected.lockedUntil().get().toEpochMilli());
        }
        return ps.executeUpdate() > 0;
      }
    });
  }

  /**
   * Sets the password hash of {@code name}, clears its lockout and ends all its sessions (one transaction).
   *
   * @return false when there is no such operator
   */
  public Future<Boolean> setPassword(String name, String passwordHash) {
    return db.inTransaction("set password", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE operators SET password_hash = ?, failed_sign_ins = 0, "
          + "locked_until = NULL WHERE name = ?")) {
        ps.setString(1, passwordHash);
        ps.setString(2, name);
        if (ps.executeUpdate() == 0) {
          return false;
        }
      }
      deleteSessionsOf(c, name);
      return true;
    });
  }

  /** Stores a new session. */
  public Future<Void> saveSession(String idHash, String operator, String csrfHash, Instant at) {
    return db.inTransaction("save session", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO operator_sessions (id_hash, operator, csrf_hash, "
          + "created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, idHash);
        ps.setString(2, operator);
        ps.setString(3, csrfHash);
        ps.setLong(4, at.toEpochMilli());
        ps.setLong(5, at.toEpochMilli());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** The session whose id hashes to {@code idHash}, with its operator. */
  public Future<Optional<StoredSession>> session(String idHash) {
    return db.query("find session", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT o.name, o.role, o.region, o.created_at, o.revoked_at, "
          + "s.csrf_hash, s.created_at AS s_created, s.last_seen_at FROM operator_sessions s "
          + "JOIN operators o ON o.name = s.operator WHERE s.id_hash = ?")) {
        ps.setString(1, idHash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new StoredSession(operator(rs), rs.getString("csrf_hash"),
              Instant.ofEpochMilli(rs.getLong("s_created")), Instant.ofEpochMilli(rs.getLong("last_seen_at"))));
        }
      }
    });
  }

  /** Marks the session used at {@code at}. */
  public Future<Void> touch(String idHash, Instant at) {
    return db.inTransaction("touch session", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE operator_sessions SET last_seen_at = ? WHERE id_hash = ?")) {
        ps.setLong(1, at.toEpochMilli());
        ps.setString(2, idHash);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Ends one session. */
  public Future<Void> deleteSession(String idHash) {
    return db.inTransaction("delete session", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_sessions WHERE id_hash = ?")) {
        ps.setString(1, idHash);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Deletes every session last used before {@code idleBefore} or created before {@code createdBefore}. */
  public Future<Integer> deleteExpired(Instant idleBefore, Instant createdBefore) {
    return db.inTransaction("delete expired sessions", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM operator_sessions WHERE last_seen_at < ? OR created_at < ?")) {
        ps.setLong(1, idleBefore.toEpochMilli());
        ps.setLong(2, createdBefore.toEpochMilli());
        return ps.executeUpdate();
      }
    });
  }

  private static void deleteSessionsOf(Connection c, String operator) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_sessions WHERE operator = ?")) {
      ps.setString(1, operator);
      ps.executeUpdate();
    }
  }

  private static Operator operator(ResultSet rs) throws SQLException {
    long revoked = rs.getLong("revoked_at");
    Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
    return new Operator(rs.getString("name"), Role.parse(rs.getString("role")), RegionScope.of(rs.getString("region")),
        Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt);
  }

  private static void setInstant(PreparedStatement ps, int i, Optional<Instant> at) throws SQLException {
    if (at.isPresent()) {
      ps.setLong(i, at.get().toEpochMilli());
    } else {
      ps.setNull(i, Types.BIGINT);
    }
  }
}
