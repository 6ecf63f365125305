package org.doorstep.agent.device.health;

/**
 * Paper supply of a printer, after CEN/XFS {@code WFS_PTR_PAPER*} (PERIPHERALS.md §5). The ESC/POS
 * paper sensor ({@code DLE EOT 4}, PERIPHERALS.md §3) gives near end → {@link #LOW} and paper out →
 * {@link #OUT}; a cutter or feed error ({@code DLE EOT 3}) may be reported as {@link #JAMMED}.
 */
public enum PaperState {
  /** Paper present, not near its end. */
  FULL,
  /** Near end: print, but tell staff. */
  LOW,
  /** No paper: printing impossible until staff refill it. */
  OUT,
  /** Paper jammed or the cutter failed. */
  JAMMED,
  /** A printer whose paper state is not known (not asked yet, or it does not answer). */
  UNKNOWN,
  /** A peripheral without paper (reader, camera, GPIO). */
  NOTSUPPORTED
}
