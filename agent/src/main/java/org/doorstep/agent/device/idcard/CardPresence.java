package org.doorstep.agent.device.idcard;

/** What "find card" says, with the reader's lift-before-next-read rule made visible. */
public enum CardPresence {
  /** Find succeeded (SW3 9F): a card is ready to be read. */
  PRESENT,
  /** Find failed (SW3 80) and no card has been read since the last successful find. */
  ABSENT,
  /**
   * Find fails since the last successful read. The card may still lie on the reader: a read card stays
   * silent until it is lifted and placed again, so the screen should say "lift the card and place it again"
   * ({@link ReaderProblem#LIFT_AND_REPLACE}). Becomes PRESENT once the card is placed again.
   */
  LIFT_AND_REPLACE
}
