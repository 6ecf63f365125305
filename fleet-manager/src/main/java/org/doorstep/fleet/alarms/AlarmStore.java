package org.doorstep.fleet.alarms;

import org.doorstep.fleet.alarms.rules.Alarm;
import org.doorstep.fleet.alarms.rules.AlarmState;
import org.doorstep.fleet.alarms.rules.AlarmType;
import org.doorstep.fleet.alarms.rules.Severity;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.doorstep.fleet.store.FleetDatabase;

/**
 * Alarms and webhook dead letters in the fleet store (tables {@code alarms} and
 * {@code alarm_dead_letters} of {@code V7__alarms.sql}), on SQLite and PostgreSQL alike (one dialect,
 * {@link FleetDatabase}). The partial unique index {@code alarms_one_active} refuses a second active
 * alarm of a (source, type): {@link #save} then fails (and saves none of its batch) with a {@code StoreException}.
 *
 * <p>Threads: callable from any thread; the futures complete on the caller's context; failures are
 * {@link org.doorstep.fleet.store.StoreException}s.
 */
public final class AlarmStore {
  private final FleetDatabase db;

  public AlarmStore(FleetDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * A search.
   *
   * @param regionPrefix alarms whose region starts with this code (the operator's scope or the
   *                     {@code region} filter, whichever is narrower); empty for every region
   * @param states       the states wanted (every state when empty)
   * @param severity     one severity, or every one
   * @param type         one type, or every one
   * @param source       one device (or {@link Alarm#FLEET_SOURCE}), or every one
   * @param limit        at most this many, newest first
   */
  public record Query(Optional<String> regionPrefix, Set<AlarmState> states, Optional<Severity> severity,
      Optional<AlarmType> type, Optional<String> source, int limit) {
    public Query {
      regionPrefix = regionPrefix == null ? Optional.empty() : regionPrefix;
      states = states == null ? Set.of() : Set.copyOf(states);
      severity = severity == null ? Optional.empty() : severity;
      type = type == null ? Optional.empty() : type;
      source = source == null ? Optional.empty() : source;
      if (limit < 1) {
        throw new IllegalArgumentException("limit: must be >= 1, was " + limit);
      }
    }
  }

  /**
   * One webhook delivery that failed every attempt.
   *
   * @param body the signed JSON body
   */
  public record DeadLetter(String id, String alarmId, String event, String body, int attempts, String lastError,
      Instant failedAt) {
    public DeadLetter {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(alarmId, "alarmId");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(body, "body");
      lastError = lastError == null ? "" : lastError.length() > 500 ? lastError.substring(0, 500) : lastError;
      Objects.requireNonNull(failedAt, "failedAt");
    }
  }

  /**
   * Inserts each alarm or updates the row of its id, in order, in one transaction (the service batches
   * the changes that happen while a write is under way).
   */
  public Future<Void> save(List<Alarm> alarms) {
    List<Alarm> batch = List.copyOf(alarms);
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    return db.inTransaction("save " + batch.size() + " alarm(s)", conn -> {
      try (PreparedStatement up = conn.prepareStatement("INSERT INTO alarms (id, source, region, type, severity, "
          + "detail, started_at, updated_at, acknowledged_at, acknowledged_by, cleared_at, cleared_by, escalated_at) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, "
          + "detail = excluded.detail, updated_at = excluded.updated_at, acknowledged_at = excluded.acknowledged_at, "
          + "acknowledged_by = excluded.acknowledged_by, cleared_at = excluded.cleared_at, "
          + "cleared_by = excluded.cleared_by, escalated_at = excluded.escalated_at")) {
        for (Alarm a : batch) {
        up.setString(1, a.id());
        up.setString(2, a.source());
        up.setString(3, a.region());
        up.setString(4, a.type().name());
        up.setString(5, a.severity().name());
        up.setString(6, a.detail());
        up.setLong(7, a.startedAt().toEpochMilli());
        up.setLong(8, a.updatedAt().toEpochMilli());
        instant(up, 9, a.acknowledgedAt());
        text(up, 10, a.acknowledgedBy());
        instant(up, 11, a.clearedAt());
        text(up, 12, a.clearedBy());
        instant(up, 13, a.escalatedAt());
        up.executeUpdate();
        }
      }
      return null;
    });
  }

  /** One alarm; empty when the id is unknown. */
  public Future<Optional<Alarm>> find(String id) {
    return db.query("find alarm", conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT * FROM alarms WHERE id = ?")) {
        q.setString(1, id);
        List<Alarm> l = alarms(q);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
      }
    });
  }

  /** The alarms {@code query} asks for, newest first (by start, then id). */
  public Future<List<Alarm>> list(Query query) {
    return db.query("list alarms", conn -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM alarms WHERE 1 = 1");
      List<Object> args = new ArrayList<>();
      query.regionPrefix().ifPresent(p -> {
        sql.append(" AND region LIKE ?");
        args.add(p.replace("%", "").replace("_", "") + "%");
      });
      if (!query.states().isEmpty() && query.states().size() < AlarmState.values().length) {
        List<String> ors = new ArrayList<>();
        for (AlarmState s : query.states()) {
          ors.add("(cleared_at IS " + (s.active() ? "" : "NOT ") + "NULL AND acknowledged_at IS "
              + (s.acknowledged() ? "NOT " : "") + "NULL)");
        }
        sql.append(" AND (").append(String.join(" OR ", ors)).append(")");
      }
      query.severity().ifPresent(s -> {
        sql.append(" AND severity = ?");
        args.add(s.name());
      });
      query.type().ifPresent(t -> {
        sql.append(" AND type = ?");
        args.add(t.name());
      });
      query.source().ifPresent(s -> {
        sql.append(" AND source = ?");
        args.add(s);
      });
      sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
      args.add(query.limit());
      try (PreparedStatement q = conn.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          if (args.get(i) instanceof Integer n) {
            q.setInt(i + 1, n);
          } else {
            q.setString(i + 1, (String) args.get(i));
          }
        }
        return alarms(q);
      }
    });
  }

  /** Every active (not cleared) alarm: what the service holds in memory. */
  public Future<List<Alarm>> active() {
    return db.query("list active alarms", conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT * FROM alarms WHERE cleared_at IS NULL "
          + "ORDER BY started_at, id")) {
        return alarms(q);
      }
    });
  }

  /**
   * The expiry of each device's newest certificate, from the certificates the fleet issued at
   * enrolment and renewal (table {@code certificates} of V6).
   */
  public Future<Map<String, Instant>> certificateExpiries() {
    return db.query("certificate expiries", conn -> {
      Map<String, Instant> out = new HashMap<>();
      try (PreparedStatement q = conn.prepareStatement("SELECT device_id, MAX(not_after) AS not_after "
          + "FROM certificates GROUP BY device_id"); ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString("device_id"), Instant.ofEpochMilli(rs.getLong("not_after")));
        }
      }
      return out;
    });
  }

  /** Keeps a delivery that failed every attempt. */
  public Future<Void> saveDeadLetter(DeadLetter d) {
    return db.inTransaction("save alarm dead letter", conn -> {
      try (PreparedStatement ins = conn.prepareStatement("INSERT INTO alarm_dead_letters (id, alarm_id, event, body, "
          + "attempts, last_error, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ins.setString(1, d.id());
        ins.setString(2, d.alarmId());
        ins.setString(3, d.event());
        ins.setString(4, d.body());
        ins.setInt(5, d.attempts());
        ins.setString(6, d.lastError());
        ins.setLong(7, d.failedAt().toEpochMilli());
        ins.executeUpdate();
      }
      return null;
    });
  }

  /** The newest dead letters, at most {@code limit}. */
  public Future<List<DeadLetter>> deadLetters(int limit) {
    return db.query("list alarm dead letters", conn -> {
      List<DeadLetter> out = new ArrayList<>();
      try (PreparedStatement q = conn.prepareStatement("SELECT * FROM alarm_dead_letters "
          + "ORDER BY failed_at DESC, id DESC LIMIT ?")) {
        q.setInt(1, limit);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            out.add(new DeadLetter(rs.getString("id"), rs.getString("alarm_id"), rs.getString("event"),
                rs.getString("body"), rs.getInt("attempts"), rs.getString("last_error"),
                Instant.ofEpochMilli(rs.getLong("failed_at"))));
          }
        }
      }
      return out;
    });
  }

  private static List<Alarm> alarms(PreparedStatement q) throws SQLException {
    List<Alarm> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(new Alarm(rs.getString("id"), rs.getString("source"), rs.getString("region"),
            AlarmType.valueOf(rs.getString("type")), Severity.valueOf(rs.getString("severity")),
            rs.getString("detail"), Instant.ofEpochMilli(rs.getLong("started_at")),
            Instant.ofEpochMilli(rs.getLong("updated_at")), instant(rs, "acknowledged_at"),
            Optional.ofNullable(rs.getString("acknowledged_by")), instant(rs, "cleared_at"),
            Optional.ofNullable(rs.getString("cleared_by")), instant(rs, "escalated_at")));
      }
    }
    return out;
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  private static void instant(PreparedStatement p, int i, Optional<Instant> v) throws SQLException {
    if (v.isPresent()) {
      p.setLong(i, v.get().toEpochMilli());
    } else {
      p.setNull(i, Types.BIGINT);
    }
  }

  private static void text(PreparedStatement p, int i, Optional<String> v) throws SQLException {
    if (v.isPresent()) {
      p.setString(i, v.get());
    } else {
      p.setNull(i, Types.VARCHAR);
    }
  }
}
