package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Persistence of one-time enrolment tokens (issue #6). Only a token's SHA-256 is stored.
 *
 * <p>Threads and failures as in {@link RecordStore}: callable from any thread, JDBC on the store's
 * workers, failed futures carry a {@link StoreException}.
 */
public interface EnrolmentStore {

  /**
   * A stored token.
   *
   * @param tokenHash SHA-256 of the token, 64 lower-case hex digits
   * @param deviceId  the device the token may enrol
   * @param region    the region the device is registered in
   * @param createdAt when it was issued
   * @param expiresAt after this instant it is refused
   * @param usedAt    when it was spent; empty while unused
   */
  record TokenRow(String tokenHash, String deviceId, String region, Instant createdAt, Instant expiresAt,
      Optional<Instant> usedAt) {
    /** Validates presence of every member. */
    public TokenRow {
      Objects.requireNonNull(tokenHash, "tokenHash");
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
      usedAt = usedAt == null ? Optional.empty() : usedAt;
    }
  }

  /**
   * A certificate the fleet issued to a device (V6 {@code certificates} table).
   *
   * @param serial    serial number, lower-case hex ({@code BigInteger.toString(16)})
   * @param deviceId  the device
   * @param tls       whether the TLS CA issued it (the device's TLS client certificate; what a CRL for
   *                  the broker lists)
   * @param issuedAt  when it was issued
   * @param notAfter  when it expires
   */
  record CertificateRow(String serial, String deviceId, boolean tls, Instant issuedAt, Instant notAfter) {
    /** Validates presence and the serial's syntax. */
    public CertificateRow {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(notAfter, "notAfter");
      if (!serial.matches("[0-9a-f]{1,40}")) {
        throw new IllegalArgumentException("serial: must be 1-40 lower-case hex digits");
      }
    }
  }

  /**
   * A TLS certificate of a revoked device that has not expired yet: a CRL entry.
   *
   * @param serial    serial number, lower-case hex
   * @param deviceId  the device
   * @param revokedAt when the device was revoked (its certificate's issue time for devices revoked
   *                  before the store recorded revocation times)
   */
  record RevokedCertificate(String serial, String deviceId, Instant revokedAt) {
    /** Validates presence. */
    public RevokedCertificate {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(revokedAt, "revokedAt");
    }
  }

  /** What {@link #redeemToken} did. */
  enum Redemption {
    /** The token is now spent and the device registered (or already registered with the same key). */
    REDEEMED,
    /** The token was spent or expired by the time of the transaction (a concurrent enrolment). Nothing changed. */
    TOKEN_NOT_REDEEMABLE,
    /** The device id is registered with another key. Nothing changed; the token stays unused. */
    DEVICE_TAKEN
  }

  /** One registration, revoked or not; empty when the id is unknown (renewal checks it). */
  Future<Optional<RegisteredDevice>> findDevice(String deviceId);

  /** Saves a newly issued token. */
  Future<Void> saveToken(TokenRow token);

  /** The token with this hash; empty when unknown. */
  Future<Optional<TokenRow>> findToken(String tokenHash);

  /**
   * In one transaction: spends the token (only if unused and not expired at {@code now}) and
   * registers {@code device}. Either both happen or neither.
   */
  default Future<Redemption> redeemToken(String tokenHash, Instant now, RegisteredDevice device) {
    return redeemToken(tokenHash, now, device, List.of());
  }

  /**
   * {@link #redeemToken(String, Instant, RegisteredDevice)} that also records {@code certificates}
   * (the ones just issued for the device) in the same transaction.
   */
  Future<Redemption> redeemToken(String tokenHash, Instant now, RegisteredDevice device,
      List<CertificateRow> certificates);

  /** Records certificates issued at a renewal (a serial already stored is left as it is). */
  Future<Void> saveCertificates(List<CertificateRow> certificates);

  /**
   * The TLS certificates of revoked devices still valid at {@code now} (expired ones need no CRL
   * entry), ordered by serial.
   */
  Future<List<RevokedCertificate>> revokedCertificates(Instant now);
}
