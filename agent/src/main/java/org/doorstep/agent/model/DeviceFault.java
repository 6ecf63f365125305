package org.doorstep.agent.model;

/** Why a peripheral call failed. Stable names: they appear in logs and in device state. */
public enum DeviceFault {
  /** The device did not answer in time. */
  TIMEOUT,
  /** The device is not connected or not configured. */
  NOT_CONNECTED,
  /** The card could not be read (moved, damaged, SAM error). */
  CARD_UNREADABLE,
  /** The printer is out of paper. */
  PAPER_OUT,
  /** The device reported a hardware error. */
  HARDWARE_ERROR,
  /** Anything else (a bug or an unexpected exception). */
  UNKNOWN
}
