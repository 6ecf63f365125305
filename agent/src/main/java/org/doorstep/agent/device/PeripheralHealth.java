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
  NODEVICE,
  /** Configured, but its power is off (the agent switched its relay off, e.g. during a power cycle). */
  POWEROFF,
  /** Working, but a person is preventing proper operation (card left in, cover held open). */
  USERERROR,
  /** Working and in use (a read or a print in progress); not a fault. */
  BUSY,
  /** Someone tampered with the device or its enclosure (tamper switch): staff must inspect it. */
  FRAUDATTEMPT,
  /** Something looks like tampering but is not certain (e.g. repeated unexplained sensor flaps). */
  POTENTIALFRAUD
}
