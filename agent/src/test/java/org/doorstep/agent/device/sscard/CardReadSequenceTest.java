package org.doorstep.agent.device.sscard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.doorstep.agent.device.sscard.CardReadSequence.Command;
import org.doorstep.agent.device.sscard.CardReadSequence.Step;
import org.junit.jupiter.api.Test;

/**
 * The read sequence against frames laid out by hand from agent/docs/social-security-card.md §2–4 (not produced by
 * the simulator's encoder).
 */
class CardReadSequenceTest {
  private static final HexFormat HEX = HexFormat.of();

  static byte[] hex(String spaced) {
    return HEX.parseHex(spaced.replaceAll("\\s+", ""));
  }

  /** Commands the sequence must send, in order, with the card's answers. */
  static final List<String[]> DIALOGUE = List.of(
      new String[] {"00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF", // SELECT "sx1.sh.社会保障"
          "90 00"},
      new String[] {"00 A4 02 00 02 EF 05", "90 00"},                        // SELECT EF05
      new String[] {"00 B2 01 00 00",                                      // READ RECORD tag 01
          "01 10"                                                          // tag 01, len 16
              + "34 31 30 31 30 30 44 31 35 36 30 30 30 30 30 35"          // "410100D156000005"
              + "90 00"},
      new String[] {"00 B2 02 00 00", "02 01 31 90 00"},                   // 卡的类别 '1'
      new String[] {"00 B2 03 00 00", "03 04 33 2E 30 30 90 00"},          // 规范版本 "3.00"
      new String[] {"00 B2 04 00 00",
          "04 10 34 31 30 31 30 30 30 30 30 30 30 30 30 30 00 00 90 00"},  // 初始化机构编号 "41010000000000", 00-padded
      new String[] {"00 B2 05 00 00", "05 04 20 22 03 15 90 00"},          // 发卡日期 cn 20220315
      new String[] {"00 B2 06 00 00", "06 04 20 32 03 15 90 00"},          // 有效期 cn 20320315
      new String[] {"00 B2 07 00 00", "07 09 41 31 32 33 34 35 36 37 38 90 00"}, // 卡号 "A12345678"
      new String[] {"00 A4 02 00 02 EF 06", "90 00"},                        // SELECT EF06
      new String[] {"00 B2 08 00 00",
          "08 12 34 31 30 31 30 35 31 39 35 32 30 33 31 37 30 30 32 33 90 00"}, // "410105195203170023"
      new String[] {"00 B2 09 00 00",
          "09 1E D5 C5 B9 F0 C0 BC" + " 00".repeat(24) + " 90 00"},          // 张桂兰 GBK, 00-padded to 30
      new String[] {"00 B2 0A 00 00", "0A 01 32 90 00"});                   // 性别 '2'

  @Test
  void reads_the_basic_data_with_the_specified_apdus() {
    CardReadSequence seq = new CardReadSequence();
    Step step = seq.start();
    for (String[] exchange : DIALOGUE) {
      assertThat(step).isInstanceOf(Step.Transmit.class);
      assertThat(HEX.formatHex(((Step.Transmit) step).apdu())).isEqualToIgnoringCase(exchange[0].replace(" ", ""));
      step = seq.next(hex(exchange[1]));
    }
    assertThat(step).isInstanceOf(Step.Done.class);
    SocialSecurityCard card = ((Step.Done) step).card();
    assertThat(card.idNumber().unmasked()).isEqualTo("410105195203170023");
    assertThat(card.name().unmasked()).isEqualTo("张桂兰");
    assertThat(card.identificationCode()).isEqualTo("410100D156000005");
    assertThat(card.specVersion()).isEqualTo("3.00");
    assertThat(card.issuer()).isEqualTo("41010000000000");
    assertThat(card.issueDate()).isEqualTo(LocalDate.of(2022, 3, 15));
    assertThat(card.validUntil()).isEqualTo(LocalDate.of(2032, 3, 15));
    assertThat(card.cardNumber()).isEqualTo("A12345678");
    assertThat(card.sex()).isEqualTo('2');
    assertThat(card.toString()).doesNotContain("410105195203170023", "张桂兰", "A12345678");
  }

  @Test
  void bank_only_card_answering_6A82_to_select_ssse_is_refused_as_not_a_social_security_card() {
    CardReadSequence seq = new CardReadSequence();
    seq.start();
    Step step = seq.next(hex("6A 82"));
    assertThat(step).isEqualTo(new Step.Failed(SsCardProblem.NOT_A_SOCIAL_SECURITY_CARD,
        "SELECT_SSSE answered 6A82"));
  }

