/**
 * The device registry: which terminals exist, their signing keys and regions, and whether they are
 * revoked. Used by ingest (key lookup per record, from memory) and by the REST API and CLI
 * (registration, listing, revocation). Persistence is {@link org.doorstep.fleet.store.DeviceStore}.
 */
package org.doorstep.fleet.devices;
