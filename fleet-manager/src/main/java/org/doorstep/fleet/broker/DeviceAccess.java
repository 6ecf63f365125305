package org.doorstep.fleet.broker;

import java.util.concurrent.CompletionStage;

/**
 * What the broker asks the fleet about a device that presents a valid certificate: is it registered,
 * and not revoked? Implemented by the fleet over its device registry (cached; see
 * {@link org.doorstep.fleet.devices.DeviceRegistry#lookup}); called on HiveMQ threads, so an
 * implementation must not block.
 */
@FunctionalInterface
public interface DeviceAccess {

  /** A device's standing. */
  enum Status {
    /** Registered and not revoked: may connect. */
    ACTIVE,
    /** Registered and revoked: refused at connect, disconnected when revoked while connected. */
    REVOKED,
    /** Not registered at this fleet. */
    UNKNOWN
  }

  /** The standing of {@code deviceId}; fails when the registry cannot answer. */
  CompletionStage<Status> status(String deviceId);
}
