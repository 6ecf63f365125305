package org.doorstep.fleet.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Objects;
import org.doorstep.config.crypto.EvidenceCipher;

/**
 * The fleet database with its four core stores, one per port. Feature stores that keep their own
 * tables in the same database ({@code rollout.RolloutStore}, {@code commands.CommandStore}) take
 * {@link #database()}.
 *
 * <p>Closing: {@link #close()} closes the database (and so every store over it); the stores have no
 * lifecycle of their own.
 *
 * @param database   connections, workers, migrations, transactions
 * @param records    records (sealed at rest) and the retention purge
 * @param devices    registrations and last states
 * @param enrolment  enrolment tokens and issued certificates
 * @param operators  operator accounts
 */
public record FleetStores(FleetDatabase database, JdbcRecordStore records, JdbcDeviceStore devices,
    JdbcEnrolmentStore enrolment, JdbcOperatorStore operators) {

  /** Validates presence. */
  public FleetStores {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(enrolment, "enrolment");
    Objects.requireNonNull(operators, "operators");
  }

  /**
   * Opens (creating and migrating as needed) the database at {@code location}, seals any record
   * body an older fleet stored in plain text, and returns the stores over it.
   *
   * @param cipher seals {@code records.body} (the fleet's data key)
   * @return fails with {@link StoreException} ({@code UNAVAILABLE} or {@code MIGRATION}); the
   *     database is closed again when the sealing fails
   */
  public static Future<FleetStores> open(Vertx vertx, FleetDatabase.Location location, EvidenceCipher cipher) {
    Objects.requireNonNull(cipher, "cipher");
    return FleetDatabase.open(vertx, location).compose(db -> {
      FleetStores stores = over(db, cipher);
      return stores.records().sealPlainTextBodies()
          .map(sealed -> stores)
          .recover(err -> db.close().transform(ignored -> Future.failedFuture(err)));
    });
  }

  /** {@link #open} on an SQLite file (tests, the demo). */
  public static Future<FleetStores> sqlite(Vertx vertx, Path file, EvidenceCipher cipher) {
    return open(vertx, new FleetDatabase.SqliteFile(file), cipher);
  }

  /** The stores over an open database, without the plain-text upgrade of {@link #open}. */
  public static FleetStores over(FleetDatabase db, EvidenceCipher cipher) {
    return new FleetStores(db, new JdbcRecordStore(db, cipher), new JdbcDeviceStore(db), new JdbcEnrolmentStore(db),
        new JdbcOperatorStore(db));
  }

  /** Which engine: {@code sqlite} or {@code postgresql}. */
  public String kind() {
    return database.kind();
  }

  /** Closes the database after the queued work. Idempotent. */
  public Future<Void> close() {
    return database.close();
  }
}
