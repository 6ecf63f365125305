package org.doorstep.agent.device.idcard;

import java.util.Optional;

/**
 * The GA/T 467 commands the driver uses (PERIPHERALS.md §1): CMD and PARA bytes, no DATA. The baud
 * switch {@code 60 0x} takes its rate in PARA: see {@link #baudSwitchPara(int)}.
 */
public enum SamCommand {
  /** {@code 10 FF}: reset the SAM module. */
  RESET_SAM(0x10, 0xFF),
  /** {@code 11 FF}: SAM status; SW3 90 when healthy. */
  SAM_STATUS(0x11, 0xFF),
  /** {@code 12 FF}: the SAM's 16-byte id. */
  READ_SAM_ID(0x12, 0xFF),
  /** {@code 20 01}: find card; SW3 9F found (4 data bytes), 80 none. */
  FIND_CARD(0x20, 0x01),
  /** {@code 20 02}: select card; SW3 90 (8 data bytes), 81 failed. */
  SELECT_CARD(0x20, 0x02),
  /** {@code 30 01}: read text (256 B) and photo (1024 B). */
  READ_TEXT_PHOTO(0x30, 0x01),
  /** {@code 30 03}: read the newest appended address (SW3 91 when there is none). */
  READ_NEWEST_ADDRESS(0x30, 0x03),
  /** {@code 30 10}: read text, photo and fingerprint. */
  READ_TEXT_PHOTO_FINGERPRINT(0x30, 0x10),
  /** {@code 60 0x}: switch the line rate; PARA from {@link #baudSwitchPara(int)}. */
  SET_BAUD(0x60, 0x00);

  /** Rates of the baud switch by PARA 00..04. */
  private static final int[] BAUDS = {115200, 57600, 38400, 19200, 9600};

  private final int cmd;
  private final int para;

  SamCommand(int cmd, int para) {
    this.cmd = cmd;
    this.para = para;
  }

  public int cmd() {
    return cmd;
  }

  /** PARA; for {@link #SET_BAUD} the value for 115200 (00). */
  public int para() {
    return para;
  }

  /**
   * PARA of {@code 60 0x} for {@code baud}: 00 = 115200, 01 = 57600, 02 = 38400, 03 = 19200, 04 = 9600.
   *
   * @throws IllegalArgumentException for any other rate
   */
  public static int baudSwitchPara(int baud) {
    for (int i = 0; i < BAUDS.length; i++) {
      if (BAUDS[i] == baud) {
        return i;
      }
    }
    throw new IllegalArgumentException("baud: must be one of 115200, 57600, 38400, 19200, 9600, was " + baud);
  }

  /** The rate PARA of {@code 60 0x} selects, empty for an undefined PARA. */
  public static Optional<Integer> baudOfPara(int para) {
    return para >= 0 && para < BAUDS.length ? Optional.of(BAUDS[para]) : Optional.empty();
  }

  /** The command with these CMD and PARA bytes ({@code 60 xx} is always {@link #SET_BAUD}). */
  public static Optional<SamCommand> of(int cmd, int para) {
    for (SamCommand c : values()) {
      if (c.cmd == (cmd & 0xFF) && (c == SET_BAUD || c.para == (para & 0xFF))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name() + String.format("(%02X %02X)", cmd, para);
  }
}
