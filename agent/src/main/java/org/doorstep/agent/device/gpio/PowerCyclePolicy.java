package org.doorstep.agent.device.gpio;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link PowerCycler} restarts a peripheral that stopped answering. Pure: {@link
 * #delayBefore(int)} is the backoff schedule.
 *
 * @param maxAttempts    power cycles before giving up with HWERROR (≥ 1)
 * @param offTime        how long the power stays off; 2 s lets the device's capacitors drain so it
 *                       really resets
 * @param settleTime     after power returns, how long the device may boot before it is probed; 5 s
 *                       covers the readers and printers we know
 * @param firstBackoff   wait before the second attempt; doubles per attempt
 * @param maxBackoff     longest wait between attempts
 * @param probeTimeout   how long the probe (SAM status, {@code DLE EOT 1}) may take
 */
public record PowerCyclePolicy(int maxAttempts, Duration offTime, Duration settleTime, Duration firstBackoff,
    Duration maxBackoff, Duration probeTimeout) {

  public PowerCyclePolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: must be >= 1, was " + maxAttempts);
    }
    positive("offTime", offTime);
    positive("settleTime", settleTime);
    positive("firstBackoff", firstBackoff);
    positive("maxBackoff", maxBackoff);
    positive("probeTimeout", probeTimeout);
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff: must be >= firstBackoff");
    }
  }

  private static void positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + ": must be positive, was " + d);
    }
  }

  /**
   * 3 attempts, 2 s off, 5 s settle, backoff 10 s then 20 s (at most 2 min), 3 s probe: a device that
   * does not come back within about a minute needs a person, not more cycles.
   */
  public static PowerCyclePolicy defaults() {
    return new PowerCyclePolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofMinutes(2), Duration.ofSeconds(3));
  }

  /**
   * The wait before attempt {@code attempt} (1-based): zero for the first (the device already failed),
   * then {@code firstBackoff}, doubling, capped at {@code maxBackoff}; empty after {@code maxAttempts}
   * (give up).
   */
  public Optional<Duration> delayBefore(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: must be >= 1, was " + attempt);
    }
    if (attempt > maxAttempts) {
      return Optional.empty();
    }
    if (attempt == 1) {
      return Optional.of(Duration.ZERO);
    }
    int doublings = Math.min(attempt - 2, 30);
    Duration d = firstBackoff.multipliedBy(1L << doublings);
    return Optional.of(d.compareTo(maxBackoff) > 0 ? maxBackoff : d);
  }
}
