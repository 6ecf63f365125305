package org.doorstep.agent.device.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.DeviceFault;

/**
 * The four real-time status bytes of an ESC/POS printer, one reply to each of {@code DLE EOT 1..4}
 * (PERIPHERALS.md §3), and what they mean.
 *
 * <pre>
 * bit      2                  3                  5                        6
 * n=1      drawer             offline            waiting for recovery     feed button
 * n=2      cover open         feeding by button  stopped: paper end       error
 * n=3      recoverable        cutter error       unrecoverable            auto-recoverable (head hot)
 * n=4      near end (2+3)     near end           paper out (5+6)          paper out
 * </pre>
 * Bits 1 and 4 are always 1 and bits 0 and 7 always 0; a byte that breaks this is not a status
 * reply and the constructor throws {@link StatusByteException}.
 *
 * @param printer      reply to {@code DLE EOT 1}
 * @param offlineCause reply to {@code DLE EOT 2}
 * @param errorCause   reply to {@code DLE EOT 3}
 * @param paperSensor  reply to {@code DLE EOT 4}
 */
public record PrinterStatus(int printer, int offlineCause, int errorCause, int paperSensor) {
  /** Bits that are fixed in every reply: 0, 1, 4, 7. */
  public static final int FIXED_MASK = 0x93;
  /** Their values: bits 1 and 4 set. */
  public static final int FIXED_VALUE = 0x12;
  /** All clear: online, cover closed, no error, paper present. */
  public static final PrinterStatus READY = new PrinterStatus(FIXED_VALUE, FIXED_VALUE, FIXED_VALUE, FIXED_VALUE);

  public PrinterStatus {
    check(1, printer);
    check(2, offlineCause);
    check(3, errorCause);
    check(4, paperSensor);
  }

  /**
   * The status from the reply bytes to {@code DLE EOT 1, 2, 3, 4}, in that order.
   *
   * @throws StatusByteException when a byte's fixed bits are wrong (or there are not four)
   */
  public static PrinterStatus decode(byte... replies) {
    if (replies.length != 4) {
      throw new IllegalArgumentException("replies: need 4 bytes (DLE EOT 1..4), got " + replies.length);
    }
    return new PrinterStatus(replies[0] & 0xFF, replies[1] & 0xFF, replies[2] & 0xFF, replies[3] & 0xFF);
  }

  /** Whether {@code b} can be a {@code DLE EOT} reply (fixed bits right), to pick replies out of a stream. */
  public static boolean isStatusByte(int b) {
    return (b & ~0xFF) == 0 && (b & FIXED_MASK) == FIXED_VALUE;
  }

  private static void check(int n, int b) {
    if (!isStatusByte(b)) {
      throw new StatusByteException(n, b);
    }
  }

  private static boolean bit(int b, int i) {
    return (b >>> i & 1) == 1;
  }

  // DLE EOT 1
  /** n=1 bit 2: drawer-kick connector pin 3 is high (not used on kiosks). */
  public boolean drawerSignal() {
    return bit(printer, 2);
  }

  /** n=1 bit 3. */
  public boolean offline() {
    return bit(printer, 3);
  }

  /** n=1 bit 5: waiting for online recovery. */
  public boolean waitingForRecovery() {
    return bit(printer, 5);
  }

  /** n=1 bit 6: the paper-feed button is pressed. */
  public boolean feedButtonPressed() {
    return bit(printer, 6);
  }

  // DLE EOT 2
  /** n=2 bit 2. */
  public boolean coverOpen() {
    return bit(offlineCause, 2);
  }

  /** n=2 bit 3: paper is being fed by the feed button. */
  public boolean feedingByButton() {
    return bit(offlineCause, 3);
  }

  /** n=2 bit 5: printing stopped because the paper ran out. */
  public boolean stoppedAtPaperEnd() {
    return bit(offlineCause, 5);
  }

  /** n=2 bit 6: an error occurred (see {@code DLE EOT 3}). */
  public boolean errorOccurred() {
    return bit(offlineCause, 6);
  }

  // DLE EOT 3
  /** n=3 bit 2: recoverable (mechanical) error, on thermal printers a paper jam. */
  public boolean recoverableError() {
    return bit(errorCause, 2);
  }

  /** n=3 bit 3: auto-cutter error. */
  public boolean cutterError() {
    return bit(errorCause, 3);
  }

  /** n=3 bit 5. */
  public boolean unrecoverableError() {
    return bit(errorCause, 5);
  }

  /** n=3 bit 6: auto-recoverable error; on thermal printers the head is too hot. */
  public boolean headOverheat() {
    return bit(errorCause, 6);
  }

  // DLE EOT 4
  /** n=4 bits 2+3 (either one counts: some firmwares set only one). */
  public boolean paperNearEnd() {
    return (paperSensor & 0x0C) != 0;
  }

