package org.doorstep.agent.records;

import java.time.Duration;
import java.util.Objects;

/**
 * When to publish an unacked record again: {@code first} after the first publish, doubling per
 * publish, never more than {@code cap}.
 *
 * @param first the ack timeout of the policy
 * @param cap   longest wait between publishes; {@link #DEFAULT_CAP} keeps a kiosk that was offline for
 *              hours from waiting long once the link is back
 */
public record RetryBackoff(Duration first, Duration cap) {
  /** Five minutes: long enough not to flood a struggling broker, short enough for staff to see progress. */
  public static final Duration DEFAULT_CAP = Duration.ofMinutes(5);

  public RetryBackoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(cap, "cap");
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("first: must be positive, was " + first);
    }
    if (cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("cap: must be >= first");
    }
  }

  /** The wait after the {@code attempts}-th publish (1-based): first, 2×first, 4×first … capped. */
  public Duration delayAfter(int attempts) {
    int doublings = Math.max(0, Math.min(attempts - 1, 30));
    Duration d = first.multipliedBy(1L << doublings);
    return d.compareTo(cap) > 0 ? cap : d;
  }
}
