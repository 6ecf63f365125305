package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import org.doorstep.agent.device.idcard.CardTextException.Reason;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdCardText.Sex;
import org.doorstep.agent.model.IdCardText.Validity;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.model.IdCardText;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.junit.jupiter.api.Test;

class CardTextParserTest {
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

  @Test
  void parses_a_resident_card_field_by_field_from_the_layout() {
    byte[] block = CardTextWriter.blank();
    put(block, 0, "张三");                 // name, 30 B
    put(block, 30, "1");                   // sex
    put(block, 32, "01");                  // nation
    put(block, 36, "19500307");            // birth
    put(block, 52, "北京市东城区示例胡同1号"); // address, 70 B
    String id = Gb11643.complete("11010119500307123");
    put(block, 122, id);                   // ID number, 36 B
    put(block, 158, "北京市公安局东城分局"); // authority
    put(block, 188, "20100101");           // valid from
    put(block, 204, "长期");                // valid to
    // byte 248 stays a space: resident ID card
    IdCardText t = CardTextParser.parse(block, TODAY);
    assertThat(t.cardType()).isEqualTo(CardType.RESIDENT);
    assertThat(t.name().unmasked()).isEqualTo("张三");
    assertThat(t.sex()).isEqualTo(Sex.MALE);
    assertThat(t.nationCode()).contains("01");
    assertThat(t.birthDate()).isEqualTo(LocalDate.of(1950, 3, 7));
    assertThat(t.address()).contains("北京市东城区示例胡同1号");
    assertThat(t.idNumber().unmasked()).isEqualTo(id);
    assertThat(t.authority()).isEqualTo("北京市公安局东城分局");
    assertThat(t.validFrom()).isEqualTo(LocalDate.of(2010, 1, 1));
    assertThat(t.isLongTerm()).isTrue();
    assertThat(t.validity(TODAY)).isEqualTo(Validity.VALID);
    assertThat(t.toString()).doesNotContain(id).doesNotContain("张三").doesNotContain("1950").doesNotContain("北京");
  }

  @Test
  void round_trips_every_card_type_through_the_writer() {
    for (var card : SampleCards.ALL_TYPES) {
      IdCardText source = card.source().orElseThrow();
      assertThat(CardTextParser.parse(card.text(), TODAY)).as(card.label()).isEqualTo(source);
    }
  }

  @Test
  void parses_an_hmt_permit_with_pass_number_and_issue_count() {
    IdCardText t = CardTextParser.parse(SampleCards.HMT_PERMIT.text(), TODAY);
    assertThat(t.cardType()).isEqualTo(CardType.HMT_PERMIT);
    assertThat(t.idNumber().unmasked()).startsWith("81");
    assertThat(t.nationCode()).isEmpty();
    assertThat(t.hmtPermit()).hasValueSatisfying(h -> {
      assertThat(h.passNumber()).isEqualTo("H12345678");
      assertThat(h.issueCount()).isEqualTo(1);
    });
    assertThat(SampleCards.HMT_PERMIT.text()[248]).isEqualTo((byte) 'J');
  }

  @Test
  void parses_a_foreign_permanent_card_with_its_own_layout() {
    byte[] block = SampleCards.FOREIGN_PERMANENT.text();
    assertThat(new String(block, 0, 22, StandardCharsets.UTF_16LE)).isEqualTo("SMITH, JOHN"); // English name at 0
    assertThat(new String(block, 122, 30, StandardCharsets.UTF_16LE)).isEqualTo("GBR110051207061"); // permit at 122
    assertThat(block[248]).isEqualTo((byte) 'I');
    IdCardText t = CardTextParser.parse(block, TODAY);
    assertThat(t.cardType()).isEqualTo(CardType.FOREIGN_PERMANENT);
    assertThat(t.name().unmasked()).isEqualTo("约翰");
    assertThat(t.birthDate()).isEqualTo(LocalDate.of(1951, 2, 7));
    assertThat(t.foreignPermit()).hasValueSatisfying(f -> {
      assertThat(f.englishName().unmasked()).isEqualTo("SMITH, JOHN");
      assertThat(f.nationality()).isEqualTo("GBR");
    });
    assertThat(t.validity(TODAY)).isEqualTo(Validity.VALID); // 2025-06-01 is its last day
    assertThat(t.validity(TODAY.plusDays(1))).isEqualTo(Validity.EXPIRED);
  }

