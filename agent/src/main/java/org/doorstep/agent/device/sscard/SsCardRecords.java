package org.doorstep.agent.device.sscard;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.doorstep.agent.device.idcard.Gb11643;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * Decodes the records of EF05/EF06 (pure; no I/O). A record as READ RECORD returns it is {@code tag · len ·
 * value}; values are decoded per {@link DataItem.Format}. Every failure is a {@link SsCardProblem#CARD_DATA_INVALID}
 * exception naming the item, never its value.
 */
public final class SsCardRecords {
  /** GBK, the encoding of the name (GB 18030 decodes GBK and its rare-character extension alike). */
  static final Charset GBK = Charset.forName("GB18030");

  private SsCardRecords() {
  }

  /** The value bytes of a record for {@code item}: checks tag, length byte and the item's maximum length. */
  public static byte[] value(DataItem item, byte[] record) {
    if (record.length < 2) {
      throw invalid(item, "record of " + record.length + " bytes");
    }
    if ((record[0] & 0xFF) != item.tag()) {
      throw invalid(item, String.format("tag %02X, expected %02X", record[0] & 0xFF, item.tag()));
    }
    int len = record[1] & 0xFF;
    if (len != record.length - 2) {
      throw invalid(item, "length byte " + len + " but " + (record.length - 2) + " value bytes");
    }
    if (len == 0 || len > item.maxLength()) {
      throw invalid(item, "length " + len + ", allowed 1.." + item.maxLength());
    }
    byte[] v = new byte[len];
    System.arraycopy(record, 2, v, 0, len);
    return v;
  }

  /** An {@code an} value: printable ASCII up to the first {@code 00} padding byte, trailing spaces dropped. */
  public static String an(DataItem item, byte[] value) {
    int end = padEnd(value);
    StringBuilder s = new StringBuilder(end);
    for (int i = 0; i < end; i++) {
      int b = value[i] & 0xFF;
      if (b < 0x20 || b > 0x7E) {
        throw invalid(item, String.format("non-printable byte %02X at %d", b, i));
      }
      s.append((char) b);
    }
    String r = s.toString().strip();
    if (r.isEmpty()) {
      throw invalid(item, "empty");
    }
    return r;
  }

  /** A {@code cn} value: BCD digits up to the first {@code F} nibble. */
  public static String cn(DataItem item, byte[] value) {
    StringBuilder s = new StringBuilder(value.length * 2);
    for (int i = 0; i < value.length * 2; i++) {
      int nibble = i % 2 == 0 ? (value[i / 2] >> 4) & 0x0F : value[i / 2] & 0x0F;
      if (nibble == 0x0F) {
        break;
      }
      if (nibble > 9) {
        throw invalid(item, String.format("nibble %X at %d is not a digit", nibble, i));
      }
      s.append((char) ('0' + nibble));
    }
    return s.toString();
  }

  /** A {@code cn 4} date YYYYMMDD. */
  public static LocalDate date(DataItem item, byte[] value) {
    String d = cn(item, value);
    if (d.length() != 8) {
      throw invalid(item, d.length() + " digits, expected 8 (YYYYMMDD)");
    }
    try {
      return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
          Integer.parseInt(d.substring(6, 8)));
    } catch (DateTimeException e) {
      throw invalid(item, "not a calendar date");
    }
  }

  /** The name: GBK up to the first {@code 00}, trailing spaces (ASCII and full-width) dropped. */
  public static String gbk(DataItem item, byte[] value) {
    int end = padEnd(value);
    try {
      String s = GBK.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value, 0, end)).toString()
          .replaceAll("[\\s\u3000]+$", "");
      if (s.isEmpty()) {
        throw invalid(item, "empty");
      }
      return s;
    } catch (CharacterCodingException e) {
      throw invalid(item, "not GBK text");
    }
  }

  /** {@code an} when printable, else upper-case hex (binary issuer codes). */
  static String anOrHex(DataItem item, byte[] value) {
    try {
      return an(item, value);
    } catch (RuntimeException e) {
      return HexFormat.of().withUpperCase().formatHex(value);
    }
  }

  /** The card for the value bytes of every {@link DataItem} (as {@link #value} returned them). */
  public static SocialSecurityCard card(Map<DataItem, byte[]> values) {
    Map<DataItem, byte[]> v = new EnumMap<>(values);
    for (DataItem item : DataItem.values()) {
      if (!v.containsKey(item)) {
        throw invalid(item, "not read");
      }
    }
    String number = an(DataItem.SOCIAL_SECURITY_NUMBER, v.get(DataItem.SOCIAL_SECURITY_NUMBER));
    if (!Gb11643.isValid(number)) {
      throw invalid(DataItem.SOCIAL_SECURITY_NUMBER, "not a valid GB 11643 number (" + number.length() + " chars)");
    }
    String sex = sex(v.get(DataItem.SEX));
    LocalDate issued = date(DataItem.ISSUE_DATE, v.get(DataItem.ISSUE_DATE));
    LocalDate until = date(DataItem.VALID_UNTIL, v.get(DataItem.VALID_UNTIL));
    if (until.isBefore(issued)) {
      throw invalid(DataItem.VALID_UNTIL, "before the issue date");
    }
    return new SocialSecurityCard(an(DataItem.IDENTIFICATION_CODE, v.get(DataItem.IDENTIFICATION_CODE)),
        an(DataItem.CATEGORY, v.get(DataItem.CATEGORY)).charAt(0),
        an(DataItem.SPEC_VERSION, v.get(DataItem.SPEC_VERSION)),
        anOrHex(DataItem.ISSUER, v.get(DataItem.ISSUER)), issued, until,
        an(DataItem.CARD_NUMBER, v.get(DataItem.CARD_NUMBER)), IdNumber.of(number),
        PersonName.of(gbk(DataItem.NAME, v.get(DataItem.NAME))), sex.charAt(0));
  }

  /** 性别: ASCII digit ({@code 31}) or, on some cards, a BCD byte ({@code 01}); GB/T 2261.1 codes 0, 1, 2, 9. */
  private static String sex(byte[] value) {
    int b = value[0] & 0xFF;
    char c = b <= 9 ? (char) ('0' + b) : (char) b;
    if ("0129".indexOf(c) < 0) {
      throw invalid(DataItem.SEX, String.format("code %02X is none of GB/T 2261.1 0/1/2/9", b));
    }
    return String.valueOf(c);
  }

  private static int padEnd(byte[] value) {
    int end = 0;
    while (end < value.length && value[end] != 0) {
      end++;
    }
    return end;
  }

  static RuntimeException invalid(DataItem item, String why) {
    return SsCardProblem.CARD_DATA_INVALID.exception(item + " (tag " + String.format("%02X", item.tag()) + "): " + why);
  }

}
