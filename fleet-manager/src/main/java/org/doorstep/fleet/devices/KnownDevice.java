package org.doorstep.fleet.devices;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A registered device as ingest needs it: its parsed key, ready to verify.
 *
 * @param deviceId  device id
 * @param publicKey its signing key
 * @param keyId     {@link org.doorstep.config.crypto.KeyId} of the key
 * @param revoked   whether its records are refused
 */
public record KnownDevice(String deviceId, PublicKey publicKey, String keyId, boolean revoked) {
  public KnownDevice {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(keyId, "keyId");
  }
}