  /** n=4 bits 5+6 (either one counts). */
  public boolean paperOut() {
    return (paperSensor & 0x60) != 0;
  }

  /** Everything reported, most severe first; empty when the printer is ready with paper. */
  public List<PrinterProblem> problems() {
    List<PrinterProblem> p = new ArrayList<>();
    if (unrecoverableError()) {
      p.add(PrinterProblem.UNRECOVERABLE_ERROR);
    }
    if (coverOpen()) {
      p.add(PrinterProblem.COVER_OPEN);
    }
    if (paperOut() || stoppedAtPaperEnd()) {
      p.add(PrinterProblem.PAPER_OUT);
    }
    if (recoverableError()) {
      p.add(PrinterProblem.PAPER_JAM);
    }
    if (cutterError()) {
      p.add(PrinterProblem.CUTTER_ERROR);
    }
    if (headOverheat()) {
      p.add(PrinterProblem.HEAD_OVERHEAT);
    }
    if (p.isEmpty() && (offline() || errorOccurred() || feedingByButton() || waitingForRecovery())) {
      p.add(PrinterProblem.OFFLINE);
    }
    if (paperNearEnd() && !p.contains(PrinterProblem.PAPER_OUT)) {
      p.add(PrinterProblem.PAPER_NEAR_END);
    }
    return List.copyOf(p);
  }

  /** The most severe problem, if any. */
  public Optional<PrinterProblem> problem() {
    List<PrinterProblem> p = problems();
    return p.isEmpty() ? Optional.empty() : Optional.of(p.get(0));
  }

  /** The most severe problem that stops printing, if any. */
  public Optional<PrinterProblem> blockingProblem() {
    return problems().stream().filter(PrinterProblem::blocksPrinting).findFirst();
  }

  /** Whether a receipt can be printed now (nothing blocks; paper low is fine). */
  public boolean readyToPrint() {
    return blockingProblem().isEmpty();
  }

  /** {@code HWERROR} when something blocks printing, {@code ONLINE} otherwise. */
  public PeripheralHealth health() {
    return readyToPrint() ? PeripheralHealth.ONLINE : PeripheralHealth.HWERROR;
  }

  /** The fault a print fails with now; empty when ready. */
  public Optional<DeviceFault> fault() {
    return blockingProblem().flatMap(PrinterProblem::fault);
  }

  /** The screen message key of the most severe problem; empty when ready with paper. */
  public Optional<String> messageKey() {
    return problem().map(PrinterProblem::messageKey);
  }

  /** Paper in XFS words: OUT, JAMMED, LOW or FULL. */
  public Paper paper() {
    if (paperOut() || stoppedAtPaperEnd()) {
      return Paper.OUT;
    }
    if (recoverableError()) {
      return Paper.JAMMED;
    }
    return paperNearEnd() ? Paper.LOW : Paper.FULL;
  }

  /** Each status bit in words, for technicians ({@code agent diag printer}). */
  public List<String> describe() {
    return List.of(
        String.format("DLE EOT 1 = 0x%02X  printer: %s%s%s%s", printer, offline() ? "OFFLINE" : "online",
            waitingForRecovery() ? ", waiting for recovery" : "", feedButtonPressed() ? ", feed button pressed" : "",
            drawerSignal() ? ", drawer signal high" : ""),
        String.format("DLE EOT 2 = 0x%02X  cover %s%s%s%s", offlineCause, coverOpen() ? "OPEN" : "closed",
            feedingByButton() ? ", feeding by button" : "", stoppedAtPaperEnd() ? ", STOPPED AT PAPER END" : "",
            errorOccurred() ? ", ERROR (see DLE EOT 3)" : ""),
        String.format("DLE EOT 3 = 0x%02X  %s", errorCause, errorWords()),
        String.format("DLE EOT 4 = 0x%02X  paper %s", paperSensor,
            paperOut() ? "OUT" : paperNearEnd() ? "NEAR END" : "present"));
  }

  private String errorWords() {
    List<String> w = new ArrayList<>();
    if (recoverableError()) {
      w.add("RECOVERABLE ERROR (jam)");
    }
    if (cutterError()) {
      w.add("CUTTER ERROR");
    }
    if (unrecoverableError()) {
      w.add("UNRECOVERABLE ERROR");
    }
    if (headOverheat()) {
      w.add("AUTO-RECOVERABLE ERROR (head hot)");
    }
    return w.isEmpty() ? "no error" : String.join(", ", w);
  }

  @Override
  public String toString() {
    return String.format("PrinterStatus[%02X %02X %02X %02X %s]", printer, offlineCause, errorCause, paperSensor,
        problems());
  }
}
