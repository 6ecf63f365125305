package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.EvidenceCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RecordStore} over the {@link FleetDatabase} (table {@code records}): batched inserts with
 * dedupe by record id and (device, seq) conflict detection, paged queries, sealing at rest and the
 * retention purge.
 *
 * <p><b>Personal data at rest.</b> {@code records.body} (the signed body: full ID number and name) is
 * stored sealed with the fleet's data key ({@link EvidenceCipher}: AES-256-GCM, or SM4-GCM in SM mode;
 * record id as associated data) as the text {@value #SEALED_PREFIX}{@code <base64 of the Sealed bytes>},
 * and opened where it is read ({@link #findRecord}); rows an older fleet wrote in plain text are sealed
 * when the stores open ({@link #sealPlainTextBodies}). {@link #purgePersonalData} empties body and
 * masked ID number after the retention, keeping the statistics columns.
 *
 * <p>Threads and failures as {@link RecordStore} says; the SQL runs on the database's workers.
 */
public final class JdbcRecordStore implements RecordStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcRecordStore.class);

  private static final String INSERT_RECORD = "INSERT INTO records (record_id, device_id, seq, service, mode, "
      + "outcome, card_type, id_number_masked, captured_at, received_at, config_version, body, signature, "
      + "clock_skew) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String OWNER_OF_RECORD = "SELECT device_id FROM records WHERE record_id = ?";
  private static final String TOUCH_DEVICE = "UPDATE devices SET last_record_at = ? "
      + "WHERE device_id = ? AND (last_record_at IS NULL OR last_record_at < ?)";
  private static final String SUMMARY_COLUMNS = "record_id, device_id, seq, service, mode, outcome, card_type, "
      + "id_number_masked, captured_at, received_at, config_version, clock_skew";

  /** Prefix of a sealed body in {@code records.body} (format version 1 of docs/wire-protocol.md §9.3). */
  public static final String SEALED_PREFIX = "enc1:";
  /** Rows sealed per transaction when upgrading plain-text bodies. */
  private static final int UPGRADE_BATCH = 500;

  private final FleetDatabase db;
  private final EvidenceCipher cipher;

  /**
   * @param db     the fleet database (migrated)
   * @param cipher seals {@code records.body} (the fleet's data key)
   */
  public JdbcRecordStore(FleetDatabase db, EvidenceCipher cipher) {
    this.db = Objects.requireNonNull(db, "db");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  @Override
  public String kind() {
    return db.kind();
  }

  @Override
  public Future<BatchResult> storeBatch(List<StoredRecord> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(new BatchResult(List.of()));
    }
    List<StoredRecord> rows = List.copyOf(batch);
    return db.inTransaction("store batch of " + rows.size(), c -> insertBatch(c, rows));
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
  public Future<Long> lastSequence(String deviceId) {
    // ORDER BY .. DESC LIMIT 1 rather than MAX(seq): both SQLite and PostgreSQL then read one entry from
    // the end of the (device_id, seq) unique index (records_device_seq, V1) for this device.
    return db.query("last sequence", c -> {
      try (PreparedStatement ps = c.prepareStatement(LAST_SEQUENCE_SQL)) {
        ps.setString(1, deviceId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** The query of {@link #lastSequence}; package-visible for the query-plan test. */
  static final String LAST_SEQUENCE_SQL = "SELECT seq FROM records WHERE device_id = ? ORDER BY seq DESC LIMIT 1";

  @Override
  public Future<Optional<StoredRecord>> findRecord(String recordId) {
    return db.query("find record", c -> {
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
    return db.query("find records", c -> {
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
      throw new StoreException(StoreException.Reason.FAILED, db.kind() + ": record " + recordId
          + " has a body that is neither sealed nor purged", null);
    }
    try {
      byte[] sealed = Base64.getDecoder().decode(stored.substring(SEALED_PREFIX.length()));
      return new String(cipher.openBytes(sealed, recordId.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new StoreException(StoreException.Reason.FAILED, db.kind() + ": record " + recordId
          + " cannot be decrypted (" + e.getMessage() + "): wrong fleet data key, or the row was altered", e);
    }
  }

  /**
   * Seals the bodies an older fleet stored in plain text, in transactions of {@value #UPGRADE_BATCH}.
   * {@link FleetStores#open} runs it before it hands the stores out.
   *
   * @return how many rows were sealed
   */
  public Future<Integer> sealPlainTextBodies() {
    return sealFrom(0).compose(total -> {
      if (total == 0) {
        return Future.succeededFuture(0);
      }
      LOG.info("Store ({}): sealed {} record bod(y/ies) stored in plain text by an older fleet", db.kind(), total);
      return db.reclaim("seal plain-text bodies").map(total);
    });
  }

  /** One transaction of at most {@value #UPGRADE_BATCH} rows, then the next while rows remain. */
  private Future<Integer> sealFrom(int sealedSoFar) {
    return db.inTransaction("seal plain-text bodies", this::sealBatch)
        .compose(n -> n == 0 ? Future.succeededFuture(sealedSoFar) : sealFrom(sealedSoFar + n));
  }

  private int sealBatch(Connection c) throws SQLException {
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
      return 0;
    }
    try (PreparedStatement up = c.prepareStatement("UPDATE records SET body = ? WHERE record_id = ?")) {
      for (Map.Entry<String, String> e : rows.entrySet()) {
        up.setString(1, seal(e.getKey(), e.getValue()));
        up.setString(2, e.getKey());
        up.addBatch();
      }
      up.executeBatch();
    }
    return rows.size();
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
    return db.inTransaction("purge personal data", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE records SET body = '', id_number_masked = '',"
          + " personal_purged_at = ? WHERE received_at < ? AND personal_purged_at IS NULL")) {
        ps.setLong(1, now.toEpochMilli());
        ps.setLong(2, receivedBefore.toEpochMilli());
        return ps.executeUpdate();
      }
    }).compose(n -> n == 0 ? Future.succeededFuture(0) : db.reclaim("purge personal data").map(n));
  }
}
