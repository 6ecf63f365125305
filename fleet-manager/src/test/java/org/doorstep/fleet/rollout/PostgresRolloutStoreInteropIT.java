package org.doorstep.fleet.rollout;

import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.doorstep.fleet.store.FleetDatabase;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.TestCiphers;

/**
 * {@link RolloutStoreContract} on PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}, trust),
 * each test in its own schema, dropped afterwards. Runs only with {@code -Pinterop}; fails naming the server when it
 * is not there.
 */
class PostgresRolloutStoreInteropIT extends RolloutStoreContract {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String USER = "postgres";
  private String schema;

  @Override
  protected FleetStores open(Vertx vertx) {
    schema = "doorstep_rollouts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL at 127.0.0.1:5432 (database test, user postgres) is not reachable: "
          + e.getMessage() + ". Start it, or run without -Pinterop.", e);
    }
    return await(FleetStores.open(vertx, new FleetDatabase.PostgresServer(SERVER + "?currentSchema=" + schema, USER, ""),
        TestCiphers.aes()));
  }

  @Override
  protected void cleanUp() throws SQLException {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
