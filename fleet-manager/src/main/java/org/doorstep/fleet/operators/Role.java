package org.doorstep.fleet.operators;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an operator is allowed to do. Every role is further limited to its {@link RegionScope}.
 *
 * <p>HANDLER, REVIEWER and APPROVER are the roles of the review workflow (ARCHITECTURE "review");
 * until that workflow lands they may only read. ROLLOUT_APPROVER approves config rollouts.
 */
public enum Role {
  /** Everything, operator accounts included. */
  ADMIN(EnumSet.allOf(Permission.class)),
  /** Runs the fleet: devices, enrolment tokens, revocation, config rollouts, commands, alarms and metrics. */
  FLEET_OPERATOR(EnumSet.of(Permission.READ_DEVICES, Permission.READ_RECORDS, Permission.MANAGE_DEVICES,
      Permission.ISSUE_ENROLMENT_TOKENS, Permission.MANAGE_CONFIG, Permission.SEND_COMMANDS, Permission.READ_ALARMS,
      Permission.MANAGE_ALARMS, Permission.READ_METRICS)),
  /**
   * Approves rollouts others created (four eyes: a config manager creates, a second operator approves); reads devices,
   * records (masked) and alarms to judge them, as an auditor. May not create, pause or halt one.
   */
  ROLLOUT_APPROVER(EnumSet.of(Permission.READ_DEVICES, Permission.READ_RECORDS, Permission.READ_ALARMS,
      Permission.APPROVE_ROLLOUTS)),
  /** Read-only: devices, records (masked), alarms and metrics. */
  AUDITOR(EnumSet.of(Permission.READ_DEVICES, Permission.READ_RECORDS, Permission.READ_ALARMS, Permission.READ_METRICS)),
  /** Review workflow: first-line handler of flagged records (read-only for now). */
  HANDLER(EnumSet.of(Permission.READ_DEVICES, Permission.READ_RECORDS)),
  /** Review workflow: reviewer (read-only for now). */
  REVIEWER(EnumSet.of(Permission.READ_DEVICES, Permission.READ_RECORDS)),
  /** Review workflow: approver (read-only for now). */
  APPROVER(EnumSet.of(Permission.READ_DEVICES, Permission.READ_RECORDS));

  private final Set<Permission> permissions;

  Role(Set<Permission> permissions) {
    this.permissions = Set.copyOf(permissions);
  }

  /** Whether this role grants {@code p}. */
  public boolean allows(Permission p) {
    return permissions.contains(p);
  }

  /** Every permission of this role. */
  public Set<Permission> permissions() {
    return permissions;
  }

  /**
   * The role named {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException listing the roles
   */
  public static Role parse(String name) {
    if (name != null) {
      for (Role r : values()) {
        if (r.name().equalsIgnoreCase(name.strip())) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException("role: must be one of " + java.util.Arrays.toString(values()) + ", was '"
        + name + "'");
  }
}
