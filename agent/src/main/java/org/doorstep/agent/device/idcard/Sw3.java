package org.doorstep.agent.device.idcard;

import java.util.Optional;

/**
 * The reader's status byte SW3 (PERIPHERALS.md §1), with what the driver does about each.
 *
 * <ul>
 *   <li>{@link Handling#SUCCESS}: 90, 9F.</li>
 *   <li>{@link Handling#NO_CARD}: 80 find failed: a value ({@code cardPresent() == false}), never a failure.</li>
 *   <li>{@link Handling#RETRY}: 10 checksum, 11 length, 21 command error: the reader did not understand our
 *       frame; the driver resends (bounded), then fails with {@link ReaderProblem#LINE_ERRORS}.</li>
 *   <li>{@link Handling#CARD}: a problem with this card; fail at once with {@link #problem()}.</li>
 *   <li>{@link Handling#READER}: the reader or its SAM is at fault; fail with {@link ReaderProblem#READER_FAULT}.</li>
 * </ul>
 */
public enum Sw3 {
  OK(0x90, "OK", Handling.SUCCESS, null),
  FIND_OK(0x9F, "card found", Handling.SUCCESS, null),
  ITEM_EMPTY(0x91, "item empty (e.g. no appended address)", Handling.CARD, ReaderProblem.READ_FAILED_TRY_AGAIN),
  CHECKSUM_ERROR(0x10, "reader saw a checksum error", Handling.RETRY, ReaderProblem.LINE_ERRORS),
  LENGTH_ERROR(0x11, "reader saw a length error", Handling.RETRY, ReaderProblem.LINE_ERRORS),
  COMMAND_ERROR(0x21, "reader saw a command error", Handling.RETRY, ReaderProblem.LINE_ERRORS),
  UNAUTHORISED(0x23, "operation not authorised", Handling.READER, ReaderProblem.READER_FAULT),
  UNKNOWN_ERROR(0x24, "unknown error", Handling.READER, ReaderProblem.READER_FAULT),
  CARD_AUTH_FAILED(0x31, "card authentication of the SAM failed", Handling.CARD, ReaderProblem.CARD_NOT_GENUINE),
  SAM_AUTH_FAILED(0x32, "SAM authentication of the card failed", Handling.CARD, ReaderProblem.CARD_NOT_GENUINE),
  VERIFICATION_ERROR(0x33, "information verification error", Handling.CARD, ReaderProblem.CARD_NOT_GENUINE),
  UNKNOWN_CARD_TYPE(0x40, "unknown card type", Handling.CARD, ReaderProblem.UNSUPPORTED_CARD),
  READ_FAILED(0x41, "read card failed", Handling.CARD, ReaderProblem.READ_FAILED_TRY_AGAIN),
  RANDOM_FAILED(0x47, "get random number failed", Handling.CARD, ReaderProblem.READ_FAILED_TRY_AGAIN),
  SAM_SELF_TEST_FAILED(0x60, "SAM self-test failed", Handling.READER, ReaderProblem.READER_FAULT),
  SAM_NOT_AUTHORISED(0x66, "SAM not authorised", Handling.READER, ReaderProblem.READER_FAULT),
  FIND_FAILED(0x80, "no card found", Handling.NO_CARD, null),
  SELECT_FAILED(0x81, "select card failed", Handling.CARD, ReaderProblem.PLACE_CARD_FLAT);

  /** What the driver does on this SW3. */
  public enum Handling { SUCCESS, NO_CARD, RETRY, CARD, READER }

  private final int code;
  private final String meaning;
  private final Handling handling;
  private final ReaderProblem problem;

  Sw3(int code, String meaning, Handling handling, ReaderProblem problem) {
    this.code = code;
    this.meaning = meaning;
    this.handling = handling;
    this.problem = problem;
  }

  /** The byte value. */
  public int code() {
    return code;
  }

  /** The spec's meaning, for logs and the diagnostics tool. */
  public String meaning() {
    return meaning;
  }

  public Handling handling() {
    return handling;
  }

  /** What to tell the resident when this code ends a call; empty for success and "no card". */
  public Optional<ReaderProblem> problem() {
    return Optional.ofNullable(problem);
  }

  /** The SW3 of this byte, empty for a code the spec does not define (treated as a reader fault). */
  public static Optional<Sw3> of(int code) {
    for (Sw3 s : values()) {
      if (s.code == (code & 0xFF)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return String.format("%s(%02X)", name(), code);
  }
}