  @Test
  void a_card_is_valid_on_its_last_day_and_expired_the_day_after() {
    IdCardText t = CardTextParser.parse(SampleCards.RESIDENT_DATED.text(), TODAY);
    assertThat(t.validity(LocalDate.of(2036, 6, 18))).isEqualTo(Validity.VALID);
    assertThat(t.validity(LocalDate.of(2036, 6, 19))).isEqualTo(Validity.EXPIRED);
  }

  @Test
  void an_expired_card_parses_and_reports_expired() {
    IdCardText t = CardTextParser.parse(SampleCards.RESIDENT_EXPIRED.text(), TODAY);
    assertThat(t.validUntil()).isEqualTo(SampleResidents.LIU_GUILAN_EXPIRED.validUntil());
    assertThat(t.validity(TODAY)).isEqualTo(Validity.EXPIRED);
  }

  @Test
  void parse_wrongCheckCharacter_failsWithInvalidIdNumber() {
    assertThatThrownBy(() -> CardTextParser.parse(SampleCards.INVALID_CHECKSUM.text(), TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_ID_NUMBER);
          assertThat(e.problem()).isEqualTo(ReaderProblem.CARD_DATA_INVALID);
          assertThat(e.getMessage()).doesNotContainPattern("[0-9]{6,}");
        });
  }

  @Test
  void parse_birthDateInTheFuture_failsWithInvalidBirthDate() {
    assertThatThrownBy(() -> CardTextParser.parse(SampleCards.FUTURE_BIRTH.text(), TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_BIRTH_DATE));
  }

  @Test
  void parse_numberWithFutureBirthDate_failsEvenWithACorrectCheckCharacter() {
    IdCardText base = SampleCards.text(SampleResidents.ZHANG_SAN);
    String future = Gb11643.complete("11010120300101123");
    byte[] block = CardTextWriter.write(new IdCardText(base.cardType(), org.doorstep.config.contract.IdNumber.of(future),
        base.name(), base.sex(), base.nationCode(), LocalDate.of(2030, 1, 1), base.address(), base.authority(),
        LocalDate.of(2030, 1, 2), LocalDate.MAX, Optional.empty(), Optional.empty()));
    assertThatThrownBy(() -> CardTextParser.parse(block, TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_BIRTH_DATE));
  }

  @Test
  void parse_impossibleDate_failsNamingTheField() {
    byte[] block = SampleCards.RESIDENT.text();
    put(block, 188, "20100231"); // 31 February
    assertThatThrownBy(() -> CardTextParser.parse(block, TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_VALIDITY);
          assertThat(e.getMessage()).startsWith("validFrom");
        });
  }

  @Test
  void parse_sexDisagreeingWithSequence_fails() {
    byte[] block = SampleCards.RESIDENT.text();
    put(block, 30, "2");
    assertThatThrownBy(() -> CardTextParser.parse(block, TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INCONSISTENT_SEX));
  }

  @Test
  void parse_unknownFlag_failsWithUnknownCardType() {
    assertThatThrownBy(() -> CardTextParser.parse(SampleCards.UNKNOWN_FLAG.text(), TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_CARD_TYPE);
          assertThat(e.problem()).isEqualTo(ReaderProblem.UNSUPPORTED_CARD);
        });
  }

  @Test
  void parse_flagY_isRefusedAsUnknownUntilItsLayoutIsVerified() {
    byte[] block = SampleCards.FOREIGN_PERMANENT.text();
    block[248] = 'Y';
    assertThatThrownBy(() -> CardTextParser.parse(block, TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_CARD_TYPE));
  }

  @Test
  void parse_wrongBlockSize_isMalformed() {
    assertThatThrownBy(() -> CardTextParser.parse(new byte[255], TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void parse_hmtNumberWithoutHmtPrefix_fails() {
    byte[] block = SampleCards.RESIDENT.text();
    block[248] = 'J';
    put(block, 238, "01");
    assertThatThrownBy(() -> CardTextParser.parse(block, TODAY))
        .isInstanceOfSatisfying(CardTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ID_NUMBER));
  }

  @Test
  void existing_five_field_constructor_still_works() {
    IdCard c = SampleResidents.ZHANG_SAN;
    assertThat(c.text()).isEmpty();
    IdCard full = IdCard.of(SampleCards.text(c), c.photo());
    assertThat(full.idNumber()).isEqualTo(c.idNumber());
    assertThat(full.toString()).doesNotContain(c.idNumber().unmasked()).doesNotContain(c.name().unmasked());
  }

  private static void put(byte[] block, int offset, String s) {
    byte[] v = s.getBytes(StandardCharsets.UTF_16LE);
    System.arraycopy(v, 0, block, offset, v.length);
  }
}
