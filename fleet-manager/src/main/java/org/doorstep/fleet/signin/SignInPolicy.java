package org.doorstep.fleet.signin;

import java.time.Duration;
import java.util.Objects;

/**
 * The rules of password sign-in.
 *
 * @param maxFailures    failed sign-ins in a row that lock the account
 * @param lockout        how long a locked account stays locked
 * @param sessionIdle    a session unused this long has expired
 * @param sessionMax     a session this old has expired, used or not (a working day)
 * @param minPasswordLength shortest password accepted
 */
public record SignInPolicy(int maxFailures, Duration lockout, Duration sessionIdle, Duration sessionMax,
    int minPasswordLength) {
  /** Longest password accepted (bounds the hashing work a request can ask for). */
  public static final int MAX_PASSWORD_LENGTH = 128;

  /** 5 failures lock for 15 minutes; sessions end after 30 idle minutes or 8 hours; passwords of 12+ characters. */
  public static final SignInPolicy DEFAULT = new SignInPolicy(5, Duration.ofMinutes(15), Duration.ofMinutes(30),
      Duration.ofHours(8), 12);

  public SignInPolicy {
    Objects.requireNonNull(lockout, "lockout");
    Objects.requireNonNull(sessionIdle, "sessionIdle");
    Objects.requireNonNull(sessionMax, "sessionMax");
    if (maxFailures < 1 || minPasswordLength < 8 || minPasswordLength > MAX_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("maxFailures >= 1 and minPasswordLength 8.." + MAX_PASSWORD_LENGTH);
    }
  }
}
