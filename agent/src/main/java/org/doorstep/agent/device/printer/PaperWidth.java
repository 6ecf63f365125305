package org.doorstep.agent.device.printer;

/**
 * Receipt paper width and what fits on one line in the printer's default font A (12×24 dots): a
 * half-width (ASCII) character takes one column, a GB18030 (Chinese) character two.
 *
 * <p>Widths come from the device profile ({@code devices.printer.paperWidthMm}: 58 or 80).
 */
public enum PaperWidth {
  /** 58 mm roll: 384 dots, 32 ASCII or 16 Chinese characters per line. */
  MM_58(58, 32, 384),
  /** 80 mm roll: 576 dots, 48 ASCII or 24 Chinese characters per line. */
  MM_80(80, 48, 576);

  private final int millimetres;
  private final int columns;
  private final int dots;

  PaperWidth(int millimetres, int columns, int dots) {
    this.millimetres = millimetres;
    this.columns = columns;
    this.dots = dots;
  }

  /** The width for {@code paperWidthMm} of the device profile. */
  public static PaperWidth ofMillimetres(int paperWidthMm) {
    for (PaperWidth w : values()) {
      if (w.millimetres == paperWidthMm) {
        return w;
      }
    }
    throw new IllegalArgumentException("paperWidthMm: must be 58 or 80, was " + paperWidthMm);
  }

  public int millimetres() {
    return millimetres;
  }

  /** Half-width columns per line at normal size (32 or 48). */
  public int columns() {
    return columns;
  }

  /** Full-width (Chinese) characters per line at normal size (16 or 24). */
  public int cjkColumns() {
    return columns / 2;
  }

  /** Printable dots per line (8 dots/mm heads). */
  public int dots() {
    return dots;
  }
}
