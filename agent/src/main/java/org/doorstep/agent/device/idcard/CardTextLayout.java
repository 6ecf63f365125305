package org.doorstep.agent.device.idcard;

/**
 * Byte offsets and sizes in the 256-byte UCS-2LE text block (PERIPHERALS.md §1). One place for the parser
 * and the writer, so the simulator and the driver cannot disagree.
 */
final class CardTextLayout {
  static final int SIZE = 256;
  /** The card-type flag: one UCS-2 character at byte 248, for every layout. */
  static final int FLAG = 248;

  // Resident ID card (flag space) and HMT permit (flag J).
  static final Field NAME = new Field(0, 30);
  static final Field SEX = new Field(30, 2);
  static final Field NATION = new Field(32, 4);
  static final Field BIRTH = new Field(36, 16);
  static final Field ADDRESS = new Field(52, 70);
  static final Field ID_NUMBER = new Field(122, 36);
  static final Field AUTHORITY = new Field(158, 30);
  static final Field VALID_FROM = new Field(188, 16);
  static final Field VALID_TO = new Field(204, 16);
  static final Field HMT_PASS_NUMBER = new Field(220, 18);
  static final Field HMT_ISSUE_COUNT = new Field(238, 4);

  // Foreign permanent-resident card (flag I).
  static final Field F_ENGLISH_NAME = new Field(0, 120);
  static final Field F_SEX = new Field(120, 2);
  static final Field F_PERMIT_NUMBER = new Field(122, 30);
  static final Field F_NATIONALITY = new Field(152, 6);
  static final Field F_CHINESE_NAME = new Field(158, 30);
  static final Field F_VALID_FROM = new Field(188, 16);
  static final Field F_VALID_TO = new Field(204, 16);
  static final Field F_BIRTH = new Field(220, 16);
  static final Field F_VERSION = new Field(236, 4);
  static final Field F_AUTHORITY = new Field(240, 8);

  static final char FLAG_RESIDENT = ' ';
  static final char FLAG_HMT = 'J';
  static final char FLAG_FOREIGN = 'I';
  /** The 2023 foreign permanent-resident card; flag and layout unverified (PERIPHERALS.md): refused for now. */
  static final char FLAG_FOREIGN_2023 = 'Y';
  /** The text the valid-to field holds for a card valid for life. */
  static final String LONG_TERM = "长期";

  private CardTextLayout() {}

  /** A field: byte offset and byte length (twice the character count). */
  record Field(int offset, int bytes) {
    int chars() {
      return bytes / 2;
    }
  }
}
