package org.doorstep.fleet.alarms.rules;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.doorstep.config.contract.DeviceState;

/**
 * What the fleet knows of one device, as {@link AlarmConditions} needs it.
 *
 * @param deviceId       the device
 * @param revoked        revoked devices raise nothing (their alarms clear)
 * @param state          the last state message (the last will included)
 * @param heardAt        when the fleet received the last state (fleet clock); the fleet's start for a
 *                       device last seen online before it, so a restart does not raise a wave of OFFLINE
 * @param certificateNotAfter expiry of the device's newest certificate, when the fleet issued one
 * @param refusedConfigVersion the last config version the device refused (verified config report)
 */
public record DeviceFacts(
    String deviceId,
    boolean revoked,
    Optional<DeviceState> state,
    Optional<Instant> heardAt,
    Optional<Instant> certificateNotAfter,
    OptionalLong refusedConfigVersion) {
  public DeviceFacts {
    Objects.requireNonNull(deviceId, "deviceId");
    state = state == null ? Optional.empty() : state;
    heardAt = heardAt == null ? Optional.empty() : heardAt;
    certificateNotAfter = certificateNotAfter == null ? Optional.empty() : certificateNotAfter;
    refusedConfigVersion = refusedConfigVersion == null ? OptionalLong.empty() : refusedConfigVersion;
  }

  /** A registered device the fleet has heard nothing of. */
  public static DeviceFacts of(String deviceId) {
    return new DeviceFacts(deviceId, false, Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());
  }

  public DeviceFacts withState(DeviceState s, Instant receivedAt) {
    return new DeviceFacts(deviceId, revoked, Optional.of(s), Optional.of(receivedAt), certificateNotAfter,
        refusedConfigVersion);
  }

  public DeviceFacts withRevoked(boolean r) {
    return new DeviceFacts(deviceId, r, state, heardAt, certificateNotAfter, refusedConfigVersion);
  }

  public DeviceFacts withCertificateNotAfter(Optional<Instant> notAfter) {
    return new DeviceFacts(deviceId, revoked, state, heardAt, notAfter, refusedConfigVersion);
  }

  public DeviceFacts withRefusedConfigVersion(long version) {
    return new DeviceFacts(deviceId, revoked, state, heardAt, certificateNotAfter, OptionalLong.of(version));
  }
}
