package org.doorstep.fleet.alarms.rules;

/** How bad an alarm is, ThingsBoard's scale, worst first (告警：严重、重要、次要、警告). */
public enum Severity {
  /** The kiosk cannot serve, or is under attack (tamper). */
  CRITICAL,
  /** Serving is impaired or stopped for part of the work (offline, paper out, reader fault). */
  MAJOR,
  /** Degraded but serving (printer fault, backlog, clock skew, certificate expiring). */
  MINOR,
  /** Act soon (paper low). */
  WARNING
}
