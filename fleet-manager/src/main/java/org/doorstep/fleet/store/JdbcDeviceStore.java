package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DeviceStore} over the {@link FleetDatabase} (tables {@code devices} and {@code device_state};
 * the sequence gaps of {@link #queryDevices} are counted from {@code records}).
 *
 * <p>Threads and failures as {@link DeviceStore} says; the SQL runs on the database's workers.
 */
public final class JdbcDeviceStore implements DeviceStore {
  private static final String INSERT_DEVICE = "INSERT INTO devices (device_id, public_key_pem, algorithm, key_id, "
      + "region, registered_at, revoked) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String DEVICE_COLUMNS = "d.device_id, d.public_key_pem, d.algorithm, d.key_id, d.region, "
      + "d.registered_at, d.revoked";
  private static final String UPSERT_STATE = "INSERT INTO device_state (device_id, online, state, updated_at) "
      + "VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET online = excluded.online, "
      + "state = excluded.state, updated_at = excluded.updated_at "
      + "WHERE device_state.updated_at < excluded.updated_at OR (device_state.updated_at = excluded.updated_at "
      + "AND (device_state.online = excluded.online OR NOT excluded.online))";
  // The state that ends a connection is news whatever its reportedAt (see DeviceStore#saveOffline); its
  // time is the later of the two, so that the next connection's states replace it and nothing older does.
  private static final String UPSERT_OFFLINE = "INSERT INTO device_state (device_id, online, state, updated_at) "
      + "VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET online = excluded.online, "
      + "state = excluded.state, updated_at = CASE WHEN device_state.updated_at > excluded.updated_at "
      + "THEN device_state.updated_at ELSE excluded.updated_at END";

  private final FleetDatabase db;

  /** @param db the fleet database (migrated) */
  public JdbcDeviceStore(FleetDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Inserts a device row unless its id is taken; returns the number of rows inserted (0 or 1). */
  static int insertDevice(Connection c, RegisteredDevice d) throws SQLException {
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
    return db.inTransaction("register device", c -> {
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
    return db.query("find device", c -> selectDevice(c, deviceId));
  }

  static Optional<RegisteredDevice> selectDevice(Connection c, String deviceId) throws SQLException {
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

  /** The SQL of {@link DeviceStatus#of}: revoked first, then no stored state, then the online flag. */
  private static final String STATUS_SQL = "CASE WHEN d.revoked = ? THEN 'revoked' WHEN s.device_id IS NULL "
      + "THEN 'never-seen' WHEN s.online = ? THEN 'online' ELSE 'offline' END";

  @Override
  public Future<DevicePage> queryDevices(DeviceQuery q) {
    return db.query("query devices", c -> {
      StringBuilder where = new StringBuilder(" FROM devices d LEFT JOIN device_state s ON s.device_id = d.device_id "
          + "WHERE 1 = 1");
      List<Object> args = new ArrayList<>();
      q.regionPrefix().ifPresent(r -> {
        // Digits only (checked by DeviceQuery), so LIKE's wildcards cannot sneak in.
        where.append(" AND d.region LIKE ?");
        args.add(r + "%");
      });
      q.status().ifPresent(st -> {
        switch (st) {
          case REVOKED -> where.append(" AND d.revoked = ?");
          case NEVER_SEEN -> where.append(" AND d.revoked <> ? AND s.device_id IS NULL");
          case ONLINE -> where.append(" AND d.revoked <> ? AND s.online = ?");
          case OFFLINE -> where.append(" AND d.revoked <> ? AND s.online <> ?");
        }
        args.add(true);
        if (st == DeviceStatus.ONLINE || st == DeviceStatus.OFFLINE) {
          args.add(true);
        }
      });
      q.deviceId().ifPresent(id -> {
        where.append(" AND d.device_id = ?");
        args.add(id);
      });
      q.idContains().ifPresent(text -> {
        // '_' is a device-id character and a LIKE wildcard: escaped. LOWER on both sides: SQLite's LIKE
        // ignores ASCII case, PostgreSQL's does not.
        where.append(" AND LOWER(d.device_id) LIKE ? ESCAPE '!'");
        args.add("%" + text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("_", "!_").replace("%", "!%") + "%");
      });
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + where)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      Map<String, DeviceOverview> out = new LinkedHashMap<>();
      if (total > q.offset()) {
        String sql = "SELECT " + DEVICE_COLUMNS + ", d.last_record_at, s.online, s.state, s.updated_at" + where
            + " ORDER BY d.device_id" + (q.limit() == DeviceQuery.EVERY ? "" : " LIMIT ? OFFSET ?");
        List<Object> pageArgs = new ArrayList<>(args);
        if (q.limit() != DeviceQuery.EVERY) {
          pageArgs.add((long) q.limit());
          pageArgs.add((long) q.offset());
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          bind(ps, pageArgs);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              RegisteredDevice d = device(rs);
              out.put(d.deviceId(), overview(d, rs));
            }
          }
        }
        addSeqGaps(c, out, q.limit() == DeviceQuery.EVERY);
      }
      return new DevicePage(List.copyOf(out.values()), total, q.offset(), q.limit());
    });
  }

  private static DeviceOverview overview(RegisteredDevice d, ResultSet rs) throws SQLException {
    long lastRecord = rs.getLong("last_record_at");
    Optional<Instant> lastRecordAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastRecord));
    String state = rs.getString("state");
    Optional<Boolean> online = Optional.empty();
    Optional<Instant> stateAt = Optional.empty();
    if (state != null) {
      online = Optional.of(rs.getBoolean("online"));
      stateAt = Optional.of(Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
    return new DeviceOverview(d, online, Optional.ofNullable(state), stateAt, lastRecordAt);
  }

  /**
   * Adds the sequence gaps of the devices in {@code out}: for a page, only its devices' records are read
   * (the unique (device_id, seq) index); for every device, one pass over the records.
   */
  private static void addSeqGaps(Connection c, Map<String, DeviceOverview> out, boolean everyDevice)
      throws SQLException {
    if (out.isEmpty()) {
      return;
    }
    // Seqs start at 1 and are unique per device, so max - count is exactly how many are missing.
    String sql = "SELECT device_id, MAX(seq) - COUNT(*) AS gaps FROM records"
        + (everyDevice ? "" : " WHERE device_id IN (" + String.join(", ", Collections.nCopies(out.size(), "?")) + ")")
        + " GROUP BY device_id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (!everyDevice) {
        bind(ps, new ArrayList<>(out.keySet()));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long gaps = Math.max(0, rs.getLong("gaps"));
          out.computeIfPresent(rs.getString("device_id"), (id, o) -> gaps == 0 ? o
              : new DeviceOverview(o.device(), o.online(), o.stateJson(), o.stateAt(), o.lastRecordAt(), gaps));
        }
      }
    }
  }

  @Override
  public Future<DeviceCounts> countDevices(Optional<String> regionPrefix) {
    if (regionPrefix.isPresent() && !regionPrefix.get().matches("[0-9]{1,12}")) {
      return Future.failedFuture(new IllegalArgumentException("regionPrefix: must be digits, was '"
          + regionPrefix.get() + "'"));
    }
    return db.query("count devices", c -> {
      String sql = "SELECT d.region, " + STATUS_SQL + " AS status, COUNT(*) AS n FROM devices d "
          + "LEFT JOIN device_state s ON s.device_id = d.device_id"
          + (regionPrefix.isPresent() ? " WHERE d.region LIKE ?" : "") + " GROUP BY d.region, status ORDER BY d.region";
      Map<String, Map<DeviceStatus, Long>> byRegion = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        List<Object> args = new ArrayList<>(List.of(true, true));
        regionPrefix.ifPresent(r -> args.add(r + "%"));
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            DeviceStatus st = DeviceStatus.ofWireName(rs.getString("status")).orElseThrow();
            byRegion.computeIfAbsent(rs.getString("region"), r -> new java.util.EnumMap<>(DeviceStatus.class))
                .merge(st, rs.getLong("n"), Long::sum);
          }
        }
      }
      List<DeviceCounts.Region> regions = new ArrayList<>();
      byRegion.forEach((r, counts) -> regions.add(new DeviceCounts.Region(r, counts)));
      return new DeviceCounts(regions);
    });
  }

  private static void bind(PreparedStatement ps, List<?> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }

  @Override
  public Future<Boolean> revokeDevice(String deviceId) {
    return db.inTransaction("revoke device", c -> {
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
    return upsertState(UPSERT_STATE, "save device state", deviceId, online, stateJson, reportedAt);
  }

  @Override
  public Future<Void> saveOffline(String deviceId, String stateJson, Instant reportedAt) {
    return upsertState(UPSERT_OFFLINE, "save offline state", deviceId, false, stateJson, reportedAt);
  }

  private Future<Void> upsertState(String sql, String what, String deviceId, boolean online, String stateJson,
      Instant reportedAt) {
    return db.inTransaction(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, deviceId);
        ps.setBoolean(2, online);
        ps.setString(3, stateJson);
        ps.setLong(4, reportedAt.toEpochMilli());
        ps.executeUpdate();
      }
      return null;
    });
  }
}