  @Test
  void holder_file_behind_a_pin_fails_with_needs_authentication() {
    Step step = runUntil(DIALOGUE.size() - 3);                      // up to READ RECORD 08
    assertThat(((Step.Transmit) step).item()).isEqualTo(DataItem.SOCIAL_SECURITY_NUMBER);
    Step failed = lastSeq.next(hex("69 82"));
    assertThat(failed).isEqualTo(new Step.Failed(SsCardProblem.NEEDS_AUTHENTICATION,
        "READ_RECORD SOCIAL_SECURITY_NUMBER answered 6982"));
  }

  @Test
  void missing_record_6A83_fails_with_card_data_missing() {
    Step step = runUntil(2);                                        // READ RECORD 01
    assertThat(((Step.Transmit) step).command()).isEqualTo(Command.READ_RECORD);
    assertThat(((Step.Failed) lastSeq.next(hex("6A 83"))).problem()).isEqualTo(SsCardProblem.CARD_DATA_MISSING);
  }

  @Test
  void memory_failure_6581_fails_with_read_failed_try_again() {
    runUntil(4);
    assertThat(((Step.Failed) lastSeq.next(hex("65 81"))).problem()).isEqualTo(SsCardProblem.READ_FAILED_TRY_AGAIN);
  }

  @Test
  void wrong_le_6Cxx_on_t1_is_answered_by_resending_with_le_from_sw2() {
    runUntil(4);                                                    // READ RECORD 03
    Step again = lastSeq.next(hex("6C 06"));
    assertThat(HEX.formatHex(((Step.Transmit) again).apdu())).isEqualToIgnoringCase("00B2030006");
    Step after = lastSeq.next(hex("03 04 33 2E 30 30 90 00"));
    assertThat(HEX.formatHex(((Step.Transmit) after).apdu())).isEqualToIgnoringCase("00B2040000");
  }

  @Test
  void more_data_61xx_on_t1_is_fetched_with_get_response() {
    runUntil(4);
    Step get = lastSeq.next(hex("61 06"));
    assertThat(((Step.Transmit) get).command()).isEqualTo(Command.GET_RESPONSE);
    assertThat(HEX.formatHex(((Step.Transmit) get).apdu())).isEqualToIgnoringCase("00C0000006");
    Step after = lastSeq.next(hex("03 04 33 2E 30 30 90 00"));
    assertThat(((Step.Transmit) after).item()).isEqualTo(DataItem.ISSUER);
  }

  @Test
  void record_with_another_tag_fails_with_card_data_invalid_naming_the_item() {
    runUntil(4);
    Step f = lastSeq.next(hex("04 04 33 2E 30 30 90 00"));
    assertThat(f).isEqualTo(new Step.Failed(SsCardProblem.CARD_DATA_INVALID,
        "CARD_DATA_INVALID: SPEC_VERSION (tag 03): tag 04, expected 03"));
  }

  @Test
  void id_number_failing_gb11643_is_invalid_and_the_message_holds_no_digits_of_it() {
    runUntil(DIALOGUE.size() - 3);
    Step step = lastSeq.next(hex("08 12 34 31 30 31 30 35 31 39 35 32 30 33 31 37 30 30 32 34 90 00")); // check digit 4
    step = lastSeq.next(hex(DIALOGUE.get(DIALOGUE.size() - 2)[1]));
    step = lastSeq.next(hex(DIALOGUE.get(DIALOGUE.size() - 1)[1]));
    Step.Failed f = (Step.Failed) step;
    assertThat(f.problem()).isEqualTo(SsCardProblem.CARD_DATA_INVALID);
    assertThat(f.detail()).contains("SOCIAL_SECURITY_NUMBER").doesNotContain("4101", "0317");
  }

  @Test
  void bcd_date_that_is_no_calendar_date_is_invalid() {
    assertThat(SsCardProblem.of(catchThrowable(() -> SsCardRecords.date(DataItem.ISSUE_DATE, hex("20 22 02 30")))))
        .contains(SsCardProblem.CARD_DATA_INVALID);
  }

  private CardReadSequence lastSeq;

  /** Runs the dialogue's first {@code n} exchanges and returns the step for exchange {@code n}. */
  private Step runUntil(int n) {
    lastSeq = new CardReadSequence();
    Step step = lastSeq.start();
    for (int i = 0; i < n; i++) {
      step = lastSeq.next(hex(DIALOGUE.get(i)[1]));
    }
    return step;
  }
}
