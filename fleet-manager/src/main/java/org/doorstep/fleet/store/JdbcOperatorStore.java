package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link OperatorStore} over the {@link FleetDatabase} (table {@code operators}, migration V3).
 *
 * <p>Threads and failures as {@link OperatorStore} says; the SQL runs on the database's workers.
 */
public final class JdbcOperatorStore implements OperatorStore {
  private final FleetDatabase db;

  /** @param db the fleet database (migrated) */
  public JdbcOperatorStore(FleetDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  private static final String OPERATOR_COLUMNS = "name, role, region, token_hash, created_at, revoked_at, "
      + "token_expires_at";

  @Override
  public Future<Boolean> saveOperator(OperatorRow o) {
    return db.inTransaction("save operator", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO operators (" + OPERATOR_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, o.name());
        ps.setString(2, o.role());
        ps.setString(3, o.region());
        ps.setString(4, o.tokenHash());
        ps.setLong(5, o.createdAt().toEpochMilli());
        if (o.revokedAt().isPresent()) {
          ps.setLong(6, o.revokedAt().get().toEpochMilli());
        } else {
          ps.setNull(6, java.sql.Types.BIGINT);
        }
        if (o.tokenExpiresAt().isPresent()) {
          ps.setLong(7, o.tokenExpiresAt().get().toEpochMilli());
        } else {
          ps.setNull(7, java.sql.Types.BIGINT);
        }
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Future<Optional<OperatorRow>> findOperatorByToken(String tokenHash) {
    return db.query("find operator", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + OPERATOR_COLUMNS
          + " FROM operators WHERE token_hash = ?")) {
        ps.setString(1, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(operator(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public Future<List<OperatorRow>> listOperators() {
    return db.query("list operators", c -> {
      List<OperatorRow> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + OPERATOR_COLUMNS + " FROM operators ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(operator(rs));
        }
      }
      return out;
    });
  }

  @Override
  public Future<Boolean> revokeOperator(String name, Instant at) {
    return db.inTransaction("revoke operator", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE operators SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ?")) {
        ps.setLong(1, at.toEpochMilli());
        ps.setString(2, name);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Future<Boolean> replaceToken(String name, String tokenHash, Instant expiresAt) {
    return db.inTransaction("replace operator token", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE operators SET token_hash = ?, token_expires_at = ? WHERE name = ? AND revoked_at IS NULL")) {
        ps.setString(1, tokenHash);
        ps.setLong(2, expiresAt.toEpochMilli());
        ps.setString(3, name);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static OperatorRow operator(ResultSet rs) throws SQLException {
    long revoked = rs.getLong("revoked_at");
    Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
    long expires = rs.getLong("token_expires_at");
    Optional<Instant> expiresAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expires));
    return new OperatorRow(rs.getString("name"), rs.getString("role"), rs.getString("region"),
        rs.getString("token_hash"), Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt, expiresAt);
  }
}
