package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link EnrolmentStore} over the {@link FleetDatabase} (tables {@code enrolment_tokens} and
 * {@code certificates}; a redemption registers the device in {@code devices} in the same transaction,
 * with {@link JdbcDeviceStore}'s SQL).
 *
 * <p>Threads and failures as {@link EnrolmentStore} says; the SQL runs on the database's workers.
 */
public final class JdbcEnrolmentStore implements EnrolmentStore {
  private final FleetDatabase db;

  /** @param db the fleet database (migrated) */
  public JdbcEnrolmentStore(FleetDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Optional<RegisteredDevice>> findDevice(String deviceId) {
    return db.query("find device", c -> JdbcDeviceStore.selectDevice(c, deviceId));
  }

  @Override
  public Future<Void> saveToken(TokenRow t) {
    return db.inTransaction("save enrolment token", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO enrolment_tokens (token_hash, device_id, region, "
          + "created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, t.tokenHash());
        ps.setString(2, t.deviceId());
        ps.setString(3, t.region());
        ps.setLong(4, t.createdAt().toEpochMilli());
        ps.setLong(5, t.expiresAt().toEpochMilli());
        if (t.usedAt().isPresent()) {
          ps.setLong(6, t.usedAt().get().toEpochMilli());
        } else {
          ps.setNull(6, java.sql.Types.BIGINT);
        }
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<Optional<TokenRow>> findToken(String tokenHash) {
    return db.query("find enrolment token", c -> selectToken(c, tokenHash));
  }

  private static Optional<TokenRow> selectToken(Connection c, String tokenHash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, device_id, region, created_at, expires_at, "
        + "used_at FROM enrolment_tokens WHERE token_hash = ?")) {
      ps.setString(1, tokenHash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long used = rs.getLong("used_at");
        Optional<Instant> usedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(used));
        return Optional.of(new TokenRow(rs.getString("token_hash"), rs.getString("device_id"), rs.getString("region"),
            Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")), usedAt));
      }
    }
  }

  @Override
  public Future<Redemption> redeemToken(String tokenHash, Instant now, RegisteredDevice d,
      List<CertificateRow> certificates) {
    return db.inTransaction("redeem enrolment token", c -> {
      int spent;
      try (PreparedStatement ps = c.prepareStatement("UPDATE enrolment_tokens SET used_at = ? "
          + "WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")) {
        ps.setLong(1, now.toEpochMilli());
        ps.setString(2, tokenHash);
        ps.setLong(3, now.toEpochMilli());
        spent = ps.executeUpdate();
      }
      if (spent == 0) {
        return Redemption.TOKEN_NOT_REDEEMABLE;
      }
      int inserted = JdbcDeviceStore.insertDevice(c, d);
      if (inserted == 0) {
        Optional<RegisteredDevice> existing = JdbcDeviceStore.selectDevice(c, d.deviceId());
        if (existing.isEmpty() || !existing.get().keyId().equals(d.keyId()) || existing.get().revoked()) {
          // Undo the token's use: the transaction is ours until inTransaction commits.
          c.rollback();
          return Redemption.DEVICE_TAKEN;
        }
      }
      insertCertificates(c, certificates);
      return Redemption.REDEEMED;
    });
  }

  private static final String INSERT_CERTIFICATE = "INSERT INTO certificates (serial, device_id, tls, issued_at, "
      + "not_after) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private static void insertCertificates(Connection c, List<CertificateRow> certificates) throws SQLException {
    if (certificates.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_CERTIFICATE)) {
      for (CertificateRow r : certificates) {
        ps.setString(1, r.serial());
        ps.setString(2, r.deviceId());
        ps.setBoolean(3, r.tls());
        ps.setLong(4, r.issuedAt().toEpochMilli());
        ps.setLong(5, r.notAfter().toEpochMilli());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public Future<Void> saveCertificates(List<CertificateRow> certificates) {
    List<CertificateRow> copy = List.copyOf(certificates);
    return db.inTransaction("save certificates", c -> {
      insertCertificates(c, copy);
      return null;
    });
  }

  @Override
  public Future<List<RevokedCertificate>> revokedCertificates(Instant now) {
    return db.query("list revoked certificates", c -> {
      List<RevokedCertificate> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT c.serial, c.device_id, c.issued_at, d.revoked_at "
          + "FROM certificates c JOIN devices d ON d.device_id = c.device_id "
          + "WHERE d.revoked = ? AND c.tls = ? AND c.not_after > ? ORDER BY c.serial")) {
        ps.setBoolean(1, true);
        ps.setBoolean(2, true);
        ps.setLong(3, now.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long revokedAt = rs.getLong("revoked_at");
            if (rs.wasNull()) {
              revokedAt = rs.getLong("issued_at");
            }
            out.add(new RevokedCertificate(rs.getString("serial"), rs.getString("device_id"),
                Instant.ofEpochMilli(revokedAt)));
          }
        }
      }
      return out;
    });
  }
}
