package org.doorstep.fleet.rollout;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.fleet.store.FleetDatabase;

/**
 * Config versions and rollouts in the fleet store (tables of {@code V4__config_and_commands.sql}, columns of
 * {@code V9__rollouts.sql}), in
 * the SQL SQLite and PostgreSQL share, on the store's worker threads.
 *
 * <p>Threads: callable from any thread; failures are {@link org.doorstep.fleet.store.StoreException}s.
 */
public final class RolloutStore {
  private final FleetDatabase db;

  public RolloutStore(FleetDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * A stored config document.
   *
   * @param version      its version
   * @param documentJson canonical JSON of the document
   * @param note         what the operator said about it
   * @param createdAt    when it was stored
   */
  public record ConfigVersion(long version, String documentJson, String note, Instant createdAt) {}

  /**
   * A rollout's own row.
   *
   * @param planJson         canonical JSON of the plan ({@link PlanJson})
   * @param currentGroup     index of the newest group published (-1 before the first; column {@code current_wave})
   * @param reason           why it is PAUSED or HALTED (column {@code halted_reason})
   * @param createdBy        the operator who created it
   * @param approvedBy       who approved it
   * @param groupDue         the next group may go out and waits for the maintenance window (or a resume)
   * @param refusalsBaseline refusals forgiven by the last resume
   * @param rollbackOf       the rollout this one rolls back
   */
  public record Rollout(String rolloutId, long version, String planJson, RolloutPlan.Phase phase, int currentGroup,
      String reason, String createdBy, Optional<String> approvedBy, Optional<Instant> approvedAt, boolean groupDue,
      int refusalsBaseline, Optional<String> rollbackOf, Instant createdAt, Instant updatedAt) {
    public Rollout {
      reason = reason == null ? "" : reason;
      createdBy = createdBy == null ? "" : createdBy;
      approvedBy = approvedBy == null ? Optional.empty() : approvedBy;
      approvedAt = approvedAt == null ? Optional.empty() : approvedAt;
      rollbackOf = rollbackOf == null ? Optional.empty() : rollbackOf;
    }

    /** This row with the machine's {@code state} at {@code now}. */
    public Rollout with(RolloutPlan.State state, Optional<Instant> approved, Instant now) {
      return new Rollout(rolloutId, version, planJson, state.phase(), state.group(), state.reason(), createdBy,
          state.approvedBy(), approved, state.groupDue(), state.refusalsBaseline(), rollbackOf, createdAt, now);
    }
  }

  /**
   * One device of a rollout.
   *
   * @param group  its group (column {@code wave})
   * @param reason the agent's reason word when refused; empty otherwise
   */
  public record Device(String rolloutId, String deviceId, int group, RolloutPlan.DeviceStatus status, String reason,
      String detail, Optional<Instant> publishedAt, Optional<Instant> reportedAt) {
    public Device {
      reason = reason == null ? "" : reason;
      detail = detail == null ? "" : detail;
      publishedAt = publishedAt == null ? Optional.empty() : publishedAt;
      reportedAt = reportedAt == null ? Optional.empty() : reportedAt;
    }
  }

  /** Stores {@code documentJson} as the next version (one more than the highest) and returns it. */
  public Future<Long> addVersion(String documentJson, String note, Instant now) {
    return db.inTransaction("add config version", c -> {
      long next;
      try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM config_versions");
           ResultSet rs = q.executeQuery()) {
        rs.next();
        next = rs.getLong(1);
      }
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO config_versions (version, document, note, created_at) VALUES (?, ?, ?, ?)")) {
        ins.setLong(1, next);
        ins.setString(2, documentJson);
        ins.setString(3, note);
        ins.setLong(4, now.toEpochMilli());
        ins.executeUpdate();
      }
      return next;
    });
  }

  /** The version; empty when unknown. */
  public Future<Optional<ConfigVersion>> version(long version) {
    return db.query("find config version", c -> {
      try (PreparedStatement q = c.prepareStatement(
          "SELECT version, document, note, created_at FROM config_versions WHERE version = ?")) {
        q.setLong(1, version);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(configVersion(rs)) : Optional.empty();
        }
      }
    });
  }

  /** Every version, newest first. */
  public Future<List<ConfigVersion>> versions() {
    return db.query("list config versions", c -> {
      List<ConfigVersion> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT version, document, note, created_at FROM config_versions ORDER BY version DESC");
           ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(configVersion(rs));
        }
      }
      return out;
    });
  }

  private static ConfigVersion configVersion(ResultSet rs) throws SQLException {
    return new ConfigVersion(rs.getLong("version"), rs.getString("document"), rs.getString("note"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  /** Stores a new rollout and its devices. */
  public Future<Void> createRollout(Rollout r, List<Device> devices) {
    return db.inTransaction("create rollout", c -> {
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO config_rollouts (rollout_id, version, plan, phase, "
          + "current_wave, halted_reason, created_at, updated_at, created_by, approved_by, approved_at, group_due, "
          + "refusals_baseline, rollback_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ins.setString(1, r.rolloutId());
        ins.setLong(2, r.version());
        ins.setString(3, r.planJson());
        ins.setString(4, r.phase().name());
        ins.setInt(5, r.currentGroup());
        ins.setString(6, truncate(r.reason(), 500));
        ins.setLong(7, r.createdAt().toEpochMilli());
        ins.setLong(8, r.updatedAt().toEpochMilli());
        ins.setString(9, r.createdBy());
        setString(ins, 10, r.approvedBy());
        setInstant(ins, 11, r.approvedAt());
        ins.setBoolean(12, r.groupDue());
        ins.setInt(13, r.refusalsBaseline());
        setString(ins, 14, r.rollbackOf());
        ins.executeUpdate();
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO config_rollout_devices (rollout_id, device_id, wave, "
          + "status, reason, detail, published_at, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (Device d : devices) {
          bindDevice(ins, d);
          ins.addBatch();
        }
        ins.executeBatch();
      }
      return null;
    });
  }

  /**
   * Saves a rollout's row (phase, group, reason …) and the rows of {@code changed} devices.
   */
  public Future<Void> update(Rollout r, List<Device> changed) {
    return db.inTransaction("update rollout", c -> {
      try (PreparedStatement up = c.prepareStatement("UPDATE config_rollouts SET phase = ?, current_wave = ?, "
          + "halted_reason = ?, updated_at = ?, approved_by = ?, approved_at = ?, group_due = ?, refusals_baseline = ? "
          + "WHERE rollout_id = ?")) {
        up.setString(1, r.phase().name());
        up.setInt(2, r.currentGroup());
        up.setString(3, truncate(r.reason(), 500));
        up.setLong(4, r.updatedAt().toEpochMilli());
        setString(up, 5, r.approvedBy());
        setInstant(up, 6, r.approvedAt());
        up.setBoolean(7, r.groupDue());
        up.setInt(8, r.refusalsBaseline());
        up.setString(9, r.rolloutId());
        up.executeUpdate();
      }
      try (PreparedStatement up = c.prepareStatement("UPDATE config_rollout_devices SET wave = ?, status = ?, "
          + "reason = ?, detail = ?, published_at = ?, reported_at = ? WHERE rollout_id = ? AND device_id = ?")) {
        for (Device d : changed) {
          up.setInt(1, d.group());
          up.setString(2, d.status().name());
          up.setString(3, d.reason());
          up.setString(4, truncate(d.detail()));
          setInstant(up, 5, d.publishedAt());
          setInstant(up, 6, d.reportedAt());
          up.setString(7, d.rolloutId());
          up.setString(8, d.deviceId());
          up.addBatch();
        }
        up.executeBatch();
      }
      return null;
    });
  }

  /** The rollout; empty when unknown. */
  public Future<Optional<Rollout>> rollout(String rolloutId) {
    return db.query("find rollout", c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT * FROM config_rollouts WHERE rollout_id = ?")) {
        q.setString(1, rolloutId);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? Optional.of(rollout(rs)) : Optional.empty();
        }
      }
    });
  }

  /** Every rollout, newest first; only those not HALTED or COMPLETED when {@code activeOnly}. */
  public Future<List<Rollout>> rollouts(boolean activeOnly) {
    return db.query("list rollouts", c -> {
      List<Rollout> out = new ArrayList<>();
      String sql = "SELECT * FROM config_rollouts" + (activeOnly ? " WHERE phase NOT IN ('HALTED', 'COMPLETED')" : "")
          + " ORDER BY created_at DESC, rollout_id DESC";
      try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rollout(rs));
        }
      }
      return out;
    });
  }

  /** The rollouts of config version {@code version} (a report names its version), newest first. */
  public Future<List<Rollout>> rolloutsOfVersion(long version) {
    return db.query("list rollouts of a version", c -> {
      List<Rollout> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT * FROM config_rollouts WHERE version = ? "
          + "ORDER BY created_at DESC, rollout_id DESC")) {
        q.setLong(1, version);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            out.add(rollout(rs));
          }
        }
      }
      return out;
    });
  }

  /**
   * A device whose bundle is published and not yet answered.
   *
   * @param version the config version of its rollout
   */
  public record Pending(String rolloutId, String deviceId, long version) {}

  /** Every device PENDING in some rollout (whatever the rollout's phase), by device then version. */
  public Future<List<Pending>> pending() {
    return db.query("list pending rollout devices", c -> {
      List<Pending> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT d.rollout_id, d.device_id, r.version FROM "
          + "config_rollout_devices d JOIN config_rollouts r ON r.rollout_id = d.rollout_id WHERE d.status = 'PENDING' "
          + "ORDER BY d.device_id, r.version"); ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new Pending(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return out;
    });
  }

  /**
   * The newest config version below {@code below} that one of {@code deviceIds} APPLIED in a rollout: the
   * last-known-good of a rollback. Empty when none did (they ran the built-in defaults).
   */
  public Future<Optional<Long>> lastApplied(java.util.Collection<String> deviceIds, long below) {
    List<String> ids = List.copyOf(deviceIds);
    return db.query("find last applied config version", c -> {
      long best = -1;
      for (int from = 0; from < ids.size(); from += 500) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
        String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement q = c.prepareStatement("SELECT MAX(r.version) FROM config_rollout_devices d "
            + "JOIN config_rollouts r ON r.rollout_id = d.rollout_id WHERE d.status = 'APPLIED' AND r.version < ? "
            + "AND d.device_id IN (" + marks + ")")) {
          q.setLong(1, below);
          for (int i = 0; i < chunk.size(); i++) {
            q.setString(i + 2, chunk.get(i));
          }
          try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
              long v = rs.getLong(1);
              if (!rs.wasNull()) {
                best = Math.max(best, v);
              }
            }
          }
        }
      }
      return best < 0 ? Optional.<Long>empty() : Optional.of(best);
    });
  }

  /** rolloutId → the counts per group of every rollout (a list shows each rollout's progress in one query). */
  public Future<java.util.Map<String, List<RolloutPlan.GroupCounts>>> groupCounts() {
    return db.query("count rollout devices", c -> {
      java.util.Map<String, java.util.TreeMap<Integer, int[]>> by = new java.util.HashMap<>();
      try (PreparedStatement q = c.prepareStatement("SELECT rollout_id, wave, status, COUNT(*) AS n "
          + "FROM config_rollout_devices GROUP BY rollout_id, wave, status"); ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          int[] n = by.computeIfAbsent(rs.getString("rollout_id"), k -> new java.util.TreeMap<>())
              .computeIfAbsent(rs.getInt("wave"), k -> new int[RolloutPlan.DeviceStatus.values().length]);
          n[RolloutPlan.DeviceStatus.valueOf(rs.getString("status")).ordinal()] += rs.getInt("n");
        }
      }
      java.util.Map<String, List<RolloutPlan.GroupCounts>> out = new java.util.HashMap<>();
      by.forEach((id, groups) -> {
        List<RolloutPlan.GroupCounts> list = new ArrayList<>();
        for (int g = 0; g <= groups.lastKey(); g++) {
          int[] n = groups.getOrDefault(g, new int[4]);
          list.add(new RolloutPlan.GroupCounts(n[0], n[1], n[2], n[3]));
        }
        out.put(id, List.copyOf(list));
      });
      return out;
    });
  }

  /** The devices of a rollout, by group then device id. */
  public Future<List<Device>> devices(String rolloutId) {
    return db.query("list rollout devices", c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT * FROM config_rollout_devices WHERE rollout_id = ? "
          + "ORDER BY wave, device_id")) {
        q.setString(1, rolloutId);
        return deviceRows(q);
      }
    });
  }

  /** Every rollout row of one device, newest rollout first. */
  public Future<List<Device>> deviceHistory(String deviceId) {
    return db.query("device config history", c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT d.* FROM config_rollout_devices d JOIN config_rollouts r "
          + "ON r.rollout_id = d.rollout_id WHERE d.device_id = ? ORDER BY r.created_at DESC, r.rollout_id DESC")) {
        q.setString(1, deviceId);
        return deviceRows(q);
      }
    });
  }

  private static List<Device> deviceRows(PreparedStatement q) throws SQLException {
    List<Device> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(new Device(rs.getString("rollout_id"), rs.getString("device_id"), rs.getInt("wave"),
            RolloutPlan.DeviceStatus.valueOf(rs.getString("status")), rs.getString("reason"), rs.getString("detail"),
            instant(rs, "published_at"), instant(rs, "reported_at")));
      }
    }
    return out;
  }

  private static Rollout rollout(ResultSet rs) throws SQLException {
    return new Rollout(rs.getString("rollout_id"), rs.getLong("version"), rs.getString("plan"),
        RolloutPlan.Phase.valueOf(rs.getString("phase")), rs.getInt("current_wave"), rs.getString("halted_reason"),
        rs.getString("created_by"), Optional.ofNullable(rs.getString("approved_by")), instant(rs, "approved_at"),
        rs.getBoolean("group_due"), rs.getInt("refusals_baseline"), Optional.ofNullable(rs.getString("rollback_of")),
        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
  }

  private static void bindDevice(PreparedStatement ps, Device d) throws SQLException {
    ps.setString(1, d.rolloutId());
    ps.setString(2, d.deviceId());
    ps.setInt(3, d.group());
    ps.setString(4, d.status().name());
    ps.setString(5, d.reason());
    ps.setString(6, truncate(d.detail()));
    setInstant(ps, 7, d.publishedAt());
    setInstant(ps, 8, d.reportedAt());
  }

  private static void setString(PreparedStatement ps, int i, Optional<String> v) throws SQLException {
    if (v.isPresent()) {
      ps.setString(i, v.get());
    } else {
      ps.setNull(i, Types.VARCHAR);
    }
  }

  private static void setInstant(PreparedStatement ps, int i, Optional<Instant> v) throws SQLException {
    if (v.isPresent()) {
      ps.setLong(i, v.get().toEpochMilli());
    } else {
      ps.setNull(i, Types.BIGINT);
    }
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  static String truncate(String s) {
    return truncate(s, 2000);
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

}
