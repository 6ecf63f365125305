package org.doorstep.agent.device.sscard;

import java.time.LocalDate;
import java.util.Objects;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * What a social-security card's basic application data (SSSE, files EF05 and EF06) holds, as read without a
 * PIN or PSAM. {@code toString()} masks every personal field: the social security number and name mask
 * themselves, the card number and identification code show only their last characters.
 *
 * @param identificationCode EF05 tag 01, 卡的识别码 (16 characters: issuing region and card serial)
 * @param category           EF05 tag 02, 卡的类别 ('1' social-security card; others are reserved)
 * @param specVersion        EF05 tag 03, 规范版本 (e.g. "2.00", "3.00")
 * @param issuer             EF05 tag 04, 初始化机构编号 (digits or hex, as the card stores it)
 * @param issueDate          EF05 tag 05, 发卡日期
 * @param validUntil         EF05 tag 06, 卡的有效期 (last day of validity)
 * @param cardNumber         EF05 tag 07, 卡号 (9 characters, printed on the card)
 * @param idNumber           EF06 tag 08, 社会保障号码: the holder's GB 11643 ID number
 * @param name               EF06 tag 09, 姓名
 * @param sex                EF06 tag 0A, 性别 (GB/T 2261.1: '1' male, '2' female, '0'/'9' not stated)
 */
public record SocialSecurityCard(String identificationCode, char category, String specVersion, String issuer,
    LocalDate issueDate, LocalDate validUntil, String cardNumber, IdNumber idNumber, PersonName name, char sex) {
  public SocialSecurityCard {
    Objects.requireNonNull(identificationCode, "identificationCode");
    Objects.requireNonNull(specVersion, "specVersion");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(issueDate, "issueDate");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(cardNumber, "cardNumber");
    Objects.requireNonNull(idNumber, "idNumber");
    Objects.requireNonNull(name, "name");
    if (validUntil.isBefore(issueDate)) {
      throw new IllegalArgumentException("validUntil: before issueDate");
    }
  }

  /** Whether the card is still valid on {@code day}. */
  public boolean validOn(LocalDate day) {
    return !day.isAfter(validUntil);
  }

  @Override
  public String toString() {
    return "SocialSecurityCard[" + idNumber.masked() + ", " + name.masked() + ", card " + tail(cardNumber)
        + ", id " + tail(identificationCode) + ", spec " + specVersion + ", validUntil=" + validUntil + "]";
  }

  private static String tail(String v) {
    return v.length() <= 2 ? "*".repeat(v.length()) : "*".repeat(v.length() - 2) + v.substring(v.length() - 2);
  }
}
