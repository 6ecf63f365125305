package org.doorstep.agent.device.idcard;

import java.util.Objects;

/**
 * A card's text block broke a rule. The message names the field and never holds the value. No stack trace:
 * a damaged or forged card is expected, not exceptional. The driver turns it into {@link
 * ReaderProblem#CARD_DATA_INVALID} (or {@link ReaderProblem#UNSUPPORTED_CARD} for an unknown flag).
 */
public final class CardTextException extends RuntimeException {
  /** Which rule. */
  public enum Reason {
    /** Wrong block size, a blank required field, a non-date where a date belongs. */
    MALFORMED,
    /** The card-type flag at byte 248 is not space, J or I. */
    UNKNOWN_CARD_TYPE,
    /** The ID number fails GB 11643 (length, characters, check character) or its card type's prefix. */
    INVALID_ID_NUMBER,
    /** The birth date is not a real date, is in the future, or disagrees with the ID number. */
    INVALID_BIRTH_DATE,
    /** The sex field disagrees with the ID number's sequence (odd = male). */
    INCONSISTENT_SEX,
    /** Valid-from/valid-to are not dates (or 长期), or end before they start. */
    INVALID_VALIDITY
  }

  private final Reason reason;

  public CardTextException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  /** The resident-facing problem for this reason. */
  public ReaderProblem problem() {
    return reason == Reason.UNKNOWN_CARD_TYPE ? ReaderProblem.UNSUPPORTED_CARD : ReaderProblem.CARD_DATA_INVALID;
  }
}
