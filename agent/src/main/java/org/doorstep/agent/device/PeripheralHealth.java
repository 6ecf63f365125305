package org.doorstep.agent.device;

/**
 * Health word of one peripheral, as reported in {@link org.doorstep.config.contract.DeviceState#peripherals()}.
 * The names follow CEN/XFS device status words so that bank staff read them the way they read ATM
 * status.
 */
public enum PeripheralHealth {
  /** Present and working. */
  ONLINE,
  /** Configured but not answering. */
  OFFLINE,
  /** Answering but reporting a hardware fault (paper out, jam, sensor error). */
  HWERROR,
  /** Not configured on this terminal. */
  NODEVICE
}
