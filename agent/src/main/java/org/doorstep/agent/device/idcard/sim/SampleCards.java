package org.doorstep.agent.device.idcard.sim;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.device.idcard.Gb11643;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdCardText.ForeignPermit;
import org.doorstep.agent.model.IdCardText.HmtPermit;
import org.doorstep.agent.model.IdCardText.Sex;
import org.doorstep.agent.model.IdCardText;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * Cards for the {@link SamReaderSimulator}, one per layout and per rule the driver must apply. All people,
 * addresses and numbers are fictitious; check characters are computed, never typed.
 */
public final class SampleCards {
  /** 张三 ({@link SampleResidents#ZHANG_SAN}): resident ID card, valid for life (长期). */
  public static final SimCard RESIDENT = of(SampleResidents.ZHANG_SAN);
  /** 王五 ({@link SampleResidents#WANG_WU}): resident ID card valid until 2036-06-18. */
  public static final SimCard RESIDENT_DATED = of(SampleResidents.WANG_WU);
  /** 刘桂兰 ({@link SampleResidents#LIU_GUILAN_EXPIRED}): resident ID card that expired on 2020-08-09. */
  public static final SimCard RESIDENT_EXPIRED = of(SampleResidents.LIU_GUILAN_EXPIRED);
  /** 陈美玲: Hong Kong residence permit (flag J, number 810000…), pass number H12345678, issued once. */
  public static final SimCard HMT_PERMIT = SimCard.of("hmt-permit", new IdCardText(CardType.HMT_PERMIT,
      IdNumber.of(Gb11643.complete("81000019560412002")), PersonName.of("陈美玲"), Sex.FEMALE, Optional.empty(),
      LocalDate.of(1956, 4, 12), Optional.of("广东省深圳市福田区示例路8号"), "深圳市公安局福田分局",
      LocalDate.of(2019, 3, 1), LocalDate.of(2029, 3, 1),
      Optional.of(new HmtPermit("H12345678", 1)), Optional.empty()));
  /** John Smith / 约翰: foreign permanent-resident card, 2004 layout (flag I, permit GBR…). */
  public static final SimCard FOREIGN_PERMANENT = SimCard.of("foreign-permanent", new IdCardText(
      CardType.FOREIGN_PERMANENT, IdNumber.of("GBR110051207061"), PersonName.of("约翰"), Sex.MALE,
      Optional.empty(), LocalDate.of(1951, 2, 7), Optional.empty(), "1100", LocalDate.of(2015, 6, 1),
      LocalDate.of(2025, 6, 1), Optional.empty(),
      Optional.of(new ForeignPermit(PersonName.of("SMITH, JOHN"), Optional.of(PersonName.of("约翰")), "GBR", "01"))));
  /** A resident card whose ID number has a wrong check character (a forged or corrupted card). */
  public static final SimCard INVALID_CHECKSUM = SimCard.of("invalid-checksum", withNumber(
      text(SampleResidents.ZHAO_XIUYING), wrongCheck(SampleResidents.ZHAO_XIUYING.idNumber().unmasked())));
  /** A resident card whose birth-date field is 2099-01-01: a birth date in the future. */
  public static final SimCard FUTURE_BIRTH = futureBirth();
  /** A text block with an unknown card-type flag ('Z') at byte 248. */
  public static final SimCard UNKNOWN_FLAG = unknownFlag();

  /** The valid cards, one per layout. */
  public static final List<SimCard> ALL_TYPES = List.of(RESIDENT, HMT_PERMIT, FOREIGN_PERMANENT);

  private SampleCards() {}

  /** The simulator card for a {@link SampleResidents} resident. */
  public static SimCard of(IdCard resident) {
    return SimCard.of("resident-" + resident.idNumber().masked(), text(resident));
  }

  /**
   * The full text of a five-field resident card: sex from the sequence, birth date from the number, nation 01,
   * a fictitious address and authority, and a plausible issue date (20 years before expiry; 2010-01-01 for
   * long-term cards).
   */
  public static IdCardText text(IdCard resident) {
    String n = resident.idNumber().unmasked();
    LocalDate birth = LocalDate.of(Integer.parseInt(n.substring(6, 10)), Integer.parseInt(n.substring(10, 12)),
        Integer.parseInt(n.substring(12, 14)));
    Sex sex = (n.charAt(16) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE;
    LocalDate until = resident.validUntil();
    LocalDate from = until.equals(LocalDate.MAX) ? LocalDate.of(2010, 1, 1) : until.minusYears(20);
    return new IdCardText(resident.cardType(), resident.idNumber(), resident.name(), sex, Optional.of("01"), birth,
        Optional.of("示例省示例市示例区幸福路" + n.substring(14, 17) + "号"), "示例市公安局示例分局", from, until,
        Optional.empty(), Optional.empty());
  }

  private static IdCardText withNumber(IdCardText t, String number) {
    return new IdCardText(t.cardType(), IdNumber.of(number), t.name(), t.sex(), t.nationCode(), t.birthDate(),
        t.address(), t.authority(), t.validFrom(), t.validUntil(), t.hmtPermit(), t.foreignPermit());
  }

  private static String wrongCheck(String number) {
    char right = number.charAt(17);
    char wrong = right == '0' ? '1' : '0';
    return number.substring(0, 17) + wrong;
  }

  private static SimCard futureBirth() {
    byte[] text = org.doorstep.agent.device.idcard.CardTextWriter.write(text(SampleResidents.CHEN_JIANGUO));
    byte[] date = "20990101".getBytes(StandardCharsets.UTF_16LE);
    System.arraycopy(date, 0, text, 36, date.length);
    return SimCard.raw("future-birth", text, TestWlt.encode(SyntheticFaces.portrait(99)));
  }

  private static SimCard unknownFlag() {
    byte[] text = org.doorstep.agent.device.idcard.CardTextWriter.write(text(SampleResidents.LI_SI));
    text[248] = 'Z';
    text[249] = 0;
    return SimCard.raw("unknown-flag", text, TestWlt.encode(SyntheticFaces.portrait(98)));
  }
}
