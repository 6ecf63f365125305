package org.doorstep.agent.device.forms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.doorstep.agent.device.printer.Receipt;
import org.doorstep.agent.model.IdCardText;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/**
 * The A4 forms. Which personal data each shows is decided here:
 * <ul>
 *   <li>登记申请表 (registration application): the applicant's full identity as on the ID card (name, sex,
 *       nation, birth date, ID number, registered address, authority, validity), because the applicant signs
 *       that it is correct and staff file it;</li>
 *   <li>认证结果证明 (certification proof): name and ID number masked (PERIPHERALS.md §2), like the receipt,
 *       because it leaves the service point in anyone's hands; the QR code (record id) lets staff find the record;</li>
 *   <li>the test page: no personal data.</li>
 * </ul>
 */
public final class FormTemplates {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter DATE_ZH = DateTimeFormatter.ofPattern("yyyy年MM月dd日");
  /** The declaration the applicant signs. */
  public static final String DECLARATION = "本人承诺以上信息真实、准确、完整，如有不实，愿承担相应法律责任。"
      + "I declare that the information above is true, accurate and complete.";

  private FormTemplates() {}

  /** 登记申请表: the application with the applicant's full identity, for signature. */
  public static FormSheet registrationApplication(RegistrationApplication a, ZoneId zone) {
    IdCardText h = a.holder();
    List<FormSheet.Block> b = new ArrayList<>();
    b.add(new FormSheet.Section("一、申请人身份信息（依居民身份证）Applicant (from the ID card)"));
    b.add(new FormSheet.Fields(List.of(
        FormSheet.Field.of("姓名 Name", h.name().unmasked()),
        FormSheet.Field.of("性别 Sex", sex(h.sex())),
        FormSheet.Field.of("民族 Nation", h.nationCode().map(FormTemplates::nation).orElse("")),
        FormSheet.Field.of("出生日期 Born", DATE_ZH.format(h.birthDate())),
        FormSheet.Field.wide("公民身份号码 ID number", h.idNumber().unmasked()),
        FormSheet.Field.wide("户籍地址 Registered address", h.address().orElse("")),
        FormSheet.Field.of("签发机关 Authority", h.authority()),
        FormSheet.Field.of("有效期限 Valid", DATE_ZH.format(h.validFrom()) + "－"
            + (h.validUntil().equals(LocalDate.MAX) ? "长期" : DATE_ZH.format(h.validUntil()))))));
    b.add(new FormSheet.Section("二、联系信息 Contact"));
    b.add(new FormSheet.Fields(List.of(
        FormSheet.Field.wide("现居住地址 Residence", a.residence()),
        FormSheet.Field.of("联系电话 Phone", a.phone()),
        FormSheet.Field.of("所属地区 Region", a.region()))));
    b.add(new FormSheet.Section("三、申请事项 Service requested"));
    b.add(new FormSheet.Fields(List.of(FormSheet.Field.wide("申请事项 Service", a.service()),
        FormSheet.Field.of("申请时间 Submitted", TIME.format(a.submittedAt().atZone(zone))),
        FormSheet.Field.of("受理编号 Record", a.recordId()))));
    b.add(new FormSheet.Paragraph(DECLARATION));
    b.add(new FormSheet.Signatures(List.of("申请人签名 Applicant", "经办人签名 Staff")));
    b.add(new FormSheet.Verification(List.of("终端编号 Terminal: " + a.deviceId(), "所属地区 Region: " + a.region(),
        "受理编号 Record: " + a.recordId(), "打印时间 Printed: " + TIME.format(a.submittedAt().atZone(zone)),
        "请签名后交经办人员 Sign and hand to staff"), a.recordId()));
    return new FormSheet("登记申请表 " + a.recordId(), "城乡居民基本养老保险参保登记申请表",
        "Registration application form", b);
  }

