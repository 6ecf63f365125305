package org.doorstep.agent.device.idcard;

import static org.doorstep.agent.device.idcard.CardTextLayout.*;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.doorstep.agent.device.idcard.CardTextException.Reason;
import org.doorstep.agent.model.IdCardText.ForeignPermit;
import org.doorstep.agent.model.IdCardText.HmtPermit;
import org.doorstep.agent.model.IdCardText.Sex;
import org.doorstep.agent.model.IdCardText;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * Parses the 256-byte UCS-2LE text block of a {@code 30 01}/{@code 30 10} reply into an {@link IdCardText}
 * (PERIPHERALS.md §1 and §2). The card-type flag (the character at byte 248) picks the layout:
 * space → resident ID, {@code J} → Hong Kong/Macau/Taiwan residence permit, {@code I} → foreign
 * permanent-resident card (2004 layout). The 2023 foreign card (18 digits starting 9, flag {@code Y}) is refused
 * as an unknown card type until its layout is verified: its number does not fit the I layout's 15-character field.
 *
 * <p>Rules checked, each failing with a {@link CardTextException} naming the field, never its value:
 * <ul>
 *   <li>18-character numbers (resident, HMT, 2023 foreign): GB 11643 check character; birth date in the
 *       number equals the birth-date field; sequence parity equals the sex field; HMT numbers start 81/82/83.</li>
 *   <li>2004 foreign permit numbers: three letters and twelve digits (their check rule is not public; not
 *       checked).</li>
 *   <li>Birth date: a real date, not after {@code today}.</li>
 *   <li>Validity: dates (valid-to may be 长期), not ending before they start. An expired card parses fine:
 *       {@link IdCardText#validity(LocalDate)} says so and the flow tells the resident.</li>
 * </ul>
 * Pure and thread-safe.
 */
public final class CardTextParser {
  private static final Set<String> HMT_PREFIXES = Set.of("81", "82", "83");

  private CardTextParser() {}

  /**
   * Parses {@code block}.
   *
   * @param today the date against which "birth date not in the future" is judged
   * @throws CardTextException when a rule is broken
   */
  public static IdCardText parse(byte[] block, LocalDate today) {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(today, "today");
    if (block.length != SIZE) {
      throw new CardTextException(Reason.MALFORMED, "text block: must be " + SIZE + " bytes, was " + block.length);
    }
    char flag = (char) ((block[FLAG] & 0xFF) | (block[FLAG + 1] & 0xFF) << 8);
    return switch (flag) {
      case FLAG_RESIDENT, '\0' -> residentOrHmt(block, CardType.RESIDENT, today);
      case FLAG_HMT -> residentOrHmt(block, CardType.HMT_PERMIT, today);
      case FLAG_FOREIGN -> foreign(block, today);
      case FLAG_FOREIGN_2023 -> throw new CardTextException(Reason.UNKNOWN_CARD_TYPE,
          "card type flag: Y (2023 foreign permanent-resident card) has no verified layout yet");
      default -> throw new CardTextException(Reason.UNKNOWN_CARD_TYPE,
          String.format("card type flag: U+%04X is not space, J or I", (int) flag));
    };
  }

  private static IdCardText residentOrHmt(byte[] b, CardType type, LocalDate today) {
    String name = required(b, NAME, "name");
    Sex sex = sex(b, SEX);
    String number = required(b, ID_NUMBER, "idNumber");
    LocalDate birth = date(b, BIRTH, "birthDate", Reason.INVALID_BIRTH_DATE);
    checkBirth(birth, today);
    check18(number, birth, sex);
    Optional<String> nation = Optional.empty();
    Optional<HmtPermit> hmt = Optional.empty();
    if (type == CardType.RESIDENT) {
      String code = required(b, NATION, "nationCode");
      if (!code.matches("0[1-9]|[1-4][0-9]|5[0-6]|9[78]")) {
        throw new CardTextException(Reason.MALFORMED, "nationCode: not a GB 3304 code");
      }
      nation = Optional.of(code);
    } else {
      if (!HMT_PREFIXES.contains(number.substring(0, 2))) {
        throw new CardTextException(Reason.INVALID_ID_NUMBER, "idNumber: an HMT permit number starts 81, 82 or 83");
      }
      String count = field(b, HMT_ISSUE_COUNT);
      if (!count.matches("[0-9]{1,2}")) {
        throw new CardTextException(Reason.MALFORMED, "issueCount: must be 1–2 digits");
      }
      hmt = Optional.of(new HmtPermit(field(b, HMT_PASS_NUMBER), Integer.parseInt(count)));
    }
    String address = field(b, ADDRESS);
    String authority = field(b, AUTHORITY);
    LocalDate from = date(b, VALID_FROM, "validFrom", Reason.INVALID_VALIDITY);
    LocalDate to = validTo(b, VALID_TO);
    checkValidity(from, to, birth);
    return new IdCardText(type, IdNumber.of(number), PersonName.of(name), sex, nation, birth,
        address.isEmpty() ? Optional.empty() : Optional.of(address), authority, from, to, hmt, Optional.empty());
  }

  private static IdCardText foreign(byte[] b, LocalDate today) {
    String english = required(b, F_ENGLISH_NAME, "englishName");
    String chinese = field(b, F_CHINESE_NAME);
    Sex sex = sex(b, F_SEX);
    String number = required(b, F_PERMIT_NUMBER, "permitNumber");
    String nationality = required(b, F_NATIONALITY, "nationality");
    if (!nationality.matches("[A-Z]{3}")) {
      throw new CardTextException(Reason.MALFORMED, "nationality: must be 3 capital letters");
    }
    LocalDate birth = date(b, F_BIRTH, "birthDate", Reason.INVALID_BIRTH_DATE);
    checkBirth(birth, today);
    if (!number.matches("[A-Z]{3}[0-9]{12}")) {
      throw new CardTextException(Reason.INVALID_ID_NUMBER, "permitNumber: must be 3 letters and 12 digits");
    }
    LocalDate from = date(b, F_VALID_FROM, "validFrom", Reason.INVALID_VALIDITY);
    LocalDate to = validTo(b, F_VALID_TO);
    checkValidity(from, to, birth);
    PersonName englishName = PersonName.of(english);
    Optional<PersonName> chineseName = chinese.isEmpty() ? Optional.empty() : Optional.of(PersonName.of(chinese));
    return new IdCardText(CardType.FOREIGN_PERMANENT, IdNumber.of(number), chineseName.orElse(englishName), sex,
        Optional.empty(), birth, Optional.empty(), field(b, F_AUTHORITY), from, to, Optional.empty(),
        Optional.of(new ForeignPermit(englishName, chineseName, nationality, field(b, F_VERSION))));
  }

  private static void check18(String number, LocalDate birth, Sex sex) {
    if (!Gb11643.isValid(number)) {
      throw new CardTextException(Reason.INVALID_ID_NUMBER, "idNumber: fails the GB 11643 check character");
    }
    if (!number.substring(6, 14).equals(yyyymmdd(birth))) {
      throw new CardTextException(Reason.INVALID_BIRTH_DATE, "birthDate: differs from the date in idNumber");
    }
    boolean odd = (number.charAt(16) - '0') % 2 == 1;
    if (sex != Sex.UNSTATED && odd != (sex == Sex.MALE)) {
      throw new CardTextException(Reason.INCONSISTENT_SEX, "sex: differs from the sequence in idNumber");
    }
  }

  private static void checkBirth(LocalDate birth, LocalDate today) {
    if (birth.isAfter(today)) {
      throw new CardTextException(Reason.INVALID_BIRTH_DATE, "birthDate: in the future");
    }
  }

  private static void checkValidity(LocalDate from, LocalDate to, LocalDate birth) {
    if (to.isBefore(from)) {
      throw new CardTextException(Reason.INVALID_VALIDITY, "validTo: before validFrom");
    }
    if (from.isBefore(birth)) {
      throw new CardTextException(Reason.INVALID_VALIDITY, "validFrom: before birthDate");
    }
  }

  private static Sex sex(byte[] b, Field f) {
    String s = field(b, f);
    if (s.length() != 1) {
      throw new CardTextException(Reason.MALFORMED, "sex: must be one character");
    }
    return Sex.of(s.charAt(0));
  }

  private static LocalDate validTo(byte[] b, Field f) {
    String s = field(b, f);
    if (s.equals(LONG_TERM)) {
      return LocalDate.MAX;
    }
    return date(s, "validTo", Reason.INVALID_VALIDITY);
  }

  private static LocalDate date(byte[] b, Field f, String name, Reason reason) {
    return date(field(b, f), name, reason);
  }

  private static LocalDate date(String s, String name, Reason reason) {
    if (!s.matches("[0-9]{8}")) {
      throw new CardTextException(reason, name + ": must be YYYYMMDD");
    }
    try {
      return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
          Integer.parseInt(s.substring(6, 8)));
    } catch (DateTimeException e) {
      throw new CardTextException(reason, name + ": not a real date");
    }
  }

  static String yyyymmdd(LocalDate d) {
    return String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }

  private static String required(byte[] b, Field f, String name) {
    String s = field(b, f);
    if (s.isEmpty()) {
      throw new CardTextException(Reason.MALFORMED, name + ": blank");
    }
    return s;
  }

  /** The field's text without trailing spaces/NULs (and leading ones, which some readers pad with). */
  static String field(byte[] b, Field f) {
    String s = new String(b, f.offset(), f.bytes(), StandardCharsets.UTF_16LE);
    int from = 0;
    int to = s.length();
    while (to > 0 && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\0' || s.charAt(to - 1) == '\u3000')) {
      to--;
    }
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\0')) {
      from++;
    }
    return s.substring(from, to);
  }
}
