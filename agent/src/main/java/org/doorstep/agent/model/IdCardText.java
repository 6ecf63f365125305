package org.doorstep.agent.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * Every field of a card's 256-byte text block (PERIPHERALS.md §1), for all three layouts. Built by
 * {@code device.idcard.CardTextParser} (which applies the GB 11643 and date rules) or by hand in tests and simulators
 * (this constructor checks presence only, so a test can build a card with a wrong check character).
 *
 * <p>Sensitive: {@link #toString()} shows the card type, the masked number and name and the validity only;
 * birth date, address and nation are never printed.
 *
 * @param cardType      resident ID (flag space), HMT permit (J) or foreign permanent-resident card (I)
 * @param idNumber      the 18-character number (resident, HMT) or the permit number (foreign)
 * @param name          the Chinese name; for a foreign card the Chinese name if printed, else the English name
 * @param sex           from the sex field
 * @param nationCode    GB 3304 code {@code 01}–{@code 56}, {@code 97}, {@code 98}; resident cards only
 * @param birthDate     date of birth
 * @param address       registered address; resident and HMT cards only
 * @param authority     issuing authority (foreign cards: the 4-character authority code)
 * @param validFrom     first day of validity
 * @param validUntil    last day of validity; {@link LocalDate#MAX} for 长期 (long-term)
 * @param hmtPermit     pass number and issue count, HMT permits only
 * @param foreignPermit English name, nationality, version, foreign cards only
 */
public record IdCardText(
    CardType cardType,
    IdNumber idNumber,
    PersonName name,
    Sex sex,
    Optional<String> nationCode,
    LocalDate birthDate,
    Optional<String> address,
    String authority,
    LocalDate validFrom,
    LocalDate validUntil,
    Optional<HmtPermit> hmtPermit,
    Optional<ForeignPermit> foreignPermit) {

  public IdCardText {
    Objects.requireNonNull(cardType, "cardType");
    Objects.requireNonNull(idNumber, "idNumber");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sex, "sex");
    nationCode = nationCode == null ? Optional.empty() : nationCode;
    Objects.requireNonNull(birthDate, "birthDate");
    address = address == null ? Optional.empty() : address;
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    hmtPermit = hmtPermit == null ? Optional.empty() : hmtPermit;
    foreignPermit = foreignPermit == null ? Optional.empty() : foreignPermit;
    if (validUntil.isBefore(validFrom)) {
      throw new IllegalArgumentException("validUntil: must not be before validFrom");
    }
  }

  /** Sex field: {@code 1} male, {@code 2} female, anything else (GB/T 2261.1: 0 unknown, 9 unstated). */
  public enum Sex {
    MALE, FEMALE, UNSTATED;

    /** The field character for this value. */
    public char code() {
      return switch (this) {
        case MALE -> '1';
        case FEMALE -> '2';
        case UNSTATED -> '9';
      };
    }

    /** The value of a field character. */
    public static Sex of(char c) {
      return c == '1' ? MALE : c == '2' ? FEMALE : UNSTATED;
    }
  }

  /** Where a card stands on a given day. */
  public enum Validity { VALID, EXPIRED, NOT_YET_VALID }

  /**
   * Hong Kong/Macau/Taiwan residence permit fields.
   *
   * @param passNumber  the holder's travel permit number (9 characters)
   * @param issueCount  how many times a permit has been issued
   */
  public record HmtPermit(String passNumber, int issueCount) {
    public HmtPermit {
      Objects.requireNonNull(passNumber, "passNumber");
      if (issueCount < 0 || issueCount > 99) {
        throw new IllegalArgumentException("issueCount: must be 0..99, was " + issueCount);
      }
    }

    @Override
    public String toString() {
      return "HmtPermit[passNumber=" + IdNumber.of(passNumber.isBlank() ? "-" : passNumber).masked()
          + ", issueCount=" + issueCount + "]";
    }
  }

  /**
   * Foreign permanent-resident card fields.
   *
   * @param englishName  name in Latin letters as printed (up to 60 characters)
   * @param chineseName  Chinese name if the card has one
   * @param nationality  ISO 3166-1 alpha-3 code
   * @param cardVersion  2-character card version
   */
  public record ForeignPermit(PersonName englishName, Optional<PersonName> chineseName, String nationality,
      String cardVersion) {
    public ForeignPermit {
      Objects.requireNonNull(englishName, "englishName");
      chineseName = chineseName == null ? Optional.empty() : chineseName;
      Objects.requireNonNull(nationality, "nationality");
      Objects.requireNonNull(cardVersion, "cardVersion");
    }
  }

  /** Whether the card is valid for life (长期). */
  public boolean isLongTerm() {
    return validUntil.equals(LocalDate.MAX);
  }

  /** The card's standing on {@code today}: valid on both the first and the last day. */
  public Validity validity(LocalDate today) {
    if (today.isBefore(validFrom)) {
      return Validity.NOT_YET_VALID;
    }
    return today.isAfter(validUntil) ? Validity.EXPIRED : Validity.VALID;
  }

  @Override
  public String toString() {
    return "IdCardText[" + cardType + ", " + idNumber.masked() + ", " + name.masked() + ", valid "
        + validFrom.getYear() + "–" + (isLongTerm() ? "长期" : validUntil.toString()) + "]";
  }
}
