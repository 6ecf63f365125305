package org.doorstep.fleet.rollout;

import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.TestCiphers;
import org.junit.jupiter.api.io.TempDir;

/** {@link RolloutStoreContract} on SQLite (a file in a temporary folder). */
class SqliteRolloutStoreIT extends RolloutStoreContract {
  @TempDir
  Path dir;

  @Override
  protected FleetStores open(Vertx vertx) {
    return await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
  }
}
