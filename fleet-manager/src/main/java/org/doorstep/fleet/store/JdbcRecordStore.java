package org.doorstep.fleet.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.EvidenceCipher;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL both engines share. Subclasses only open connections; every statement here is written in
 * the dialect SQLite 3.24+ and PostgreSQL 9.5+ both accept ({@code INSERT … ON CONFLICT DO NOTHING},
 * {@code ON CONFLICT (…) DO UPDATE … WHERE}, {@code LIMIT … OFFSET}).
 *
 * <p>Two connections, each confined to its own single-thread worker: one writer (autocommit off,
 * one transaction per operation) and one reader (autocommit on), so that REST queries never queue
 * behind an ingest batch. With SQLite in WAL mode the reader sees every committed write.
 *
 * <p><b>Personal data at rest.</b> {@code records.body} (the signed body: full ID number and name) is
 * stored sealed with the fleet's data key ({@link EvidenceCipher}: AES-256-GCM, or SM4-GCM in SM mode;
 * record id as associated data) as the text {@value #SEALED_PREFIX}{@code <base64 of the Sealed bytes>},
 * and opened where it is read ({@link #findRecord}); rows an older fleet wrote in plain text are sealed
 * when the store opens. {@link #purgePersonalData} empties body and masked ID number after the retention,
 * keeping the statistics columns.
 */
public abstract class JdbcRecordStore implements RecordStore, DeviceStore, EnrolmentStore, OperatorStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcRecordStore.class);

  /** Flyway location of the shared migrations. */
  public static final String MIGRATIONS = "classpath:db/migration";

  /**
   * Opens (and migrates) the store the fleet config names: SQLite or PostgreSQL.
   *
   * @return the store; fails with {@link StoreException} when it cannot be opened or migrated
   */
  public static io.vertx.core.Future<JdbcRecordStore> open(io.vertx.core.Vertx vertx,
      org.doorstep.fleet.config.FleetConfig.Store store, EvidenceCipher cipher) {
    return switch (store.kind()) {
      case SQLITE -> SqliteRecordStore.open(vertx, java.nio.file.Path.of(store.sqlite().path()), cipher)
          .map(s -> (JdbcRecordStore) s);
      case POSTGRESQL -> PostgresRecordStore.open(vertx, store.postgresql().jdbcUrl(), store.postgresql().user(),
          store.postgresql().password(), cipher).map(s -> (JdbcRecordStore) s);
    };
  }

  private static final String INSERT_RECORD = "INSERT INTO records (record_id, device_id, seq, service, mode, "
      + "outcome, card_type, id_number_masked, captured_at, received_at, config_version, body, signature, "
      + "clock_skew) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String OWNER_OF_RECORD = "SELECT device_id FROM records WHERE record_id = ?";
  private static final String TOUCH_DEVICE = "UPDATE devices SET last_record_at = ? "
      + "WHERE device_id = ? AND (last_record_at IS NULL OR last_record_at < ?)";
  private static final String SUMMARY_COLUMNS = "record_id, device_id, seq, service, mode, outcome, card_type, "
      + "id_number_masked, captured_at, received_at, config_version, clock_skew";
  private static final String INSERT_DEVICE = "INSERT INTO devices (device_id, public_key_pem, algorithm, key_id, "
      + "region, registered_at, revoked) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String DEVICE_COLUMNS = "d.device_id, d.public_key_pem, d.algorithm, d.key_id, d.region, "
      + "d.registered_at, d.revoked";
  private static final String UPSERT_STATE = "INSERT INTO device_state (device_id, online, state, updated_at) "
      + "VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET online = excluded.online, "
      + "state = excluded.state, updated_at = excluded.updated_at "
      + "WHERE device_state.updated_at <= excluded.updated_at";

  /** Prefix of a sealed body in {@code records.body} (format version 1 of docs/wire-protocol.md §9.3). */
  public static final String SEALED_PREFIX = "enc1:";
  /** Rows sealed per transaction when upgrading plain-text bodies. */
  private static final int UPGRADE_BATCH = 500;

  private final String kind;
  private final EvidenceCipher cipher;
  private final WorkerExecutor writeWorker;
  private final WorkerExecutor readWorker;
  private Connection writer;
  private Connection reader;
  private volatile boolean closed;

  /** A unit of JDBC work on one connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * @param vertx  the Vert.x instance whose worker threads run the JDBC work
   * @param kind   {@code sqlite} or {@code postgresql}
   * @param writer connection for writes (autocommit is switched off here)
   * @param reader connection for queries (autocommit on)
   * @param cipher seals {@code records.body} (the fleet's data key)
   */
  protected JdbcRecordStore(Vertx vertx, String kind, Connection writer, Connection reader, EvidenceCipher cipher)
      throws SQLException {
    this.kind = kind;
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.writer = writer;
    this.reader = reader;
    writer.setAutoCommit(false);
    reader.setAutoCommit(true);
    // Shared by name: several stores in one Vert.x (tests) share the threads, which is harmless
    // because each connection is only ever touched by one task at a time.
    this.writeWorker = vertx.createSharedWorkerExecutor("doorstep-store-write-" + kind, 1);
    this.readWorker = vertx.createSharedWorkerExecutor("doorstep-store-read-" + kind, 1);
  }

  /**
   * Applies the shared migrations. Blocking: call from a worker.
   *
   * @throws StoreException {@code MIGRATION} naming Flyway's reason
   */
  protected static void migrate(String jdbcUrl, String user, String password, String where) {
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

  /** Opens a fresh connection after the old one broke (PostgreSQL restarts, network blips). */
  protected abstract Connection reconnect(boolean forWrites) throws SQLException;

  @Override
  public String kind() {
    return kind;
  }

  // ---------------------------------------------------------------------------------------------
  // records

  @Override
  public Future<BatchResult> storeBatch(List<StoredRecord> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(new BatchResult(List.of()));
    }
    List<StoredRecord> rows = List.copyOf(batch);
    return write("store batch of " + rows.size(), c -> insertBatch(c, rows));
  }

  private BatchResult insertBatch(Connection c, List<StoredRecord> rows) throws SQLException {
    int[] counts;
    try (PreparedStatement ins = c.prepareStatement(INSERT_RECORD)) {
      for (StoredRecord r : rows) {
        RecordSummary s = r.summary();
        ins.setString(1, s.recordId());
        ins.setString(2, s.deviceId());
        ins.setLong(3, s.seq());
        ins.setString(4, s.service());
        ins.setString(5, s.mode());
        ins.setString(6, s.outcome());
        ins.setString(7, s.cardType());
        ins.setString(8, s.idNumberMasked());
        ins.setLong(9, s.capturedAt().toEpochMilli());
        ins.setLong(10, s.receivedAt().toEpochMilli());
        ins.setLong(11, s.configVersion());
        ins.setString(12, seal(r.recordId(), r.bodyJson()));
        ins.setString(13, r.signatureJson());
        ins.setBoolean(14, s.clockSkew());
        ins.addBatch();
      }
      counts = ins.executeBatch();
    }
    List<StoreOutcome> outcomes = new ArrayList<>(rows.size());
    try (PreparedStatement owner = c.prepareStatement(OWNER_OF_RECORD)) {
      for (int i = 0; i < rows.size(); i++) {
        int n = i < counts.length ? counts[i] : Statement.SUCCESS_NO_INFO;
        if (n > 0) {
          outcomes.add(StoreOutcome.STORED);
        } else {
          // 0: ON CONFLICT skipped it; SUCCESS_NO_INFO: the driver did not say. Ask who holds the id.
          outcomes.add(classify(owner, rows.get(i), n == Statement.SUCCESS_NO_INFO));
        }
      }
    }
    Map<String, Long> latest = new HashMap<>();
    for (StoredRecord r : rows) {
      latest.merge(r.deviceId(), r.summary().receivedAt().toEpochMilli(), Math::max);
    }
    try (PreparedStatement touch = c.prepareStatement(TOUCH_DEVICE)) {
      for (Map.Entry<String, Long> e : latest.entrySet()) {
        touch.setLong(1, e.getValue());
        touch.setString(2, e.getKey());
        touch.setLong(3, e.getValue());
        touch.addBatch();
      }
      touch.executeBatch();
    }
    return new BatchResult(outcomes);
  }

  private static StoreOutcome classify(PreparedStatement owner, StoredRecord r, boolean mayBeNew) throws SQLException {
    owner.setString(1, r.recordId());
    try (ResultSet rs = owner.executeQuery()) {
      if (!rs.next()) {
        return StoreOutcome.SEQUENCE_CONFLICT;
      }
      if (!rs.getString(1).equals(r.deviceId())) {
        return StoreOutcome.ID_CONFLICT;
      }
      return mayBeNew ? StoreOutcome.STORED : StoreOutcome.DUPLICATE;
    }
  }

  @Override
  public Future<Optional<StoredRecord>> findRecord(String recordId) {
    return read("find record", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + SUMMARY_COLUMNS + ", body, signature FROM records WHERE record_id = ?")) {
        ps.setString(1, recordId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new StoredRecord(summary(rs), open(recordId, rs.getString("body")),
              rs.getString("signature")));
        }
      }
    });
  }

  @Override
  public Future<RecordPage> findRecords(RecordQuery q) {
    return read("find records", c -> {
      StringBuilder sql = new StringBuilder("SELECT ").append(SUMMARY_COLUMNS).append(" FROM records WHERE 1 = 1");
      List<Object> args = new ArrayList<>();
      q.deviceId().ifPresent(d -> {
        sql.append(" AND device_id = ?");
        args.add(d);
      });
      q.service().ifPresent(s -> {
        sql.append(" AND service = ?");
        args.add(s);
      });
      q.regionPrefix().ifPresent(r -> {
        // Digits only (checked by RecordQuery), so LIKE's wildcards cannot sneak in.
        sql.append(" AND device_id IN (SELECT device_id FROM devices WHERE region LIKE ?)");
        args.add(r + "%");
      });
      q.from().ifPresent(f -> {
        sql.append(" AND captured_at >= ?");
        args.add(f.toEpochMilli());
      });
      q.to().ifPresent(t -> {
        sql.append(" AND captured_at < ?");
        args.add(t.toEpochMilli());
      });
      // One row more than asked tells whether another page exists, without a COUNT(*) scan.
      sql.append(" ORDER BY captured_at DESC, record_id DESC LIMIT ? OFFSET ?");
      args.add((long) q.limit() + 1);
      args.add((long) q.offset());
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        List<RecordSummary> items = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(summary(rs));
          }
        }
        boolean more = items.size() > q.limit();
        return new RecordPage(more ? items.subList(0, q.limit()) : items, q.offset(), q.limit(), more);
      }
    });
  }

  private static RecordSummary summary(ResultSet rs) throws SQLException {
    return new RecordSummary(
        rs.getString("record_id"),
        rs.getString("device_id"),
        rs.getLong("seq"),
        rs.getString("service"),
        rs.getString("mode"),
        rs.getString("outcome"),
        rs.getString("card_type"),
        rs.getString("id_number_masked"),
        Instant.ofEpochMilli(rs.getLong("captured_at")),
        Instant.ofEpochMilli(rs.getLong("received_at")),
        rs.getLong("config_version"),
        rs.getBoolean("clock_skew"));
  }

  private String seal(String recordId, String bodyJson) {
    return SEALED_PREFIX + Base64.getEncoder().encodeToString(
        cipher.sealToBytes(bodyJson.getBytes(StandardCharsets.UTF_8), recordId.getBytes(StandardCharsets.UTF_8)));
  }

  /** The body in clear; empty when purged. */
  private String open(String recordId, String stored) {
    if (stored.isEmpty()) {
      return stored;
    }
    if (!stored.startsWith(SEALED_PREFIX)) {
      throw new StoreException(StoreException.Reason.FAILED, kind + ": record " + recordId
          + " has a body that is neither sealed nor purged", null);
    }
    try {
      byte[] sealed = Base64.getDecoder().decode(stored.substring(SEALED_PREFIX.length()));
      return new String(cipher.openBytes(sealed, recordId.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new StoreException(StoreException.Reason.FAILED, kind + ": record " + recordId
          + " cannot be decrypted (" + e.getMessage() + "): wrong fleet data key, or the row was altered", e);
    }
  }

  /**
   * Seals the bodies an older fleet stored in plain text, in transactions of {@value #UPGRADE_BATCH}.
   * Blocking: called by the subclasses' {@code open} on a worker, before the store is handed out.
   *
   * @return how many rows were sealed
   */
  protected int sealPlainTextBodies() throws SQLException {
    Connection c = writer();
    int total = 0;
    while (true) {
      Map<String, String> rows = new LinkedHashMap<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT record_id, body FROM records WHERE body LIKE '{%' ORDER BY record_id LIMIT " + UPGRADE_BATCH)) {
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            rows.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      if (rows.isEmpty()) {
        c.commit();
        break;
      }
      try (PreparedStatement up = c.prepareStatement("UPDATE records SET body = ? WHERE record_id = ?")) {
        for (Map.Entry<String, String> e : rows.entrySet()) {
          up.setString(1, seal(e.getKey(), e.getValue()));
          up.setString(2, e.getKey());
          up.addBatch();
        }
        up.executeBatch();
      }
      c.commit();
      total += rows.size();
    }
    if (total > 0) {
      LOG.info("Store ({}): sealed {} record bod(y/ies) stored in plain text by an older fleet", kind, total);
      afterPurge(c);
    }
    return total;
  }

  /**
   * Purges the personal fields of every record received before {@code receivedBefore}: {@code body}
   * (ID number, name: the whole signed body) and {@code id_number_masked} become empty and
   * {@code personal_purged_at} is set. The statistics columns (device, seq, service, mode, outcome, card
   * type, times, config version, clock skew) stay; the signature stays but can no longer be checked.
   *
   * @return how many records were purged now
   */
  public Future<Integer> purgePersonalData(Instant receivedBefore, Instant now) {
    return write("purge personal data", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE records SET body = '', id_number_masked = '',"
          + " personal_purged_at = ? WHERE received_at < ? AND personal_purged_at IS NULL")) {
        ps.setLong(1, now.toEpochMilli());
        ps.setLong(2, receivedBefore.toEpochMilli());
        return ps.executeUpdate();
      }
    }).compose(n -> n == 0 ? Future.succeededFuture(0) : writeWorker.executeBlocking(() -> {
      afterPurge(writer());
      return n;
    }, false));
  }

  /**
   * Called on the writer (autocommit off, no open transaction) after rows were purged or rewritten:
   * SQLite truncates its WAL here. Default: nothing (PostgreSQL reclaims dead rows by autovacuum).
   */
  protected void afterPurge(Connection c) throws SQLException {
    // nothing by default
  }

  // ---------------------------------------------------------------------------------------------
  // devices

  /** Inserts a device row unless its id is taken; returns the number of rows inserted (0 or 1). */
  private static int insertDevice(Connection c, RegisteredDevice d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_DEVICE)) {
      ps.setString(1, d.deviceId());
      ps.setString(2, d.publicKeyPem());
      ps.setString(3, d.algorithm());
      ps.setString(4, d.keyId());
      ps.setString(5, d.region());
      ps.setLong(6, d.registeredAt().toEpochMilli());
      ps.setBoolean(7, d.revoked());
      return ps.executeUpdate();
    }
  }

  @Override
  public Future<RegisterResult> registerDevice(RegisteredDevice d) {
    return write("register device", c -> {
      int inserted = insertDevice(c, d);
      if (inserted > 0) {
        return new RegisterResult(d, true);
      }
      return new RegisterResult(selectDevice(c, d.deviceId()).orElseThrow(() ->
          new SQLException("device " + d.deviceId() + " neither inserted nor found")), false);
    });
  }

  @Override
  public Future<Optional<RegisteredDevice>> findDevice(String deviceId) {
    return read("find device", c -> selectDevice(c, deviceId));
  }

  private static Optional<RegisteredDevice> selectDevice(Connection c, String deviceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + DEVICE_COLUMNS + " FROM devices d WHERE d.device_id = ?")) {
      ps.setString(1, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(device(rs)) : Optional.empty();
      }
    }
  }

  private static RegisteredDevice device(ResultSet rs) throws SQLException {
    return new RegisteredDevice(
        rs.getString("device_id"),
        rs.getString("public_key_pem"),
        rs.getString("algorithm"),
        rs.getString("key_id"),
        rs.getString("region"),
        Instant.ofEpochMilli(rs.getLong("registered_at")),
        rs.getBoolean("revoked"));
  }

  @Override
  public Future<List<DeviceOverview>> listDevices() {
    return read("list devices", c -> {
      String sql = "SELECT " + DEVICE_COLUMNS + ", d.last_record_at, s.online, s.state, s.updated_at "
          + "FROM devices d LEFT JOIN device_state s ON s.device_id = d.device_id ORDER BY d.device_id";
      Map<String, DeviceOverview> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          RegisteredDevice d = device(rs);
          long lastRecord = rs.getLong("last_record_at");
          Optional<Instant> lastRecordAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastRecord));
          String state = rs.getString("state");
          Optional<Boolean> online = Optional.empty();
          Optional<Instant> stateAt = Optional.empty();
          if (state != null) {
            online = Optional.of(rs.getBoolean("online"));
            stateAt = Optional.of(Instant.ofEpochMilli(rs.getLong("updated_at")));
          }
          out.put(d.deviceId(), new DeviceOverview(d, online, Optional.ofNullable(state), stateAt, lastRecordAt));
        }
      }
      // Seqs start at 1 and are unique per device, so max - count is exactly how many are missing.
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT device_id, MAX(seq) - COUNT(*) AS gaps FROM records GROUP BY device_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long gaps = Math.max(0, rs.getLong("gaps"));
          out.computeIfPresent(rs.getString("device_id"), (id, o) -> gaps == 0 ? o
              : new DeviceOverview(o.device(), o.online(), o.stateJson(), o.stateAt(), o.lastRecordAt(), gaps));
        }
      }
      return List.copyOf(out.values());
    });
  }

  // ---------------------------------------------------------------------------------------------
  // enrolment tokens

  @Override
  public Future<Void> saveToken(TokenRow t) {
    return write("save enrolment token", c -> {
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
    return read("find enrolment token", c -> selectToken(c, tokenHash));
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
    return write("redeem enrolment token", c -> {
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
      int inserted = insertDevice(c, d);
      if (inserted == 0) {
        Optional<RegisteredDevice> existing = selectDevice(c, d.deviceId());
        if (existing.isEmpty() || !existing.get().keyId().equals(d.keyId()) || existing.get().revoked()) {
          // Undo the token's use: the transaction is ours until write() commits.
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
    return write("save certificates", c -> {
      insertCertificates(c, copy);
      return null;
    });
  }

  @Override
  public Future<List<RevokedCertificate>> revokedCertificates(Instant now) {
    return read("list revoked certificates", c -> {
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

  // ---------------------------------------------------------------------------------------------
  // operators (V3)

  private static final String OPERATOR_COLUMNS = "name, role, region, token_hash, created_at, revoked_at";

  @Override
  public Future<Boolean> saveOperator(OperatorRow o) {
    return write("save operator", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO operators (" + OPERATOR_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
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
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Future<Optional<OperatorRow>> findOperatorByToken(String tokenHash) {
    return read("find operator", c -> {
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
    return read("list operators", c -> {
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
    return write("revoke operator", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE operators SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ?")) {
        ps.setLong(1, at.toEpochMilli());
        ps.setString(2, name);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static OperatorRow operator(ResultSet rs) throws SQLException {
    long revoked = rs.getLong("revoked_at");
    Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
    return new OperatorRow(rs.getString("name"), rs.getString("role"), rs.getString("region"),
        rs.getString("token_hash"), Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt);
  }

  @Override
  public Future<Boolean> revokeDevice(String deviceId) {
    return write("revoke device", c -> {
      // revoked_at (V6) is the CRL entry's revocation date; the first revocation's time is kept.
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE devices SET revoked = ?, revoked_at = COALESCE(revoked_at, ?) WHERE device_id = ?")) {
        ps.setBoolean(1, true);
        ps.setLong(2, System.currentTimeMillis());
        ps.setString(3, deviceId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Future<Void> saveState(String deviceId, boolean online, String stateJson, Instant reportedAt) {
    return write("save device state", c -> {
      try (PreparedStatement ps = c.prepareStatement(UPSERT_STATE)) {
        ps.setString(1, deviceId);
        ps.setBoolean(2, online);
        ps.setString(3, stateJson);
        ps.setLong(4, reportedAt.toEpochMilli());
        ps.executeUpdate();
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  /**
   * Runs {@code work} in one write transaction on the writer's worker, for feature stores that keep
   * their own tables in this database (rollouts, commands). Committed when it returns, rolled back
   * when it throws; fails with {@link StoreException}.
   *
   * @param op what it does, for the failure message
   */
  public <T> Future<T> inTransaction(String op, SqlWork<T> work) {
    return write(op, work);
  }

  /** Runs a query on the reader's worker (autocommit), like {@link #inTransaction} for reads. */
  public <T> Future<T> query(String op, SqlWork<T> work) {
    return read(op, work);
  }

  private <T> Future<T> write(String op, SqlWork<T> work) {
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

  private <T> Future<T> read(String op, SqlWork<T> work) {
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
    if (e instanceof SQLException sql && c != null && !isValid(c)) {
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

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection
    }
  }

  private <T> Future<T> closedFailure(String op) {
    return Future.failedFuture(new StoreException(StoreException.Reason.CLOSED, kind + ": " + op + ": store is closed", null));
  }

  @Override
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
