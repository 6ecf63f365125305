package org.doorstep.agent.device.printer;

/**
 * QR error-correction level of {@code GS ( k … 31 45 n}: L/M/Q/H recover about 7/15/25/30 % of the
 * symbol. Receipts use M: thermal prints smudge, and a record id needs few modules anyway.
 */
public enum QrErrorCorrection {
  L(0x30), M(0x31), Q(0x32), H(0x33);

  private final int code;

  QrErrorCorrection(int code) {
    this.code = code;
  }

  /** The {@code n} of the ESC/POS command (0x30..0x33). */
  public int code() {
    return code;
  }

  /** The level for ESC/POS {@code n} (0x30..0x33; 0..3 accepted as some firmwares do), M otherwise. */
  public static QrErrorCorrection ofCode(int n) {
    return switch (n) {
      case 0x30, 0 -> L;
      case 0x32, 2 -> Q;
      case 0x33, 3 -> H;
      default -> M;
    };
  }
}
