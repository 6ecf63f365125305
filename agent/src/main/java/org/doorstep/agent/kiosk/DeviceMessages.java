package org.doorstep.agent.kiosk;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.idcard.ReaderProblem;
import org.doorstep.agent.device.printer.PrinterProblem;
import org.doorstep.agent.device.sscard.SsCardProblem;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.session.ResidentMessage;

/**
 * Device problems in words a resident can act on: which {@link ResidentMessage} the screen shows when the ID card
 * reader reports a {@link ReaderProblem}, the social-security card reader an {@link SsCardProblem} or the receipt
 * printer a {@link PrinterProblem}. The drivers name the
 * problem (and its stable screen key); the kiosk, which owns the screen, picks the message, so no device package
 * depends on the workflow's messages.
 *
 * <p>Every problem has a message with the same key: checked when this class loads (a missing one fails the
 * agent's start, not a resident's session) and in {@code DeviceMessagesTest}.
 */
public final class DeviceMessages {
  private static final Map<ReaderProblem, ResidentMessage> READER = new EnumMap<>(ReaderProblem.class);
  private static final Map<PrinterProblem, ResidentMessage> PRINTER = new EnumMap<>(PrinterProblem.class);
  private static final Map<SsCardProblem, ResidentMessage> SSCARD = new EnumMap<>(SsCardProblem.class);

  static {
    for (ReaderProblem p : ReaderProblem.values()) {
      READER.put(p, byKey(p.key(), p));
    }
    for (PrinterProblem p : PrinterProblem.values()) {
      PRINTER.put(p, byKey(p.messageKey(), p));
    }
    for (SsCardProblem p : SsCardProblem.values()) {
      SSCARD.put(p, byKey(p.key(), p));
    }
  }

  private DeviceMessages() {}

  /** The screen message for a reader problem (its key is {@link ReaderProblem#key()}). */
  public static ResidentMessage of(ReaderProblem problem) {
    return READER.get(problem);
  }

  /** The screen message for a printer problem (its key is {@link PrinterProblem#messageKey()}). */
  public static ResidentMessage of(PrinterProblem problem) {
    return PRINTER.get(problem);
  }

  /** The screen message for a social-security card reader problem (its key is {@link SsCardProblem#key()}). */
  public static ResidentMessage of(SsCardProblem problem) {
    return SSCARD.get(problem);
  }

  /**
   * The message for a failed card read: its ID card reader or social-security card reader problem's, empty when
   * the failure carries neither.
   */
  public static Optional<ResidentMessage> forReadFailure(Throwable error) {
    Optional<ResidentMessage> idCard = ReaderProblem.of(error).map(DeviceMessages::of);
    return idCard.isPresent() ? idCard : SsCardProblem.of(error).map(DeviceMessages::of);
  }

  /**
   * The message for a failed print: its printer problem's; {@link ResidentMessage#PRINTER_PAPER_OUT} for a bare
   * {@link DeviceFault#PAPER_OUT}; empty otherwise (the flow says "certified, no receipt" by itself).
   */
  public static Optional<ResidentMessage> forPrintFailure(Throwable error) {
    Optional<PrinterProblem> problem = PrinterProblem.of(error);
    if (problem.isPresent()) {
      return Optional.of(of(problem.get()));
    }
    return DeviceException.faultOf(error) == DeviceFault.PAPER_OUT
        ? Optional.of(ResidentMessage.PRINTER_PAPER_OUT) : Optional.empty();
  }

  private static ResidentMessage byKey(String key, Enum<?> problem) {
    return ResidentMessage.ofKey(key).orElseThrow(() -> new IllegalStateException(
        problem.getDeclaringClass().getSimpleName() + "." + problem.name() + " has no ResidentMessage with key "
            + key));
  }
}
