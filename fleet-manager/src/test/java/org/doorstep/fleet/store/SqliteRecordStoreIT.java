package org.doorstep.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real SQLite file, plus what is SQLite's own (WAL, reopening). */
class SqliteRecordStoreIT extends RecordStoreContract {
  @TempDir
  Path dir;

  @Override
  protected JdbcRecordStore openStore(Vertx vertx) {
    return await(SqliteRecordStore.open(vertx, dir.resolve("sub/fleet.db"), cipher));
  }

  @Override
  protected Connection rawConnection() throws java.sql.SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/fleet.db"));
  }

  @Test
  void database_runs_in_wal_mode() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/fleet.db"));
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void reopening_keeps_the_data_and_migrates_nothing_again() {
    StoredRecord r = row(kioskA, 1, "certification", T0);
    await(store.storeBatch(List.of(r)));
    await(store.close());

    store = await(SqliteRecordStore.open(vertx, dir.resolve("sub/fleet.db"), cipher));

    assertThat(await(store.findRecord(r.recordId()))).isPresent();
    assertThat(store.kind()).isEqualTo("sqlite");
  }

  @Test
  void closed_store_fails_with_closed() {
    await(store.close());

    Throwable err = org.doorstep.fleet.testing.Futures.failure(store.findRecords(RecordQuery.all()));

    assertThat(err).isInstanceOf(StoreException.class);
    assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.CLOSED);
  }
}
