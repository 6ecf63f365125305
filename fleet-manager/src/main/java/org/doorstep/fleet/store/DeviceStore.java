package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of device registrations and their last reported state. The in-memory view used by
 * ingest lives in {@link org.doorstep.fleet.devices.DeviceRegistry}; this is its durable side.
 *
 * <p>Threads and failures as in {@link RecordStore}: callable from any thread, JDBC on the store's
 * workers, failed futures carry a {@link StoreException}.
 */
public interface DeviceStore {

  /**
   * Registers a device unless its id is taken.
   *
   * @return the registration now in the store and whether this call inserted it; when the id was
   *     already taken, the earlier registration (possibly with another key) and {@code false}
   */
  Future<RegisterResult> registerDevice(RegisteredDevice device);

  /** One registration, revoked or not; empty when the id is unknown. */
  Future<Optional<RegisteredDevice>> findDevice(String deviceId);

  /**
   * One page of registrations with their last state, ordered by device id, and how many match in all.
   * Filtering, ordering and paging run in the database, so a page costs the same at 28,000 devices as at
   * 50; the sequence gaps are counted for the page's devices only ({@link DeviceQuery#everyDevice()}: all).
   */
  Future<DevicePage> queryDevices(DeviceQuery query);

  /**
   * How many devices there are per registered region and {@link DeviceStatus}, counted in the database.
   *
   * @param regionPrefix only regions starting with these digits (an operator's scope); empty = national
   */
  Future<DeviceCounts> countDevices(Optional<String> regionPrefix);

  /**
   * Marks a device revoked (its records are refused from now on; stored ones stay).
   *
   * @return false when the id is unknown
   */
  Future<Boolean> revokeDevice(String deviceId);

  /**
   * Saves a device's reported state unless a newer one ({@code reportedAt} later) is already saved; at
   * the same time, an online state does not replace an offline one (see {@link #saveOffline}).
   *
   * @param deviceId   the device (need not be registered: a state is harmless)
   * @param online     the state's online flag
   * @param stateJson  canonical JSON of the {@code DeviceState} body
   * @param reportedAt the state's {@code reportedAt}
   */
  Future<Void> saveState(String deviceId, boolean online, String stateJson, Instant reportedAt);

  /**
   * Saves the state that ends a device's connection ({@code online=false}: its MQTT last will, or the
   * state of a clean shutdown) whatever its {@code reportedAt}. A will is taken when the agent connects,
   * so its {@code reportedAt} is older than every heartbeat of that connection; compared by age, as
   * {@link #saveState} does, it would be ignored and the device listed online after it died. The saved
   * time (the overview's {@code stateAt}) becomes the later of the stored one and {@code reportedAt}, so
   * that "last seen" stays the last heartbeat and only a strictly later state (the next connection's)
   * replaces this one: a late duplicate of the last heartbeat does not bring the device back online.
   *
   * @param deviceId   the device
   * @param stateJson  canonical JSON of the {@code DeviceState} body (with {@code online=false})
   * @param reportedAt the state's {@code reportedAt}
   */
  Future<Void> saveOffline(String deviceId, String stateJson, Instant reportedAt);
}
