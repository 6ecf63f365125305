package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Persistence of operator accounts (issue #6, migration V3). Only a token's SHA-256 is stored.
 *
 * <p>Threads and failures as in {@link RecordStore}: callable from any thread, JDBC on the store's
 * workers, failed futures carry a {@link StoreException}.
 */
public interface OperatorStore {

  /**
   * A stored operator.
   *
   * @param name      login name (primary key)
   * @param role      role name ({@code org.doorstep.fleet.operators.Role})
   * @param region    normalised region scope code
   * @param tokenHash SHA-256 of the API token, 64 lower-case hex digits
   * @param createdAt when the account was created
   * @param revokedAt when it was revoked; empty while active
   * @param tokenExpiresAt after when the token is refused; empty for a token from before expiry existed (V8)
   */
  record OperatorRow(String name, String role, String region, String tokenHash, Instant createdAt,
      Optional<Instant> revokedAt, Optional<Instant> tokenExpiresAt) {
    /** A row whose token does not expire. */
    public OperatorRow(String name, String role, String region, String tokenHash, Instant createdAt,
        Optional<Instant> revokedAt) {
      this(name, role, region, tokenHash, createdAt, revokedAt, Optional.empty());
    }

    /** Validates presence of every member. */
    public OperatorRow {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(tokenHash, "tokenHash");
      Objects.requireNonNull(createdAt, "createdAt");
      revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
      tokenExpiresAt = tokenExpiresAt == null ? Optional.empty() : tokenExpiresAt;
    }

    /** Leaves the hash out of logs. */
    @Override
    public String toString() {
      return "OperatorRow[name=" + name + ", role=" + role + ", region=" + region + ", createdAt=" + createdAt
          + ", revokedAt=" + revokedAt + ", tokenExpiresAt=" + tokenExpiresAt + "]";
    }
  }

  /**
   * Saves a new operator.
   *
   * @return false when the name is taken (nothing changed)
   */
  Future<Boolean> saveOperator(OperatorRow operator);

  /** The operator whose token has this hash, revoked or not; empty when none. */
  Future<Optional<OperatorRow>> findOperatorByToken(String tokenHash);

  /** Every operator by name. */
  Future<List<OperatorRow>> listOperators();

  /**
   * Revokes an operator's account at {@code at} (a revoked account stays revoked; the first time counts).
   *
   * @return false when no operator has this name
   */
  Future<Boolean> revokeOperator(String name, Instant at);

  /**
   * Replaces an active operator's token (the old one is refused from then on).
   *
   * @return false when no active operator has this name
   */
  Future<Boolean> replaceToken(String name, String tokenHash, Instant expiresAt);
}
