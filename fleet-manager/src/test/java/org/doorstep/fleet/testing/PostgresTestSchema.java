package org.doorstep.fleet.testing;

import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.fleet.store.FleetDatabase;
import org.doorstep.fleet.store.FleetStores;

/**
 * A schema of its own on the machine's PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres},
 * trust authentication) for one interop test, dropped by {@link #close()}. Fails, naming the server, when
 * PostgreSQL is not there.
 */
public final class PostgresTestSchema implements AutoCloseable {
  public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String USER = "postgres";

  private final String name;

  private PostgresTestSchema(String name) {
    this.name = name;
  }

  /** Creates {@code <prefix><random>}. */
  public static PostgresTestSchema create(String prefix) {
    String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL at 127.0.0.1:5432 (database test, user postgres) is not reachable: "
          + e.getMessage() + ". Start it, or run without -Pinterop.", e);
    }
    return new PostgresTestSchema(name);
  }

  /** The JDBC URL whose connections use this schema. */
  public String url() {
    return SERVER + "?currentSchema=" + name;
  }

  /** The fleet's stores on this schema (migrated), sealing with {@code cipher}. */
  public FleetStores openStores(Vertx vertx, EvidenceCipher cipher) {
    return await(FleetStores.open(vertx, new FleetDatabase.PostgresServer(url(), USER, ""), cipher));
  }

  /** A plain connection to this schema. */
  public Connection connection() throws SQLException {
    return DriverManager.getConnection(url(), USER, "");
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + name + " CASCADE");
    }
  }
}
