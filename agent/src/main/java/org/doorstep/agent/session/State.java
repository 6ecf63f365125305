package org.doorstep.agent.session;

/**
 * Where a certification session is. The happy path runs top to bottom; the last four are terminal
 * and leave only when the card is taken away.
 */
public enum State {
  /** Idle, inviting the resident to place their ID card. */
  WAITING_FOR_CARD,
  /** A card lies on the reader; it is being read and checked. */
  CARD_READ,
  /** The card was read; the resident is asked to consent to face capture. */
  AWAITING_CONSENT,
  /** Liveness capture: the resident follows challenges (blink, turn head …). */
  FACE_CAPTURE,
  /**
   * The captured face is compared with the card photo or, after the retries, with the resident's photo
   * from their last successful certification.
   */
  MATCHING,
  /**
   * Liveness passed but the face did not match: a staff member is called to confirm person, photo and
   * card. The card may be lifted (staff inspect it) without ending the session.
   */
  STAFF_ASSIST,
  /** The signed record is being committed to the outbox. */
  RECORDING,
  /** The record is committed; the receipt is printing. */
  PRINTING,
  /** Finished with a record (certified or not); the message says whether a receipt printed. */
  DONE,
  /** The resident cancelled, refused consent or took the card away; no record. */
  CANCELLED,
  /** The resident (or a device) did not answer in time; no record. */
  TIMED_OUT,
  /** A device or the outbox failed; the message tells the resident what to do. */
  FAILED;

  /** Whether the session is over (a message is on screen until the card is taken). */
  public boolean isTerminal() {
    return this == DONE || this == CANCELLED || this == TIMED_OUT || this == FAILED;
  }

  /** Whether a record is being or has been made, so that cancelling is no longer possible. */
  public boolean isRecording() {
    return this == RECORDING || this == PRINTING;
  }

  /** Whether the session is between card and record: cancel, card removal and timeouts apply. */
  public boolean isInteractive() {
    return this == CARD_READ || this == AWAITING_CONSENT || this == FACE_CAPTURE || this == MATCHING
        || this == STAFF_ASSIST;
  }
}
