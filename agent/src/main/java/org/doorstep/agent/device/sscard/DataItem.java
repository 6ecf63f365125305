package org.doorstep.agent.device.sscard;

/**
 * The data items of the basic application data that the agent reads, with their record identifier (tag), file
 * and maximum value length (人社信息函〔2012〕37号, 社会保障卡文件结构和数据项 V2.0; agent/docs/social-security-card.md
 * §4). Format {@code an}: text, left aligned, padded right with {@code 00}; {@code cn}: packed BCD digits, padded
 * right with {@code F} nibbles; the name is GBK text.
 */
public enum DataItem {
  /** 卡的识别码, an 16. */
  IDENTIFICATION_CODE(0x01, SsCardApdus.EF05, Format.AN, 16),
  /** 卡的类别, an 1. */
  CATEGORY(0x02, SsCardApdus.EF05, Format.AN, 1),
  /** 规范版本, an 4. */
  SPEC_VERSION(0x03, SsCardApdus.EF05, Format.AN, 4),
  /** 初始化机构编号, an 16 (some issuers store it as binary; decoded as hex then). */
  ISSUER(0x04, SsCardApdus.EF05, Format.AN_OR_HEX, 16),
  /** 发卡日期, cn 4 (YYYYMMDD). */
  ISSUE_DATE(0x05, SsCardApdus.EF05, Format.CN, 4),
  /** 卡的有效期, cn 4 (YYYYMMDD). */
  VALID_UNTIL(0x06, SsCardApdus.EF05, Format.CN, 4),
  /** 卡号, an 9. */
  CARD_NUMBER(0x07, SsCardApdus.EF05, Format.AN, 9),
  /** 社会保障号码, an 18. */
  SOCIAL_SECURITY_NUMBER(0x08, SsCardApdus.EF06, Format.AN, 18),
  /** 姓名, an 30 (GBK: 15 Chinese characters). */
  NAME(0x09, SsCardApdus.EF06, Format.GBK, 30),
  /** 性别, an 1 (GB/T 2261.1 code). */
  SEX(0x0A, SsCardApdus.EF06, Format.AN, 1);

  /** How a value is encoded. */
  public enum Format { AN, AN_OR_HEX, CN, GBK }

  private final int tag;
  private final int file;
  private final Format format;
  private final int maxLength;

  DataItem(int tag, int file, Format format, int maxLength) {
    this.tag = tag;
    this.file = file;
    this.format = format;
    this.maxLength = maxLength;
  }

  /** Record identifier, P1 of READ RECORD and the first byte of the record. */
  public int tag() {
    return tag;
  }

  /** The EF that holds the item. */
  public int file() {
    return file;
  }

  public Format format() {
    return format;
  }

  /** Longest value the specification allows (the record's length byte may be smaller: trailing padding dropped). */
  public int maxLength() {
    return maxLength;
  }

  /** Whether the value is personal data (masked in logs, never in TRACE frames). */
  public boolean personal() {
    return file == SsCardApdus.EF06;
  }
}
