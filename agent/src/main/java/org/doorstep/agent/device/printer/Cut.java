package org.doorstep.agent.device.printer;

/** Paper cut, {@code GS V m}: a full cut separates the receipt, a partial cut leaves a hinge. */
public enum Cut {
  /** {@code 1D 56 00}. */
  FULL,
  /** {@code 1D 56 01}. */
  PARTIAL
}
