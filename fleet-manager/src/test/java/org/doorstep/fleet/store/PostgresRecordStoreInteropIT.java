package org.doorstep.fleet.store;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.doorstep.fleet.testing.PostgresTestSchema;

/**
 * The store contracts ({@link JdbcStoreContract}) on {@link PostgresDatabase} against the machine's PostgreSQL (127.0.0.1:5432, database {@code test},
 * user {@code postgres}, trust authentication), each test in its own schema, dropped afterwards.
 * Runs only with {@code -Pinterop}; fails, naming the server, when PostgreSQL is not there.
 */
class PostgresRecordStoreInteropIT extends JdbcStoreContract {
  private PostgresTestSchema schema;

  @Override
  protected FleetStores openStores(Vertx vertx) {
    schema = PostgresTestSchema.create("doorstep_it_");
    return schema.openStores(vertx, cipher);
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return schema.connection();
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
    if (schema != null) {
      schema.close();
    }
  }
}
