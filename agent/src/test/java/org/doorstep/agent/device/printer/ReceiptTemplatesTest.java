package org.doorstep.agent.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.printer.ReceiptDocument.Text;
import org.doorstep.agent.model.IdCard;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiptTemplatesTest {
  static final IdCard CARD = SampleResidents.ZHANG_SAN;
  static final String RECORD_ID = "01J9Z3K7Q8R2M4N6P0S1T3V5W7";
  static final Receipt RECEIPT = new Receipt("kiosk-0001", Outcome.CERTIFIED, CARD.idNumber(), CARD.name(), RECORD_ID,
      42, Instant.parse("2026-03-02T01:02:03Z"));
  static final ApplicationSummary FORM = new ApplicationSummary("kiosk-0001", "城乡居民基本养老保险参保登记",
      CARD.idNumber(), CARD.name(), RECORD_ID, Instant.parse("2026-03-02T01:02:03Z"), List.of(
          new ApplicationSummary.Field("联系电话", ReceiptTemplates.maskMiddle("13812345678", 3, 4)),
          new ApplicationSummary.Field("缴费档次", "每年 500 元"),
          new ApplicationSummary.Field("户籍地址", "北京市东城区某某街道某某社区居民委员会第十二号楼三单元")));

  static Stream<Arguments> templates() {
    return Stream.of(PaperWidth.values()).flatMap(w -> {
      ReceiptOptions o = ReceiptOptions.builder().width(w).build();
      return Stream.of(
          Arguments.of("result " + w, ReceiptTemplates.certificationResult(RECEIPT, o, false)),
          Arguments.of("result reprint " + w, ReceiptTemplates.certificationResult(RECEIPT, o, true)),
          Arguments.of("form " + w, ReceiptTemplates.applicationSummary(FORM, o, false)),
          Arguments.of("proof " + w, ReceiptTemplates.proofOfCertification(RECEIPT, o, false)));
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void every_line_fits_the_paper_width(String name, ReceiptDocument doc) {
    for (ReceiptDocument.Block b : doc.blocks()) {
      if (b instanceof Text t) {
        assertThat(TextColumns.width(t.text()) * t.scale()).as(t.text()).isLessThanOrEqualTo(doc.width().columns());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void id_number_and_name_are_masked_and_qr_carries_record_id(String name, ReceiptDocument doc) {
    String text = String.join("\n", doc.lines());
    String id = CARD.idNumber().unmasked();
    String masked = id.substring(0, 3) + "*".repeat(11) + id.substring(14);
    assertThat(text).contains(masked).contains(CARD.name().masked())
        .doesNotContain(id).doesNotContain(id.substring(6, 14)) // never the birth date
        .doesNotContain(CARD.name().unmasked());
    assertThat(doc.qrPayloads()).containsExactly(RECORD_ID);
  }

  @ParameterizedTest
  @EnumSource(PaperWidth.class)
  void certification_result_shows_outcome_time_in_beijing_and_record(PaperWidth w) {
    ReceiptDocument doc = ReceiptTemplates.certificationResult(RECEIPT, ReceiptOptions.builder().width(w).build(), false);
    String text = String.join("\n", doc.lines());
    assertThat(text).contains("资格认证凭条").contains("认证成功").contains("2026-03-02 09:02:03").contains(RECORD_ID)
        .contains("kiosk-0001").doesNotContain(ReceiptTemplates.REPRINT_MARK);
    assertThat(doc.lines()).anySatisfy(l -> assertThat(l).startsWith("证件号码").endsWith(CARD.idNumber().masked()));
  }

  @Test
  void reprint_is_marked() {
    ReceiptDocument doc = ReceiptTemplates.certificationResult(RECEIPT, ReceiptOptions.defaults(), true);
    assertThat(doc.lines()).contains(ReceiptTemplates.REPRINT_MARK);
  }

  @Test
  void not_certified_receipt_sends_resident_to_the_office() {
    Receipt r = new Receipt("k", Outcome.NOT_CERTIFIED, CARD.idNumber(), CARD.name(), "r1", 1, Instant.EPOCH);
    String text = String.join("\n", ReceiptTemplates.certificationResult(r, ReceiptOptions.defaults(), false).lines());
    assertThat(text).contains("认证未通过").contains("请携带身份证到经办机构办理");
  }

  @Test
  void qr_payload_has_the_verification_url_prefix_when_configured() {
    ReceiptOptions o = ReceiptOptions.builder().verificationUrlPrefix("https://verify.example.org/r/").build();
    assertThat(ReceiptTemplates.certificationResult(RECEIPT, o, false).qrPayloads())
        .containsExactly("https://verify.example.org/r/" + RECORD_ID);
    assertThat(o.qrPayload("a b/c")).isEqualTo("https://verify.example.org/r/a+b%2Fc");
    assertThat(ReceiptOptions.builder().verificationUrlPrefix(" ").build().qrPayload("x")).isEqualTo("x");
  }

  @Test
  void application_summary_has_fields_and_a_signature_line() {
    ReceiptDocument doc = ReceiptTemplates.applicationSummary(FORM, ReceiptOptions.defaults(), false);
    String text = String.join("\n", doc.lines());
    assertThat(text).contains("138****5678").doesNotContain("13812345678").contains("缴费档次").contains("申请人签名：___")
        .contains("参保登记");
  }

  @Test
  void proof_needs_a_passed_certification() {
    Receipt failed = new Receipt("k", Outcome.NOT_CERTIFIED, CARD.idNumber(), CARD.name(), "r1", 1, Instant.EPOCH);
    assertThatThrownBy(() -> ReceiptTemplates.proofOfCertification(failed, ReceiptOptions.defaults(), false))
        .hasMessageContaining("outcome");
    String text = String.join("", ReceiptTemplates.proofOfCertification(RECEIPT, ReceiptOptions.defaults(), false).lines());
    assertThat(text).contains("2026年03月02日").contains("资格认证证明").contains("自助人脸识别");
  }

  @Test
  void long_values_wrap_under_their_label() {
    List<String> rows = TextColumns.row("记录编号", "x".repeat(40), 32);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).isEqualTo("记录编号");
    assertThat(rows).allSatisfy(r -> assertThat(TextColumns.width(r)).isLessThanOrEqualTo(32));
    assertThat(String.join("", rows).replace(" ", "").replace("记录编号", "")).isEqualTo("x".repeat(40));
  }

  @Test
  void wrap_prefers_spaces_and_counts_chinese_as_two_columns() {
    assertThat(TextColumns.wrap("中文中文中文", 4)).containsExactly("中文", "中文", "中文");
    assertThat(TextColumns.wrap("hello big world", 9)).containsExactly("hello big", "world");
    assertThat(TextColumns.wrap("", 9)).containsExactly("");
  }

  @Test
  void mask_middle_keeps_head_and_tail() {
    assertThat(ReceiptTemplates.maskMiddle("13812345678", 3, 4)).isEqualTo("138****5678");
    assertThat(ReceiptTemplates.maskMiddle("123", 3, 4)).isEqualTo("***");
  }

  @Test
  void paper_width_from_profile_millimetres() {
    assertThat(PaperWidth.ofMillimetres(58).columns()).isEqualTo(32);
    assertThat(PaperWidth.ofMillimetres(58).cjkColumns()).isEqualTo(16);
    assertThat(PaperWidth.ofMillimetres(80).columns()).isEqualTo(48);
    assertThat(PaperWidth.ofMillimetres(80).cjkColumns()).isEqualTo(24);
    assertThatThrownBy(() -> PaperWidth.ofMillimetres(76)).hasMessageContaining("58 or 80");
  }
}
