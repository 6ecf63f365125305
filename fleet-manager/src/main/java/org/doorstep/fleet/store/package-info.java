/**
 * Durable fleet state: devices, records and device state, behind two ports ({@link
 * org.doorstep.fleet.store.RecordStore}, {@link org.doorstep.fleet.store.DeviceStore}) with one
 * JDBC implementation per engine: {@link org.doorstep.fleet.store.SqliteRecordStore} (default, one
 * file, WAL) and {@link org.doorstep.fleet.store.PostgresRecordStore} (scale). Both run the same
 * Flyway migrations ({@code db/migration}) and the same SQL.
 *
 * <p>Owns: the schema, batched inserts with dedupe by record id and (device, seq) conflict
 * detection, paged queries. Every JDBC call runs on the store's own worker threads, never on an
 * event loop.
 */
package org.doorstep.fleet.store;
