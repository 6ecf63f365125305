package org.doorstep.fleet.operators;

/** One thing an operator may do through the API; {@link Role} grants them. */
public enum Permission {
  /** List devices and read their state ({@code GET /api/devices}). */
  READ_DEVICES,
  /** Search and read records, personal fields masked ({@code GET /api/records…}). */
  READ_RECORDS,
  /** Register devices by hand and revoke them ({@code POST /api/devices…}). */
  MANAGE_DEVICES,
  /** Issue one-time enrolment tokens ({@code POST /api/enrolment-tokens}). */
  ISSUE_ENROLMENT_TOKENS,
  /** Create, list and revoke operator accounts ({@code /api/operators…}). */
  MANAGE_OPERATORS,
  /**
   * Store config versions; create, pause, resume, advance, halt and roll back rollouts ({@code /api/config…},
   * {@code /api/rollouts…}).
   */
  MANAGE_CONFIG,
  /**
   * Approve a rollout that waits for approval, unless the operator created it ({@code POST /api/rollouts/{id}/approve}):
   * the second pair of eyes.
   */
  APPROVE_ROLLOUTS,
  /** Send signed commands to devices ({@code POST /api/commands}). */
  SEND_COMMANDS,
  /** List and read alarms of the operator's region and their counts ({@code GET /api/alarms…}). */
  READ_ALARMS,
  /** Acknowledge and clear alarms; read the webhook dead letters (national scope) ({@code POST /api/alarms/{id}/…}). */
  MANAGE_ALARMS,
  /** Scrape the fleet's Prometheus metrics ({@code GET /metrics}; needs a national scope too). */
  READ_METRICS
}