  /**
   * 认证结果证明: proof of a passed certification, with the resident masked.
   *
   * @throws IllegalArgumentException when the receipt's outcome is not a passed certification
   */
  public static FormSheet certificationProof(Receipt r, String region, ZoneId zone) {
    if (r.outcome() != Outcome.CERTIFIED && r.outcome() != Outcome.STAFF_CONFIRMED) {
      throw new IllegalArgumentException("outcome: a proof needs a passed certification, was " + r.outcome());
    }
    String when = TIME.format(r.capturedAt().atZone(zone));
    List<FormSheet.Block> b = new ArrayList<>();
    b.add(new FormSheet.Paragraph("兹证明 " + r.name().masked() + "（公民身份号码 " + r.idNumber().masked() + "）已于 "
        + DATE_ZH.format(r.capturedAt().atZone(zone)) + " 通过城乡居民基本养老保险待遇领取资格认证。"));
    b.add(new FormSheet.Paragraph("This certifies that the person above passed this year's pension eligibility "
        + "certification on the date shown."));
    b.add(new FormSheet.Section("认证信息 Certification"));
    b.add(new FormSheet.Fields(List.of(
        FormSheet.Field.of("姓名 Name", r.name().masked()),
        FormSheet.Field.of("证件号码 ID number", r.idNumber().masked()),
        FormSheet.Field.of("认证方式 Method", r.outcome() == Outcome.STAFF_CONFIRMED ? "工作人员确认 Staff" : "自助人脸识别 Face"),
        FormSheet.Field.of("认证时间 Time", when),
        FormSheet.Field.of("终端编号 Terminal", r.deviceId()),
        FormSheet.Field.of("所属地区 Region", region),
        FormSheet.Field.wide("记录编号 Record", r.recordId() + " / 序号 " + r.seq()))));
    b.add(new FormSheet.Verification(List.of("本证明可扫码核验真伪 Scan to verify", "记录编号 Record: " + r.recordId(),
        "打印时间 Printed: " + when), r.recordId()));
    return new FormSheet("认证结果证明 " + r.recordId(), "资格认证结果证明", "Certification proof", b);
  }

  /** The test page of {@code agent diag form}: Chinese text, boxes, a QR code of {@code payload}; no personal data. */
  public static FormSheet testPage(String printerUri, Instant now, ZoneId zone, String payload) {
    List<FormSheet.Block> b = new ArrayList<>();
    b.add(new FormSheet.Paragraph("中文打印测试：城乡居民基本养老保险待遇领取资格认证。"
        + "如果本页文字、方框和二维码清晰完整，表单打印机工作正常。"));
    b.add(new FormSheet.Paragraph("If the text, boxes and QR code on this page are sharp and complete, the form "
        + "printer works."));
    b.add(new FormSheet.Section("打印机 Printer"));
    b.add(new FormSheet.Fields(List.of(FormSheet.Field.wide("地址 URI", printerUri),
        FormSheet.Field.of("纸张 Paper", "A4 210×297 mm"),
        FormSheet.Field.of("时间 Time", TIME.format(now.atZone(zone))))));
    b.add(new FormSheet.Signatures(List.of("签名框 Signature box")));
    b.add(new FormSheet.Verification(List.of("扫码检查 Scan to check", payload), payload));
    return new FormSheet("表单打印机测试页 test page", "表单打印机测试页", "Form printer test page", b);
  }

  private static String sex(IdCardText.Sex sex) {
    return switch (sex) {
      case MALE -> "男";
      case FEMALE -> "女";
      case UNSTATED -> "未说明";
    };
  }

  /** GB 3304 nation names by code (01–56, 97 其他, 98 外国血统中国籍人士); the code itself when unknown. */
  static String nation(String code) {
    return NATIONS.getOrDefault(code, code);
  }

  private static final Map<String, String> NATIONS = nations();

  private static Map<String, String> nations() {
    String[] names = {"汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
        "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
        "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯",
        "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"};
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(String.format("%02d", i + 1), names[i] + "族");
    }
    m.put("97", "其他");
    m.put("98", "外国血统中国籍人士");
    return Map.copyOf(m);
  }
}
