package org.doorstep.fleet.alarms.rules;

/**
 * The four states of ThingsBoard's alarm model: acknowledge and clear are independent, so an alarm is
 * active or cleared, and acknowledged or not.
 */
public enum AlarmState {
  ACTIVE_UNACK,
  ACTIVE_ACK,
  CLEARED_UNACK,
  CLEARED_ACK;

  /** The state of an alarm that is {@code cleared} or not and {@code acknowledged} or not. */
  public static AlarmState of(boolean cleared, boolean acknowledged) {
    if (cleared) {
      return acknowledged ? CLEARED_ACK : CLEARED_UNACK;
    }
    return acknowledged ? ACTIVE_ACK : ACTIVE_UNACK;
  }

  /** Whether the alarm's condition (as last evaluated, or until an operator cleared it) holds. */
  public boolean active() {
    return this == ACTIVE_UNACK || this == ACTIVE_ACK;
  }

  /** Whether an operator acknowledged it. */
  public boolean acknowledged() {
    return this == ACTIVE_ACK || this == CLEARED_ACK;
  }
}
