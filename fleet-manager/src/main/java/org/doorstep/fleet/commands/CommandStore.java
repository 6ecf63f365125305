package org.doorstep.fleet.commands;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.fleet.store.FleetDatabase;

/**
 * Commands sent and results received, in the fleet store (tables {@code device_commands} and
 * {@code command_results} of {@code V4__config_and_commands.sql}).
 *
 * <p>Threads: callable from any thread; failures are {@link org.doorstep.fleet.store.StoreException}s.
 */
public final class CommandStore {
  private final FleetDatabase db;

  public CommandStore(FleetDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * A command as sent, with the outcome of its first result.
   *
   * @param argsJson canonical JSON object of the arguments
   * @param payload  the exact signed envelope published
   * @param status   {@code SENT} until a result arrives, then the first result's status
   */
  public record SentCommand(String commandId, String deviceId, String name, String argsJson, String nonce,
      Instant expiresAt, Instant createdAt, String payload, String status, String detail, Optional<Instant> resultAt) {
    public SentCommand {
      resultAt = resultAt == null ? Optional.empty() : resultAt;
    }
  }

  /**
   * One signed result as received.
   *
   * @param id         unique id of this row
   * @param bodyJson   canonical JSON of the signed body
   * @param signatureJson canonical JSON of its {@code sig}
   */
  public record ReceivedResult(String id, String commandId, String deviceId, String status, String detail,
      Instant receivedAt, String bodyJson, String signatureJson) {}

  /** Stores a command about to be published. */
  public Future<Void> save(SentCommand c) {
    return db.inTransaction("save command", conn -> {
      try (PreparedStatement ins = conn.prepareStatement("INSERT INTO device_commands (command_id, device_id, name, "
          + "args, nonce, expires_at, created_at, payload, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ins.setString(1, c.commandId());
        ins.setString(2, c.deviceId());
        ins.setString(3, c.name());
        ins.setString(4, c.argsJson());
        ins.setString(5, c.nonce());
        ins.setLong(6, c.expiresAt().toEpochMilli());
        ins.setLong(7, c.createdAt().toEpochMilli());
        ins.setString(8, c.payload());
        ins.setString(9, c.status());
        ins.setString(10, c.detail());
        ins.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Stores a result; the command's own status takes it only if it has none yet (the first answer
   * is the outcome; a later one, e.g. the refusal of a replay, is kept among the results only).
   *
   * @return whether the command's status changed
   */
  public Future<Boolean> saveResult(ReceivedResult r) {
    return db.inTransaction("save command result", conn -> {
      try (PreparedStatement ins = conn.prepareStatement("INSERT INTO command_results (id, command_id, device_id, "
          + "status, detail, received_at, body, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ins.setString(1, r.id());
        ins.setString(2, r.commandId());
        ins.setString(3, r.deviceId());
        ins.setString(4, r.status());
        ins.setString(5, truncate(r.detail()));
        ins.setLong(6, r.receivedAt().toEpochMilli());
        ins.setString(7, r.bodyJson());
        ins.setString(8, r.signatureJson());
        ins.executeUpdate();
      }
      try (PreparedStatement up = conn.prepareStatement("UPDATE device_commands SET status = ?, detail = ?, "
          + "result_at = ? WHERE command_id = ? AND device_id = ? AND status = 'SENT'")) {
        up.setString(1, r.status());
        up.setString(2, truncate(r.detail()));
        up.setLong(3, r.receivedAt().toEpochMilli());
        up.setString(4, r.commandId());
        up.setString(5, r.deviceId());
        return up.executeUpdate() > 0;
      }
    });
  }

  /** The command; empty when unknown. */
  public Future<Optional<SentCommand>> find(String commandId) {
    return db.query("find command", conn -> {
      try (PreparedStatement q = conn.prepareStatement("SELECT * FROM device_commands WHERE command_id = ?")) {
        q.setString(1, commandId);
        List<SentCommand> l = commands(q);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
      }
    });
  }

  /** Commands of one device (or all when empty), newest first, at most {@code limit}. */
  public Future<List<SentCommand>> list(Optional<String> deviceId, int limit) {
    return db.query("list commands", conn -> {
      String sql = "SELECT * FROM device_commands" + (deviceId.isPresent() ? " WHERE device_id = ?" : "")
          + " ORDER BY created_at DESC, command_id DESC LIMIT ?";
      try (PreparedStatement q = conn.prepareStatement(sql)) {
        int i = 1;
        if (deviceId.isPresent()) {
          q.setString(i++, deviceId.get());
        }
        q.setInt(i, limit);
        return commands(q);
      }
    });
  }

  /** Every result received for {@code commandId}, oldest first. */
  public Future<List<ReceivedResult>> results(String commandId) {
    return db.query("list command results", conn -> {
      List<ReceivedResult> out = new ArrayList<>();
      try (PreparedStatement q = conn.prepareStatement("SELECT * FROM command_results WHERE command_id = ? "
          + "ORDER BY received_at, id")) {
        q.setString(1, commandId);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            out.add(new ReceivedResult(rs.getString("id"), rs.getString("command_id"), rs.getString("device_id"),
                rs.getString("status"), rs.getString("detail"), Instant.ofEpochMilli(rs.getLong("received_at")),
                rs.getString("body"), rs.getString("signature")));
          }
        }
      }
      return out;
    });
  }

  private static List<SentCommand> commands(PreparedStatement q) throws SQLException {
    List<SentCommand> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        long at = rs.getLong("result_at");
        Optional<Instant> resultAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
        out.add(new SentCommand(rs.getString("command_id"), rs.getString("device_id"), rs.getString("name"),
            rs.getString("args"), rs.getString("nonce"), Instant.ofEpochMilli(rs.getLong("expires_at")),
            Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("payload"), rs.getString("status"),
            rs.getString("detail"), resultAt));
      }
    }
    return out;
  }

  private static String truncate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }
}
