package org.doorstep.fleet.store;

import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The store contracts ({@link JdbcStoreContract}) on {@link PostgresDatabase} against the machine's PostgreSQL (127.0.0.1:5432, database {@code test},
 * user {@code postgres}, trust authentication), each test in its own schema, dropped afterwards.
 * Runs only with {@code -Pinterop}; fails, naming the server, when PostgreSQL is not there.
 */
class PostgresRecordStoreInteropIT extends JdbcStoreContract {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String USER = "postgres";

  private String schema;

  @Override
  protected FleetStores openStores(Vertx vertx) {
    schema = "doorstep_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(SERVER, USER, "");
         Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL at 127.0.0.1:5432 (database test, user postgres) is not reachable: "
          + e.getMessage() + ". Start it, or run without -Pinterop.", e);
    }
    return await(FleetStores.open(vertx, new FleetDatabase.PostgresServer(SERVER + "?currentSchema=" + schema, USER, ""),
        cipher));
  }

  @Override
  protected Connection rawConnection() throws java.sql.SQLException {
    return DriverManager.getConnection(SERVER + "?currentSchema=" + schema, USER, "");
  }

  @org.junit.jupiter.api.Test
  void last_sequence_query_can_use_the_device_seq_index() throws Exception {
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      // An empty table is cheapest to scan; forbid that to see whether the index serves the query.
      s.execute("SET enable_seqscan = off");
      StringBuilder plan = new StringBuilder();
      try (java.sql.ResultSet rs = s.executeQuery("EXPLAIN " + JdbcRecordStore.LAST_SEQUENCE_SQL.replace("?", "'kiosk-a'"))) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      org.assertj.core.api.Assertions.assertThat(plan.toString()).contains("Index Only Scan Backward using records_device_seq")
          .doesNotContain("Sort");
    }
  }

  @Override
  protected void cleanUp() throws SQLException {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(SERVER, USER, "");
         Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
