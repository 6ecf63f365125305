package org.doorstep.fleet.alarms.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of {@link AlarmConditions} (config {@code alarms.*}, docs/alarms.md). Validated here; the
 * fleet config reports a violation with its path.
 *
 * @param heartbeatInterval      the kiosks' {@code policy.heartbeatInterval} (PT30S by default)
 * @param offlineAfterHeartbeats OFFLINE when no state came for this many intervals (≥ 1; 2 by default)
 * @param outboxPendingMax       OUTBOX_BACKLOG when more records are pending (≥ 1; 100 by default: a
 *                               kiosk certifies a few hundred residents a day)
 * @param outboxOldestMax        OUTBOX_BACKLOG (MAJOR) when the oldest pending record is older (PT1H)
 * @param clockSkewMax           CLOCK_SKEW when the device clock differs by more (PT5M: record times
 *                               are evidence, and the ingest's own skew flag uses the same order)
 * @param certificateExpiringWithin CERT_EXPIRING when the newest certificate expires sooner (P7D, the issue)
 * @param crlStaleAfter          CRL_STALE when the CRL was not rewritten for this long (P2D: it is
 *                               rewritten daily and valid for seven)
 * @param storeFailingWindow     STORE_FAILING while a store write failed within this window (PT5M)
 * @param escalateAfter          escalate an alarm unacknowledged this long (PT30M; zero: never)
 */
public record AlarmThresholds(
    Duration heartbeatInterval,
    int offlineAfterHeartbeats,
    long outboxPendingMax,
    Duration outboxOldestMax,
    Duration clockSkewMax,
    Duration certificateExpiringWithin,
    Duration crlStaleAfter,
    Duration storeFailingWindow,
    Duration escalateAfter) {

  /** The defaults above. */
  public static AlarmThresholds defaults() {
    return new AlarmThresholds(Duration.ofSeconds(30), 2, 100, Duration.ofHours(1), Duration.ofMinutes(5),
        Duration.ofDays(7), Duration.ofDays(2), Duration.ofMinutes(5), Duration.ofMinutes(30));
  }

  /** Validates, naming the field. */
  public AlarmThresholds {
    positive("heartbeatInterval", heartbeatInterval);
    if (offlineAfterHeartbeats < 1) {
      throw new IllegalArgumentException("offlineAfterHeartbeats: must be >= 1, was " + offlineAfterHeartbeats);
    }
    if (outboxPendingMax < 1) {
      throw new IllegalArgumentException("outboxPendingMax: must be >= 1, was " + outboxPendingMax);
    }
    positive("outboxOldestMax", outboxOldestMax);
    positive("clockSkewMax", clockSkewMax);
    positive("certificateExpiringWithin", certificateExpiringWithin);
    positive("crlStaleAfter", crlStaleAfter);
    positive("storeFailingWindow", storeFailingWindow);
    Objects.requireNonNull(escalateAfter, "escalateAfter");
    if (escalateAfter.isNegative()) {
      throw new IllegalArgumentException("escalateAfter: must not be negative (PT0S = never), was " + escalateAfter);
    }
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + ": must be a positive ISO-8601 duration, was " + d);
    }
  }

  /** Silence after which a device is OFFLINE: {@code offlineAfterHeartbeats × heartbeatInterval}. */
  public Duration offlineAfter() {
    return heartbeatInterval.multipliedBy(offlineAfterHeartbeats);
  }

  /**
   * How often the service re-evaluates the time-driven conditions (silence, certificate expiry,
   * escalation): a quarter heartbeat, so OFFLINE is raised at most a quarter interval late.
   */
  public Duration tick() {
    return heartbeatInterval.dividedBy(4).isZero() ? Duration.ofMillis(1) : heartbeatInterval.dividedBy(4);
  }
}
