package org.doorstep.fleet.signin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The lockout rule as a value: failures in a row and the instant until which the account is locked. Pure: the
 * store keeps the two columns, this decides.
 *
 * @param failures    failed sign-ins since the last success (or the last lock)
 * @param lockedUntil while in the future, sign-in is refused without checking the password
 */
public record Lockout(int failures, Optional<Instant> lockedUntil) {
  /** An account without failures. */
  public static final Lockout CLEAR = new Lockout(0, Optional.empty());

  public Lockout {
    Objects.requireNonNull(lockedUntil, "lockedUntil");
    if (failures < 0) {
      throw new IllegalArgumentException("failures: must be >= 0");
    }
  }

  /** Whether sign-in is refused at {@code now}. */
  public boolean locked(Instant now) {
    return lockedUntil.isPresent() && now.isBefore(lockedUntil.get());
  }

  /**
   * After a wrong password at {@code now}: one more failure; at {@code policy.maxFailures()} the account locks for
   * {@code policy.lockout()} and the count starts again (the next failures after the lock lock it again).
   */
  public Lockout failed(Instant now, SignInPolicy policy) {
    int n = failures + 1;
    if (n >= policy.maxFailures()) {
      return new Lockout(0, Optional.of(now.plus(policy.lockout())));
    }
    return new Lockout(n, lockedUntil.filter(now::isBefore));
  }

  /** After a good password: no failures, no lock. */
  public Lockout succeeded() {
    return CLEAR;
  }
}
