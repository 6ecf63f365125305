package org.doorstep.fleet.alarms.rules;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One alarm, as stored and answered. Changed only through {@link AlarmLifecycle}.
 *
 * @param id          unique id (UUID)
 * @param source      the device id, or {@link #FLEET_SOURCE} for the fleet's own alarms
 * @param region      the device's region (GB/T 2260 code, or a village/township code below it); the
 *                    national code {@code 86} for the fleet's own alarms
 * @param type        what it is about
 * @param severity    how bad, as last raised
 * @param detail      what the condition saw ("printer: PAPER_OUT"); no personal data
 * @param startedAt   when it was raised (fleet clock)
 * @param updatedAt   when it last changed (raised again with another severity or detail, acknowledged,
 *                    cleared or escalated)
 * @param acknowledgedAt when an operator acknowledged it
 * @param acknowledgedBy that operator's name
 * @param clearedAt   when it was cleared, by its condition ending or by an operator
 * @param clearedBy   the operator who cleared it; empty when it cleared by itself
 * @param escalatedAt when it was escalated (still unacknowledged {@code escalateAfter} after it started)
 */
public record Alarm(
    String id,
    String source,
    String region,
    AlarmType type,
    Severity severity,
    String detail,
    Instant startedAt,
    Instant updatedAt,
    Optional<Instant> acknowledgedAt,
    Optional<String> acknowledgedBy,
    Optional<Instant> clearedAt,
    Optional<String> clearedBy,
    Optional<Instant> escalatedAt) {

  /** Source of the fleet's own alarms (CRL_STALE, STORE_FAILING); '@' never occurs in a device id. */
  public static final String FLEET_SOURCE = "@fleet";
  /** Longest detail kept. */
  public static final int MAX_DETAIL = 500;

  /** Validates; empty optionals for nulls, detail cut to {@value #MAX_DETAIL} characters. */
  public Alarm {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    detail = cut(detail);
    acknowledgedAt = acknowledgedAt == null ? Optional.empty() : acknowledgedAt;
    acknowledgedBy = acknowledgedBy == null ? Optional.empty() : acknowledgedBy;
    clearedAt = clearedAt == null ? Optional.empty() : clearedAt;
    clearedBy = clearedBy == null ? Optional.empty() : clearedBy;
    escalatedAt = escalatedAt == null ? Optional.empty() : escalatedAt;
  }

  /** {@code detail} as an alarm keeps it: empty for null, at most {@value #MAX_DETAIL} characters. */
  public static String cut(String detail) {
    return detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
  }

  /** The alarm's state, from whether it is cleared and acknowledged. */
  public AlarmState state() {
    return AlarmState.of(clearedAt.isPresent(), acknowledgedAt.isPresent());
  }

  /** The key of which at most one alarm is active. */
  public Key key() {
    return new Key(source, type);
  }

  /** (source, type): at most one active alarm per key. */
  public record Key(String source, AlarmType type) {
    public Key {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(type, "type");
    }
  }
}
