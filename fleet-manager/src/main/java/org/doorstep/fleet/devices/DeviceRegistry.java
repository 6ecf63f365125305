package org.doorstep.fleet.devices;

import io.vertx.core.Future;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Keys;
import org.doorstep.fleet.store.DeviceCounts;
import org.doorstep.fleet.store.DeviceOverview;
import org.doorstep.fleet.store.DevicePage;
import org.doorstep.fleet.store.DeviceQuery;
import org.doorstep.fleet.store.DeviceStore;
import org.doorstep.fleet.store.RegisteredDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered devices and their keys, kept in memory for ingest and persisted in a {@link DeviceStore}.
 *
 * <p>Threads: {@link #cached(String)} is lock-free and safe from any thread (ingest's verify
 * workers call it per record); the {@code Future} methods may be called from any thread and complete
 * on the caller's context. The cache is filled by {@link #load()} at start-up and kept current by
 * this instance's {@link #register} and {@link #revoke}; a device registered through another
 * fleet-manager instance is found by {@link #lookup(String)}, which asks the store on a miss and
 * remembers unknown ids for {@link #UNKNOWN_TTL} so that an unregistered kiosk cannot hammer the
 * database.
 */
public final class DeviceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

  /** How long an id the store did not know stays "unknown" before the store is asked again. */
  public static final Duration UNKNOWN_TTL = Duration.ofSeconds(10);
  /** Longest region text. */
  public static final int MAX_REGION_LENGTH = 64;

  private final DeviceStore store;
  private final Clock clock;
  private final Map<String, KnownDevice> known = new ConcurrentHashMap<>();
  private final Map<String, Instant> unknownUntil = new ConcurrentHashMap<>();
  private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();

  /**
   * @param store where registrations live
   * @param clock registration times and the unknown-id TTL
   */
  public DeviceRegistry(DeviceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.enrolmentFailures = new EnrolmentFailures(clock);
  }

  private final EnrolmentFailures enrolmentFailures;

  /** The refused enrolment attempts per device (the enrolment service records them; the API shows them). */
  public EnrolmentFailures enrolmentFailures() {
    return enrolmentFailures;
  }

  /** Fills the cache with every registration in the store. Call once before ingest starts. */
  public Future<Void> load() {
    return refresh().map(n -> {
      LOG.info("Device registry loaded: {} device(s)", n);
      return null;
    });
  }

  /**
   * Re-reads every registration, so that revocations and registrations made through another
   * instance (or the CLI) reach this instance's cache.
   *
   * @return how many devices are registered
   */
  public Future<Integer> refresh() {
    return list().map(all -> {
      for (DeviceOverview o : all) {
        KnownDevice k = known.get(o.device().deviceId());
        if (k == null || k.revoked() != o.device().revoked() || !k.keyId().equals(o.device().keyId())) {
          cache(o.device());
          if (k != null && !k.revoked() && o.device().revoked()) {
            LOG.info("Device {} was revoked elsewhere (CLI or another instance)", o.device().deviceId());
            notifyRevoked(o.device().deviceId());
          }
        }
      }
      return all.size();
    });
  }

  /**
   * Registers a device. Registering the same id again with the same key and region is a no-op that
   * returns the existing registration.
   *
   * @param deviceId     {@code [A-Za-z0-9._-]{1,64}}
   * @param publicKeyPem PEM {@code PUBLIC KEY}, Ed25519 or SM2; algorithm and key id are read from it
   * @param region       administrative region, 1–{@value #MAX_REGION_LENGTH} characters
   * @return the registration; fails with {@link DeviceException} ({@code INVALID} naming the field,
   *     {@code ALREADY_REGISTERED} when the id holds another key or region) or a store failure
   */
  public Future<Registration> register(String deviceId, String publicKeyPem, String region) {
    RegisteredDevice candidate;
    try {
      candidate = validate(deviceId, publicKeyPem, region);
    } catch (DeviceException e) {
      return Future.failedFuture(e);
    }
    return store.registerDevice(candidate).compose(result -> {
      RegisteredDevice stored = result.device();
      boolean created = result.inserted();
      boolean same = stored.keyId().equals(candidate.keyId()) && stored.region().equals(candidate.region());
      if (!created && !same) {
        return Future.failedFuture(new DeviceException(DeviceException.Reason.ALREADY_REGISTERED,
            "deviceId: " + deviceId + " is already registered with key " + stored.keyId()
                + " in region " + stored.region()));
      }
      cache(stored);
      if (created) {
        LOG.info("Device {} registered: {} key {}, region {}", deviceId, stored.algorithm(), stored.keyId(), region);
      }
      return Future.succeededFuture(new Registration(stored, created));
    });
  }

  private RegisteredDevice validate(String deviceId, String publicKeyPem, String region) {
    if (!Topics.isValidDeviceId(deviceId)) {
      throw new DeviceException(DeviceException.Reason.INVALID, "deviceId: must match [A-Za-z0-9._-]{1,64}");
    }
    if (region == null || region.isBlank() || region.length() > MAX_REGION_LENGTH) {
      throw new DeviceException(DeviceException.Reason.INVALID,
          "region: must be 1.." + MAX_REGION_LENGTH + " characters");
    }
    if (publicKeyPem == null || publicKeyPem.isBlank()) {
      throw new DeviceException(DeviceException.Reason.INVALID, "publicKeyPem: is required");
    }
    PublicKey key;
    try {
      key = Keys.publicKeyFromPem(publicKeyPem);
    } catch (CryptoException e) {
      throw new DeviceException(DeviceException.Reason.INVALID, "publicKeyPem: " + e.getMessage());
    }
    // Store the normalised PEM, so that equal keys compare equal whatever the input's line breaks.
    return new RegisteredDevice(deviceId, Keys.toPem(key), Keys.algorithmOf(key).wireName(), KeyId.of(key),
        region.strip(), clock.instant(), false);
  }

  /**
   * Every registered device with its last state, by device id: for the fleet's background jobs (refresh,
   * alarms, rollouts, the CLI). A request pages with {@link #query} instead.
   */
  public Future<List<DeviceOverview>> list() {
    return store.queryDevices(DeviceQuery.everyDevice()).map(DevicePage::items);
  }

  /** One page of devices with the total that match ({@link DeviceStore#queryDevices}). */
  public Future<DevicePage> query(DeviceQuery query) {
    return store.queryDevices(query);
  }

  /** Devices per region and status ({@link DeviceStore#countDevices}). */
  public Future<DeviceCounts> counts(Optional<String> regionPrefix) {
    return store.countDevices(regionPrefix);
  }

  /** One registration from the store (revoked or not, with its region); empty when the id is unknown. */
  public Future<Optional<RegisteredDevice>> find(String deviceId) {
    return store.findDevice(deviceId);
  }

  /**
   * Revokes a device: its records are refused ({@code UNKNOWN_DEVICE}) from now on.
   *
   * @return fails with {@link DeviceException} {@code NOT_FOUND} when the id is unknown
   */
  public Future<Void> revoke(String deviceId) {
    return store.revokeDevice(deviceId).compose(found -> {
      if (!found) {
        return Future.failedFuture(new DeviceException(DeviceException.Reason.NOT_FOUND, "deviceId: " + deviceId
            + " is not registered"));
      }
      known.computeIfPresent(deviceId, (id, d) -> new KnownDevice(id, d.publicKey(), d.keyId(), true));
      LOG.info("Device {} revoked", deviceId);
      notifyRevoked(deviceId);
      return Future.succeededFuture();
    });
  }

  /**
   * Calls {@code listener} with the device id whenever a device is revoked through this registry, or
   * a {@link #refresh()} finds that a cached device was revoked elsewhere. The broker uses it to end
   * the device's live MQTT session. Called on the thread that completed the revocation; must not block.
   */
  public void onRevoked(Consumer<String> listener) {
    revocationListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  private void notifyRevoked(String deviceId) {
    for (Consumer<String> l : revocationListeners) {
      try {
        l.accept(deviceId);
      } catch (RuntimeException e) {
        LOG.warn("Revocation listener failed for device {}: {}", deviceId, e.getMessage());
      }
    }
  }

  /**
   * The cached registration, without I/O. Empty when this instance has not seen the id (use
   * {@link #lookup(String)} to ask the store).
   */
  public Optional<KnownDevice> cached(String deviceId) {
    return Optional.ofNullable(known.get(deviceId));
  }

  /**
   * The registration from the cache, or else from the store (then cached). Unknown ids are
   * remembered for {@link #UNKNOWN_TTL}.
   */
  public Future<Optional<KnownDevice>> lookup(String deviceId) {
    KnownDevice k = known.get(deviceId);
    if (k != null) {
      return Future.succeededFuture(Optional.of(k));
    }
    Instant until = unknownUntil.get(deviceId);
    if (until != null && clock.instant().isBefore(until)) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.findDevice(deviceId).map(found -> {
      if (found.isEmpty()) {
        unknownUntil.put(deviceId, clock.instant().plus(UNKNOWN_TTL));
        return Optional.<KnownDevice>empty();
      }
      return Optional.of(cache(found.get()));
    });
  }

  private KnownDevice cache(RegisteredDevice d) {
    KnownDevice k = new KnownDevice(d.deviceId(), Keys.publicKeyFromPem(d.publicKeyPem()), d.keyId(), d.revoked());
    known.put(d.deviceId(), k);
    unknownUntil.remove(d.deviceId());
    return k;
  }

  /**
   * The result of {@link #register}.
   *
   * @param device  the registration in the store
   * @param created false when an identical registration already existed
   */
  public record Registration(RegisteredDevice device, boolean created) {}
}
