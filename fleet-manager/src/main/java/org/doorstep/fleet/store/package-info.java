/**
 * Durable fleet state behind one port per concern: {@link org.doorstep.fleet.store.RecordStore},
 * {@link org.doorstep.fleet.store.DeviceStore}, {@link org.doorstep.fleet.store.EnrolmentStore} and
 * {@link org.doorstep.fleet.store.OperatorStore}, each with one small JDBC store
 * ({@code JdbcRecordStore}, {@code JdbcDeviceStore}, {@code JdbcEnrolmentStore}, {@code JdbcOperatorStore})
 * over one database class, {@link org.doorstep.fleet.store.FleetDatabase}, in two flavours:
 * {@link org.doorstep.fleet.store.SqliteDatabase} (default, one file, WAL) and
 * {@link org.doorstep.fleet.store.PostgresDatabase} (scale). Both run the same Flyway migrations
 * ({@code db/migration}) and the same SQL. {@link org.doorstep.fleet.store.FleetStores} opens the
 * database with the four stores.
 *
 * <p>Owns: the schema, the connections and their workers, transactions and reconnects, batched
 * inserts with dedupe by record id and (device, seq) conflict detection, paged queries, sealing of
 * record bodies at rest. Every JDBC call runs on the database's own worker threads, never on an event
 * loop. Imports nothing of the fleet but its own package (no config, no feature package).
 */
package org.doorstep.fleet.store;
