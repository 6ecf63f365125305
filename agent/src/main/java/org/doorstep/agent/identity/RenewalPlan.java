package org.doorstep.agent.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.records.RetryBackoff;

/**
 * When to renew the kiosk's certificates, and what to do after a failed attempt. Pure.
 *
 * <p>Renewal is due when {@code renewWhenLeftPercent} of the lifetime is left (default 33: a 30-day
 * certificate is renewed 10 days before it expires). A failure the fleet may get over
 * ({@link IdentityException.Reason#retryable()}: unreachable, 5xx) is retried after
 * {@code backoff.delayAfter(failures)}, but never later than the expiry; any other failure stops
 * renewal until someone acts (revoked device, expired certificate, key mismatch).
 *
 * @param renewWhenLeftPercent 1–90
 * @param retry                waits between failed attempts
 */
public record RenewalPlan(int renewWhenLeftPercent, RetryBackoff retry) {
  /** Default waits: 1 minute doubling to 1 hour (a fleet outage of days costs at most ~24 attempts a day). */
  public static final RetryBackoff DEFAULT_RETRY = new RetryBackoff(Duration.ofMinutes(1), Duration.ofHours(1));

  /** Validates. */
  public RenewalPlan {
    if (renewWhenLeftPercent < 1 || renewWhenLeftPercent > 90) {
      throw new IllegalArgumentException("renewWhenLeftPercent: must be 1..90, was " + renewWhenLeftPercent);
    }
    Objects.requireNonNull(retry, "retry");
  }

  /** What to do next. */
  public sealed interface Decision {
    /** Attempt a renewal at {@code at} (now or later). */
    record RenewAt(Instant at) implements Decision {}

    /** Stop renewing: {@code reason} needs a human (logged at ERROR once). */
    record Stop(IdentityException.Reason reason, String why) implements Decision {}
  }

  /**
   * The first attempt for credentials just installed at {@code now}: when due, but not before
   * {@code retry.first()} from now (a certificate whose due time is already past, e.g. one that is
   * short-lived next to the fleet's 5-minute back-dating, must not be renewed in a loop).
   */
  public Decision.RenewAt afterInstall(Instant notBefore, Instant notAfter, Instant now) {
    Instant due = dueAt(notBefore, notAfter);
    Instant earliest = now.plus(retry.first());
    return new Decision.RenewAt(due.isAfter(earliest) ? due : earliest);
  }

  /** When renewal of a certificate valid from {@code notBefore} to {@code notAfter} is due. */
  public Instant dueAt(Instant notBefore, Instant notAfter) {
    Duration lifetime = Duration.between(notBefore, notAfter);
    return notAfter.minus(lifetime.multipliedBy(renewWhenLeftPercent).dividedBy(100));
  }

  /**
   * The next step for credentials valid {@code notBefore}..{@code notAfter} at {@code now}.
   *
   * @param lastFailure the failure of the last attempt; empty after a success or before the first attempt
   * @param failures    consecutive failed attempts (0 when {@code lastFailure} is empty)
   */
  public Decision next(Instant notBefore, Instant notAfter, Instant now, Optional<IdentityException.Reason> lastFailure,
      int failures) {
    if (!now.isBefore(notAfter)) {
      return new Decision.Stop(IdentityException.Reason.CERTIFICATE_EXPIRED,
          "the certificate expired at " + notAfter + " before it could be renewed: enrol again with a new token");
    }
    if (lastFailure.isPresent()) {
      if (!lastFailure.get().retryable()) {
        return new Decision.Stop(lastFailure.get(), "the fleet refused renewal (" + lastFailure.get() + ")");
      }
      Instant retryAt = now.plus(retry.delayAfter(Math.max(1, failures)));
      // Keep one last try just before expiry rather than sleeping past it.
      return new Decision.RenewAt(retryAt.isBefore(notAfter) ? retryAt : now.plus(Duration.between(now, notAfter).dividedBy(2)));
    }
    Instant due = dueAt(notBefore, notAfter);
    return new Decision.RenewAt(due.isAfter(now) ? due : now);
  }
}
