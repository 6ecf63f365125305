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

/** The store contracts on a real SQLite file ({@link SqliteDatabase}), plus what is SQLite's own (WAL, reopening). */
class SqliteRecordStoreIT extends JdbcStoreContract {
  @TempDir
  Path dir;

  @Override
  protected FleetStores openStores(Vertx vertx) {
    return await(FleetStores.sqlite(vertx, dir.resolve("sub/fleet.db"), cipher));
  }

  @Override
  protected Connection rawConnection() throws java.sql.SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/fleet.db"));
  }

  @Test
  void last_sequence_query_seeks_the_device_seq_index() throws Exception {
    try (Connection c = rawConnection();
         java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + JdbcRecordStore.LAST_SEQUENCE_SQL)) {
      ps.setString(1, "kiosk-a");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
      // One seek on the unique (device_id, seq) index, read backwards: no table scan, no sort.
      assertThat(plan.toString()).contains("INDEX sqlite_autoindex_records_2 (device_id=?)")
          .doesNotContain("SCAN records").doesNotContain("TEMP B-TREE");
    }
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
    await(records.storeBatch(List.of(r)));
    await(stores.close());

    use(await(FleetStores.sqlite(vertx, dir.resolve("sub/fleet.db"), cipher)));

    assertThat(await(records.findRecord(r.recordId()))).isPresent();
    assertThat(records.kind()).isEqualTo("sqlite");
    assertThat(stores.database()).isInstanceOf(SqliteDatabase.class);
  }

  @Test
  void closed_store_fails_with_closed() {
    await(stores.close());

    Throwable err = org.doorstep.fleet.testing.Futures.failure(records.findRecords(RecordQuery.all()));

    assertThat(err).isInstanceOf(StoreException.class);
    assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.CLOSED);
  }
}
