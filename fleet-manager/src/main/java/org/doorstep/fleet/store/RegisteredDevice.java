package org.doorstep.fleet.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A device as registered in the store.
 *
 * @param deviceId     device id ({@code [A-Za-z0-9._-]{1,64}})
 * @param publicKeyPem its signing key, PEM SubjectPublicKeyInfo
 * @param algorithm    signature algorithm wire name ({@code Ed25519}, {@code SM2-SM3}), read from the key
 * @param keyId        {@link org.doorstep.config.crypto.KeyId} of the key
 * @param region       administrative region (free text, e.g. a county code)
 * @param registeredAt when it was registered
 * @param revoked      whether its records are refused
 */
public record RegisteredDevice(
    String deviceId,
    String publicKeyPem,
    String algorithm,
    String keyId,
    String region,
    Instant registeredAt,
    boolean revoked) {
  public RegisteredDevice {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(publicKeyPem, "publicKeyPem");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(registeredAt, "registeredAt");
  }
}
