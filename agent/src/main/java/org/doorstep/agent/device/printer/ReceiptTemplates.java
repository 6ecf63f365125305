package org.doorstep.agent.device.printer;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/**
 * The three receipts a terminal prints, laid out for the paper width of {@link ReceiptOptions}:
 * <ul>
 *   <li>{@link #certificationResult} — 结果凭条, after every certification;</li>
 *   <li>{@link #applicationSummary} — an application form's summary with a signature line;</li>
 *   <li>{@link #proofOfCertification} — 认证证明, for a resident who needs a paper proof;</li>
 *   <li>{@link #testPage} — 打印机测试页, for staff and the fleet's {@code print-test-page} command.</li>
 * </ul>
 * Each carries a QR code with the record id ({@link ReceiptOptions#qrPayload}). Names and ID numbers
 * are always printed masked (at most the first 3 and last 4 characters of an ID number, PERIPHERALS.md §2),
 * whatever the caller passes. Stateless.
 */
public final class ReceiptTemplates {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter DATE_ZH = DateTimeFormatter.ofPattern("yyyy年MM月dd日");
  /** Shown under the title of a receipt printed again (by the resident or by staff). */
  public static final String REPRINT_MARK = "（补打）";

  private ReceiptTemplates() {}

  /**
   * The test page: rulers show whether the paper width is right, Chinese shows the GB18030 font works, the
   * QR code carries {@code qrPayload} so a scan proves the module size prints readably.
   */
  public static ReceiptDocument testPage(PaperWidth width, String qrPayload, Instant now) {
    int cols = width.columns();
    StringBuilder ruler = new StringBuilder();
    for (int i = 1; i <= cols; i++) {
      ruler.append(i % 10);
    }
    return ReceiptDocument.builder(width)
        .title("打印机测试页")
        .centred("Doorstep printer test", true)
        .rule()
        .paragraph(ruler.toString())
        .paragraph("中".repeat(width.cjkColumns()))
        .row("纸宽 Paper", width.millimetres() + " mm, " + cols + " cols")
        .row("时间 Time", TIME.format(now.atZone(ReceiptOptions.CHINA)))
        .paragraph("中文打印测试：城乡居民基本养老保险")
        .rule()
        .qr(qrPayload, ReceiptOptions.DEFAULT_QR_MODULE_SIZE, QrErrorCorrection.M)
        .centred("扫码检查 QR", false)
        .build();
  }

  /** 结果凭条: the outcome of a certification. {@code reprint} adds {@link #REPRINT_MARK}. */
  public static ReceiptDocument certificationResult(Receipt r, ReceiptOptions o, boolean reprint) {
    ReceiptDocument.Builder b = ReceiptDocument.builder(o.width()).cut(o.cut())
        .centred("城乡居民基本养老保险", false)
        .title("资格认证凭条");
    if (reprint) {
      b.centred(REPRINT_MARK, false);
    }
    b.rule()
        .row("姓名", r.name().masked())
        .row("证件号码", r.idNumber().masked())
        .row("认证结果", result(r.outcome()))
        .row("认证时间", time(r.capturedAt(), o))
        .row("终端编号", r.deviceId())
        .row("记录编号", r.recordId())
        .row("序号", Long.toString(r.seq()))
        .rule()
        .qr(o.qrPayload(r.recordId()), o.qrModuleSize(), QrErrorCorrection.M)
        .centred("扫码核验凭条", false)
        .centred(r.outcome() == Outcome.NOT_CERTIFIED ? "请携带身份证到经办机构办理" : "请妥善保管本凭条", true);
    return b.build();
  }

  /** An application form's summary, to be checked and signed by the applicant. */
  public static ReceiptDocument applicationSummary(ApplicationSummary a, ReceiptOptions o, boolean reprint) {
    ReceiptDocument.Builder b = ReceiptDocument.builder(o.width()).cut(o.cut())
        .title(a.formTitle())
        .centred("申请信息摘要（请核对后签名）", false);
    if (reprint) {
      b.centred(REPRINT_MARK, false);
    }
    b.rule()
        .row("申请人", a.name().masked())
        .row("证件号码", a.idNumber().masked());
    a.fields().forEach(f -> b.row(f.label(), f.value()));
    int cols = o.width().columns();
    b.row("受理时间", time(a.submittedAt(), o))
        .row("终端编号", a.deviceId())
        .row("受理编号", a.recordId())
        .rule()
        .paragraph("本人承诺以上信息真实、准确、完整，如有不实，愿承担相应责任。")
        .feed(1)
        .paragraph("申请人签名：" + "_".repeat(cols - TextColumns.width("申请人签名：")))
        .feed(1)
        .paragraph("日期：      年    月    日")
        .rule()
        .qr(o.qrPayload(a.recordId()), o.qrModuleSize(), QrErrorCorrection.M)
        .centred("请将签名后的凭条交经办人员", false);
    return b.build();
  }

  /**
   * 认证证明: proof that the resident passed this year's certification.
   *
   * @throws IllegalArgumentException when the receipt's outcome is not a passed certification
   */
  public static ReceiptDocument proofOfCertification(Receipt r, ReceiptOptions o, boolean reprint) {
    if (r.outcome() != Outcome.CERTIFIED && r.outcome() != Outcome.STAFF_CONFIRMED) {
      throw new IllegalArgumentException("outcome: a proof needs a passed certification, was " + r.outcome());
    }
    ReceiptDocument.Builder b = ReceiptDocument.builder(o.width()).cut(o.cut())
        .title("资格认证证明");
    if (reprint) {
      b.centred(REPRINT_MARK, false);
    }
    b.rule()
        .paragraph("兹证明 " + r.name().masked() + "（证件号码 " + r.idNumber().masked() + "）已于 "
            + DATE_ZH.format(r.capturedAt().atZone(o.zone())) + " 通过城乡居民基本养老保险待遇领取资格认证。")
        .rule()
        .row("认证方式", r.outcome() == Outcome.STAFF_CONFIRMED ? "工作人员确认" : "自助人脸识别")
        .row("认证时间", time(r.capturedAt(), o))
        .row("终端编号", r.deviceId())
        .row("记录编号", r.recordId())
        .rule()
        .qr(o.qrPayload(r.recordId()), o.qrModuleSize(), QrErrorCorrection.M)
        .centred("本证明可扫码核验真伪", false);
    return b.build();
  }

  /**
   * {@code value} with all but the first {@code head} and last {@code tail} characters starred, for
   * personal values in {@link ApplicationSummary.Field}s; a value not longer than {@code head + tail}
   * is starred completely.
   */
  public static String maskMiddle(String value, int head, int tail) {
    int n = value.codePointCount(0, value.length());
    if (n <= head + tail) {
      return "*".repeat(n);
    }
    int from = value.offsetByCodePoints(0, head);
    int to = value.offsetByCodePoints(0, n - tail);
    return value.substring(0, from) + "*".repeat(n - head - tail) + value.substring(to);
  }

  static String result(Outcome outcome) {
    return switch (outcome) {
      case CERTIFIED -> "认证成功";
      case STAFF_CONFIRMED -> "认证成功（人工确认）";
      case NOT_CERTIFIED -> "认证未通过";
      case COMPLETED -> "办理完成";
    };
  }

  private static String time(Instant t, ReceiptOptions o) {
    return TIME.format(t.atZone(o.zone()));
  }
}
