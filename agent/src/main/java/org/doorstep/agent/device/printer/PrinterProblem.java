package org.doorstep.agent.device.printer;

import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.DeviceFault;

/**
 * Something the printer's real-time status ({@code DLE EOT 1..4}) reports, most severe first, with
 * what each means to the rest of the agent: the {@link PeripheralHealth} word, the
 * {@link DeviceFault} a print fails with, a screen message key (with its default simplified-Chinese
 * text) and the words a technician reads in {@code agent diag printer}. The screen message for a problem is
 * chosen in {@code kiosk} ({@code DeviceMessages}, by {@link #messageKey()}): the driver knows nothing of the
 * resident's screen.
 *
 * <p>{@link DeviceFault} has no finer reasons than {@code PAPER_OUT} and {@code HARDWARE_ERROR}; the
 * problem itself is the {@link org.doorstep.agent.device.DeviceException#reason() reason} of a failed
 * print ({@link #of(Throwable)}), named in its message ({@code printer not ready: COVER_OPEN}) and
 * returned by {@link EscPosSerialPrinter#status()}.
 */
public enum PrinterProblem {
  /** {@code DLE EOT 3} bit 5: the printer needs repair or a power cycle. */
  UNRECOVERABLE_ERROR(true, DeviceFault.HARDWARE_ERROR, "printer.fault", "凭条打印机故障，请联系工作人员",
      "unrecoverable error: power-cycle the printer; if it persists, replace it"),
  /** {@code DLE EOT 2} bit 2. */
  COVER_OPEN(true, DeviceFault.HARDWARE_ERROR, "printer.cover-open", "打印机盖未关闭，请联系工作人员",
      "cover open: close the paper cover until it clicks"),
  /** {@code DLE EOT 4} bits 5+6 (or {@code DLE EOT 2} bit 5, stopped at paper end). */
  PAPER_OUT(true, DeviceFault.PAPER_OUT, "printer.paper-out", "凭条纸已用完，请联系工作人员",
      "paper out: load a new roll"),
  /** {@code DLE EOT 3} bit 2 (recoverable, on thermal printers a jam). */
  PAPER_JAM(true, DeviceFault.HARDWARE_ERROR, "printer.paper-jam", "打印机卡纸，请联系工作人员",
      "recoverable error (paper jam): open the cover, clear the paper path, close the cover"),
  /** {@code DLE EOT 3} bit 3. */
  CUTTER_ERROR(true, DeviceFault.HARDWARE_ERROR, "printer.cutter-error", "凭条切纸故障，请联系工作人员",
      "auto-cutter error: clear paper from the cutter, then power-cycle the printer"),
  /** {@code DLE EOT 3} bit 6 (auto-recoverable: the head cools down by itself). */
  HEAD_OVERHEAT(true, DeviceFault.HARDWARE_ERROR, "printer.head-hot", "打印机正在降温，请稍后重新打印凭条",
      "head overheat (auto-recoverable): wait a minute for the head to cool"),
  /** {@code DLE EOT 1} bit 3 with no cause above (feeding by button, waiting for recovery). */
  OFFLINE(true, DeviceFault.HARDWARE_ERROR, "printer.offline", "凭条打印机暂不可用，请联系工作人员",
      "offline: release the feed button; check the cover and paper"),
  /** {@code DLE EOT 4} bits 2+3: prints still work. */
  PAPER_NEAR_END(false, null, "printer.paper-low", "凭条纸即将用完，请通知工作人员更换",
      "paper near end: change the roll soon");

  private final boolean blocksPrinting;
  private final DeviceFault fault;
  private final String messageKey;
  private final String zh;
  private final String advice;

  PrinterProblem(boolean blocksPrinting, DeviceFault fault, String messageKey, String zh, String advice) {
    this.blocksPrinting = blocksPrinting;
    this.fault = fault;
    this.messageKey = messageKey;
    this.zh = zh;
    this.advice = advice;
  }

  /** Whether the driver refuses to print while this is reported. */
  public boolean blocksPrinting() {
    return blocksPrinting;
  }

  /** {@code HWERROR} when it blocks printing, {@code ONLINE} otherwise (paper low still prints). */
  public PeripheralHealth health() {
    return blocksPrinting ? PeripheralHealth.HWERROR : PeripheralHealth.ONLINE;
  }

  /** The fault a print fails with; empty for a warning that does not stop printing. */
  public Optional<DeviceFault> fault() {
    return Optional.ofNullable(fault);
  }

  /** Stable key of the screen message (the screen holds translations). */
  public String messageKey() {
    return messageKey;
  }

  /** Default screen text in simplified Chinese. */
  public String zh() {
    return zh;
  }

  /** What a technician should do, in English words. */
  public String advice() {
    return advice;
  }

  /** The problem a failed print carries, empty for any other failure. */
  public static Optional<PrinterProblem> of(Throwable error) {
    return org.doorstep.agent.device.DeviceException.reasonOf(error, PrinterProblem.class);
  }
}
