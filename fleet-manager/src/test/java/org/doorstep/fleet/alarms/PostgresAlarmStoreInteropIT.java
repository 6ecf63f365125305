package org.doorstep.fleet.alarms;

import io.vertx.core.Vertx;
import java.sql.SQLException;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.PostgresTestSchema;
import org.doorstep.fleet.testing.TestCiphers;

/**
 * {@link AlarmStoreContract} on PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}, trust),
 * each test in its own schema, dropped afterwards. Runs only with {@code -Pinterop}; fails naming the server when it
 * is not there.
 */
class PostgresAlarmStoreInteropIT extends AlarmStoreContract {
  private PostgresTestSchema schema;

  @Override
  protected FleetStores open(Vertx vertx) {
    schema = PostgresTestSchema.create("doorstep_alarms_");
    return schema.openStores(vertx, TestCiphers.aes());
  }

  @Override
  protected void cleanUp() throws SQLException {
    if (schema != null) {
      schema.close();
    }
  }
}
