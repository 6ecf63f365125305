package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import org.doorstep.agent.device.idcard.CardTextException.Reason;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdCardText.Sex;
import org.doorstep.agent.model.IdCardText.Validity;
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

  // The HMT and foreign layouts laid out by hand from PERIPHERALS.md §1, one field per line, without
  // CardTextLayout or CardTextWriter (which share their offsets with the parser): a mistake common to the
  // parser and the writer fails here.

  @Test
  void parses_an_hmt_permit_laid_out_by_hand_from_the_spec() {
    byte[] block = new HandLaid()
        .field(0, 30, "黎明")                          // name
        .field(30, 2, "1")                            // sex: male
        .field(32, 4, "")                             // nation: none on an HMT permit
        .field(36, 16, "19660916")                    // birth date
        .field(52, 70, "广东省深圳市福田区示例路8号")      // address
        .field(122, 36, "810000196609160011")         // ID number: 81 Hong Kong, sequence 001 odd = male
        .field(158, 30, "深圳市公安局")                 // issuing authority
        .field(188, 16, "20200105")                   // valid from
        .field(204, 16, "20300104")                   // valid to
        .field(220, 18, "H60123456")                  // pass number, 18 bytes at 220
        .field(238, 4, "03")                          // issue count, 4 bytes at 238
        .field(242, 6, "")                            // reserved
        .field(248, 2, "J")                           // card-type flag: HMT residence permit
        .field(250, 6, "")                            // reserved
        .block();

    IdCardText t = CardTextParser.parse(block, TODAY);

    assertThat(t.cardType()).isEqualTo(CardType.HMT_PERMIT);
    assertThat(t.name().unmasked()).isEqualTo("黎明");
    assertThat(t.sex()).isEqualTo(Sex.MALE);
    assertThat(t.nationCode()).isEmpty();
    assertThat(t.birthDate()).isEqualTo(LocalDate.of(1966, 9, 16));
    assertThat(t.address()).contains("广东省深圳市福田区示例路8号");
    assertThat(t.idNumber().unmasked()).isEqualTo("810000196609160011");
    assertThat(t.authority()).isEqualTo("深圳市公安局");
    assertThat(t.validFrom()).isEqualTo(LocalDate.of(2020, 1, 5));
    assertThat(t.validUntil()).isEqualTo(LocalDate.of(2030, 1, 4));
    assertThat(t.hmtPermit()).contains(new IdCardText.HmtPermit("H60123456", 3));
    assertThat(t.foreignPermit()).isEmpty();
    assertThat(CardTextWriter.write(t)).as("the writer lays it out the same way").isEqualTo(block);
  }

  @Test
  void parses_a_macao_hmt_permit_for_a_woman_laid_out_by_hand() {
    byte[] block = new HandLaid()
        .field(0, 30, "何美玲")                         // name
        .field(30, 2, "2")                            // sex: female
        .field(32, 4, "")                             // nation: none
        .field(36, 16, "19580704")                    // birth date
        .field(52, 70, "广东省珠海市香洲区示例街2号")      // address
        .field(122, 36, "820000195807040026")         // ID number: 82 Macao, sequence 002 even = female
        .field(158, 30, "珠海市公安局")                 // issuing authority
        .field(188, 16, "20210301")                   // valid from
        .field(204, 16, "20260228")                   // valid to
        .field(220, 18, "M10293847")                  // pass number
        .field(238, 4, "1")                           // issue count, one digit
        .field(242, 6, "")                            // reserved
        .field(248, 2, "J")                           // card-type flag
        .field(250, 6, "")                            // reserved
        .block();

    IdCardText t = CardTextParser.parse(block, TODAY);

    assertThat(t.cardType()).isEqualTo(CardType.HMT_PERMIT);
    assertThat(t.sex()).isEqualTo(Sex.FEMALE);
    assertThat(t.idNumber().unmasked()).startsWith("82");
    assertThat(t.hmtPermit()).contains(new IdCardText.HmtPermit("M10293847", 1));
    assertThat(t.validity(TODAY)).isEqualTo(Validity.VALID);
  }

  @Test
  void parses_a_foreign_permanent_card_laid_out_by_hand_from_the_spec() {
    byte[] block = new HandLaid()
        .field(0, 120, "MUELLER, ANNA MARIA")         // English name, 120 bytes
        .field(120, 2, "2")                           // sex: female
        .field(122, 30, "DEU310075060218")            // permit number: 3 letters, 12 digits
        .field(152, 6, "DEU")                         // nationality
        .field(158, 30, "安娜")                         // Chinese name
        .field(188, 16, "20160315")                   // issued (valid from)
        .field(204, 16, "20260314")                   // expiry (valid to)
        .field(220, 16, "19750602")                   // birth date
        .field(236, 4, "10")                          // card version
        .field(240, 8, "1500")                        // issuing authority code
        .field(248, 2, "I")                           // card-type flag: foreign permanent-resident card
        .field(250, 6, "")                            // rest of the block
        .block();

    IdCardText t = CardTextParser.parse(block, TODAY);

    assertThat(t.cardType()).isEqualTo(CardType.FOREIGN_PERMANENT);
    assertThat(t.name().unmasked()).isEqualTo("安娜");
    assertThat(t.sex()).isEqualTo(Sex.FEMALE);
    assertThat(t.idNumber().unmasked()).isEqualTo("DEU310075060218");
    assertThat(t.birthDate()).isEqualTo(LocalDate.of(1975, 6, 2));
    assertThat(t.validFrom()).isEqualTo(LocalDate.of(2016, 3, 15));
    assertThat(t.validUntil()).isEqualTo(LocalDate.of(2026, 3, 14));
    assertThat(t.authority()).isEqualTo("1500");
    assertThat(t.nationCode()).isEmpty();
    assertThat(t.address()).isEmpty();
    assertThat(t.hmtPermit()).isEmpty();
    assertThat(t.foreignPermit()).hasValueSatisfying(f -> {
      assertThat(f.englishName().unmasked()).isEqualTo("MUELLER, ANNA MARIA");
      assertThat(f.chineseName().map(n -> n.unmasked())).contains("安娜");
      assertThat(f.nationality()).isEqualTo("DEU");
      assertThat(f.cardVersion()).isEqualTo("10");
    });
    assertThat(CardTextWriter.write(t)).as("the writer lays it out the same way").isEqualTo(block);
  }

  @Test
  void a_foreign_card_without_a_chinese_name_goes_by_its_english_name() {
    byte[] block = new HandLaid()
        .field(0, 120, "OKAFOR, CHINEDU")             // English name
        .field(120, 2, "1")                           // sex: male
        .field(122, 30, "NGA440080112307")            // permit number
        .field(152, 6, "NGA")                         // nationality
        .field(158, 30, "")                           // Chinese name: none printed
        .field(188, 16, "20190820")                   // issued
        .field(204, 16, "20290819")                   // expiry
        .field(220, 16, "19800112")                   // birth date
        .field(236, 4, "10")                          // card version
        .field(240, 8, "1500")                        // issuing authority code
        .field(248, 2, "I")                           // card-type flag
        .field(250, 6, "")                            // rest
        .block();

    IdCardText t = CardTextParser.parse(block, TODAY);

    assertThat(t.name().unmasked()).isEqualTo("OKAFOR, CHINEDU");
    assertThat(t.sex()).isEqualTo(Sex.MALE);
    assertThat(t.foreignPermit()).hasValueSatisfying(f -> assertThat(f.chineseName()).isEmpty());
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
    IdCard full = IdCard.of(SampleCards.text(c), c.photo().orElseThrow());
    assertThat(full.idNumber()).isEqualTo(c.idNumber());
    assertThat(full.toString()).doesNotContain(c.idNumber().unmasked()).doesNotContain(c.name().unmasked());
  }

  /**
   * A 256-byte text block built field after field: each field names its offset and width as PERIPHERALS.md
   * gives them (checked against the running length, so a wrong width shows at the next field), UCS-2LE,
   * padded with UCS-2 spaces.
   */
  private static final class HandLaid {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    HandLaid field(int offset, int bytes, String text) {
      assertThat(out.size()).as("offset of the field \"" + text + "\"").isEqualTo(offset);
      byte[] v = text.getBytes(StandardCharsets.UTF_16LE);
      assertThat(v.length).as("\"" + text + "\" fits " + bytes + " bytes").isLessThanOrEqualTo(bytes);
      out.writeBytes(v);
      for (int i = v.length; i < bytes; i += 2) {
        out.write(' ');
        out.write(0);
      }
      return this;
    }

    byte[] block() {
      assertThat(out.size()).as("block size").isEqualTo(256);
      return out.toByteArray();
    }
  }

  private static void put(byte[] block, int offset, String s) {
    byte[] v = s.getBytes(StandardCharsets.UTF_16LE);
    System.arraycopy(v, 0, block, offset, v.length);
  }
}
