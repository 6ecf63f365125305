package org.doorstep.agent.device.gpio;

/**
 * What the status light tells people nearby. Each state has one {@link LightPattern} ({@link
 * LightPattern#of(LightState)}), chosen so that it reads without colour (a single-colour lamp).
 */
public enum LightState {
  /** Agent not running: dark. */
  OFF,
  /** Ready for the next resident: steady on. */
  IDLE,
  /** A certification is in progress: slow blink, 1 Hz. */
  BUSY,
  /** Staff must come (tamper alarm, paper out, resident called for help): fast blink, 4 Hz. */
  NEEDS_STAFF,
  /** Out of service (a required peripheral is OFFLINE, POWEROFF or HWERROR): double flash every 2 s. */
  ERROR
}
