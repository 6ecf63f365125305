package org.doorstep.agent.device.idcard;

import static org.doorstep.agent.device.idcard.CardTextLayout.*;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.doorstep.agent.model.IdCardText;
import org.doorstep.config.contract.CertificationRecord.CardType;

/**
 * Writes an {@link IdCardText} as the 256-byte UCS-2LE block a reader returns, space-padded: the inverse
 * of {@link CardTextParser}, for the reader simulator and for tests. It writes what it is given without
 * checking GB 11643, so tests can build cards that a parser must refuse.
 */
public final class CardTextWriter {
  private CardTextWriter() {}

  /**
   * The text block of {@code text}.
   *
   * @throws IllegalArgumentException when a value does not fit its field
   */
  public static byte[] write(IdCardText text) {
    byte[] b = blank();
    if (text.cardType() == CardType.FOREIGN_PERMANENT) {
      IdCardText.ForeignPermit f = text.foreignPermit()
          .orElseThrow(() -> new IllegalArgumentException("foreignPermit: required for a foreign card"));
      put(b, F_ENGLISH_NAME, f.englishName().unmasked(), "englishName");
      put(b, F_SEX, String.valueOf(text.sex().code()), "sex");
      put(b, F_PERMIT_NUMBER, text.idNumber().unmasked(), "permitNumber");
      put(b, F_NATIONALITY, f.nationality(), "nationality");
      put(b, F_CHINESE_NAME, f.chineseName().map(n -> n.unmasked()).orElse(""), "chineseName");
      put(b, F_VALID_FROM, CardTextParser.yyyymmdd(text.validFrom()), "validFrom");
      put(b, F_VALID_TO, validTo(text.validUntil()), "validTo");
      put(b, F_BIRTH, CardTextParser.yyyymmdd(text.birthDate()), "birthDate");
      put(b, F_VERSION, f.cardVersion(), "cardVersion");
      put(b, F_AUTHORITY, text.authority(), "authority");
      putFlag(b, FLAG_FOREIGN);
      return b;
    }
    put(b, NAME, text.name().unmasked(), "name");
    put(b, SEX, String.valueOf(text.sex().code()), "sex");
    put(b, NATION, text.nationCode().orElse(""), "nationCode");
    put(b, BIRTH, CardTextParser.yyyymmdd(text.birthDate()), "birthDate");
    put(b, ADDRESS, text.address().orElse(""), "address");
    put(b, ID_NUMBER, text.idNumber().unmasked(), "idNumber");
    put(b, AUTHORITY, text.authority(), "authority");
    put(b, VALID_FROM, CardTextParser.yyyymmdd(text.validFrom()), "validFrom");
    put(b, VALID_TO, validTo(text.validUntil()), "validTo");
    if (text.cardType() == CardType.HMT_PERMIT) {
      IdCardText.HmtPermit h = text.hmtPermit()
          .orElseThrow(() -> new IllegalArgumentException("hmtPermit: required for an HMT permit"));
      put(b, HMT_PASS_NUMBER, h.passNumber(), "passNumber");
      put(b, HMT_ISSUE_COUNT, String.format("%02d", h.issueCount()), "issueCount");
      putFlag(b, FLAG_HMT);
    } else {
      putFlag(b, FLAG_RESIDENT);
    }
    return b;
  }

  /** A block of 128 UCS-2 spaces. */
  static byte[] blank() {
    byte[] b = new byte[SIZE];
    for (int i = 0; i < SIZE; i += 2) {
      b[i] = ' ';
    }
    return b;
  }

  private static String validTo(LocalDate d) {
    return d.equals(LocalDate.MAX) ? LONG_TERM : CardTextParser.yyyymmdd(d);
  }

  private static void putFlag(byte[] b, char flag) {
    b[FLAG] = (byte) flag;
    b[FLAG + 1] = (byte) (flag >>> 8);
  }

  private static void put(byte[] b, Field f, String value, String name) {
    byte[] v = value.getBytes(StandardCharsets.UTF_16LE);
    if (v.length > f.bytes()) {
      throw new IllegalArgumentException(name + ": at most " + f.chars() + " characters");
    }
    System.arraycopy(v, 0, b, f.offset(), v.length);
  }
}
