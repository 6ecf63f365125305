package org.doorstep.agent.device.printer;

/** Paper state words after CEN/XFS (PERIPHERALS.md §5). */
public enum Paper {
  /** The roll sensor sees paper. */
  FULL,
  /** Near-end sensor: a few metres left. Printing still works; staff should change the roll soon. */
  LOW,
  /** Roll end: nothing prints until staff load paper. */
  OUT,
  /** A recoverable mechanical error (on thermal printers: paper jam). */
  JAMMED,
  /** The printer did not answer. */
  UNKNOWN
}
