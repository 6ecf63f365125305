package org.doorstep.agent.device.printer;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/**
 * The text of a receipt, line by line, as the ESC/POS driver and the simulator print it. Personal
 * values are always masked here, whatever the caller passes.
 */
public final class ReceiptLayout {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ReceiptLayout() {}

  /** The receipt as text lines joined by {@code \n}, times in {@code zone}. */
  public static String render(Receipt r, ZoneId zone) {
    String result = switch (r.outcome()) {
      case CERTIFIED, STAFF_CONFIRMED -> "认证成功 / Certified";
      case NOT_CERTIFIED -> "认证未通过，请联系工作人员 / Not certified, please see staff";
      case COMPLETED -> "办理完成 / Completed";
    };
    return String.join("\n",
        "城乡居民基本养老保险",
        "领取待遇资格认证凭条",
        "--------------------------------",
        "姓名 Name:      " + r.name().masked(),
        "证件号 ID:      " + r.idNumber().masked(),
        "结果 Result:    " + result,
        "时间 Time:      " + TIME.format(r.capturedAt().atZone(zone)),
        "终端 Terminal:  " + r.deviceId(),
        "流水 Record:    " + r.recordId(),
        "序号 Seq:       " + r.seq(),
        "--------------------------------",
        r.outcome() == Outcome.NOT_CERTIFIED ? "请携带身份证到经办机构办理" : "请妥善保管本凭条",
        "");
  }
}
