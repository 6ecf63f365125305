package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.time.Instant;
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
  Future<Redemption> redeemToken(String tokenHash, Instant now, RegisteredDevice device);
}
