package org.doorstep.fleet.alarms.rules;

/**
 * What an alarm is about. The conditions and thresholds of each are in {@link AlarmConditions} and
 * docs/alarms.md; {@link #fleetWide()} types concern the fleet itself (source {@link Alarm#FLEET_SOURCE}).
 */
public enum AlarmType {
  /** No state for {@code offlineAfterHeartbeats} heartbeat intervals, or the MQTT last will / a clean offline state. */
  OFFLINE(false),
  /** The printer reports the fault code {@code PAPER_LOW}. */
  PAPER_LOW(false),
  /** The printer reports the fault code {@code PAPER_OUT}. */
  PAPER_OUT(false),
  /** An ID-card or social-security-card reader is in fault. */
  READER_FAULT(false),
  /** A printer (receipt or form) is in fault other than paper. */
  PRINTER_FAULT(false),
  /** A camera (face or document) is in fault. */
  CAMERA_FAULT(false),
  /** A peripheral reports FRAUDATTEMPT (tamper switch) or POTENTIALFRAUD. */
  TAMPER(false),
  /** More records pending than {@code outboxPendingMax}, or the oldest older than {@code outboxOldestMax}. */
  OUTBOX_BACKLOG(false),
  /** The device clock differs from the fleet's by more than {@code clockSkewMax}. */
  CLOCK_SKEW(false),
  /** The device's newest certificate expires within {@code certificateExpiringWithin} (7 days). */
  CERT_EXPIRING(false),
  /** The device refused a config version and has not applied a later one. */
  CONFIG_REFUSED(false),
  /** The CRL for the external broker was not rewritten within {@code crlStaleAfter}. */
  CRL_STALE(true),
  /** The store failed a write within {@code storeFailingWindow}. */
  STORE_FAILING(true);

  private final boolean fleetWide;

  AlarmType(boolean fleetWide) {
    this.fleetWide = fleetWide;
  }

  /** Whether this type concerns the fleet itself rather than a device. */
  public boolean fleetWide() {
    return fleetWide;
  }
}
