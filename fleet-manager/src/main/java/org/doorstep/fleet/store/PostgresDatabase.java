package org.doorstep.fleet.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The database for scale: PostgreSQL, same schema and SQL as {@link SqliteDatabase}. Several
 * fleet-manager instances may share one database; record ids and the (device, seq) constraint keep
 * the data exactly-once across them.
 *
 * <p>To place the tables in a schema other than {@code public}, create the schema and name it in
 * the URL ({@code jdbc:postgresql://host/db?currentSchema=fleet}).
 */
public final class PostgresDatabase extends FleetDatabase {
  /** How long to wait for a TCP connection before reporting the database unavailable. */
  public static final int CONNECT_TIMEOUT_S = 5;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  private PostgresDatabase(Vertx vertx, String jdbcUrl, String user, String password) throws SQLException {
    super(vertx, "postgresql", connect(jdbcUrl, user, password), connect(jdbcUrl, user, password));
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * Connects and migrates.
   *
   * @param jdbcUrl  {@code jdbc:postgresql://host:port/db[?currentSchema=…]}
   * @param user     database user
   * @param password password; empty for trust authentication
   * @return fails with {@link StoreException} ({@code UNAVAILABLE} naming the URL, or {@code MIGRATION})
   */
  public static Future<PostgresDatabase> open(Vertx vertx, String jdbcUrl, String user, String password) {
    return vertx.executeBlocking(() -> {
      // Connect first: an unreachable server then fails with a clear message rather than Flyway's.
      try (Connection probe = connect(jdbcUrl, user, password)) {
        probe.isValid(CONNECT_TIMEOUT_S);
      } catch (SQLException e) {
        throw new StoreException(StoreException.Reason.UNAVAILABLE,
            "postgresql: cannot connect to " + jdbcUrl + " as " + user + ": " + e.getMessage(), e);
      }
      migrate(jdbcUrl, user, password, "postgresql " + jdbcUrl);
      try {
        return new PostgresDatabase(vertx, jdbcUrl, user, password);
      } catch (SQLException e) {
        throw new StoreException(StoreException.Reason.UNAVAILABLE, "postgresql: cannot connect to " + jdbcUrl
            + ": " + e.getMessage(), e);
      }
    }, false);
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null && !password.isEmpty()) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
    p.setProperty("ApplicationName", "doorstep-fleet");
    return DriverManager.getConnection(url, p);
  }

  @Override
  Connection reconnect(boolean forWrites) throws SQLException {
    return connect(jdbcUrl, user, password);
  }
}
