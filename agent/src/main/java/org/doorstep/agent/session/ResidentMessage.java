package org.doorstep.agent.session;

/**
 * What the screen tells the resident, by stable key (the screen holds translations; {@link #zh()} is
 * the default simplified-Chinese text, {@link #words()} the same in plain English words for staff
 * tools and logs). Every terminal state carries one that says what to do next.
 *
 * <p>{@code session.*} and {@code result.*} come from the certification flow; {@code reader.*} from the
 * ID card reader's problems, {@code sscard.*} from the social-security card reader's and {@code printer.*} from the
 * receipt printer's status (the kiosk maps both,
 * {@code kiosk.DeviceMessages}: this package imports no device); {@code document.*}
 * from the document camera's scan check ({@link org.doorstep.agent.vision.document.ScanProblem}); {@code kiosk.*}
 * from the kiosk itself (tamper switch).
 */
public enum ResidentMessage {
  PLACE_CARD("session.place-card", "请将身份证放在读卡区", "place your ID card on the reader"),
  /** The idle prompt of a terminal that also takes the social-security card. */
  PLACE_ID_OR_SOCIAL_SECURITY_CARD("session.place-either-card", "请将身份证放在读卡区，或插入社会保障卡",
      "place your ID card on the reader or insert your social-security card"),
  READING_CARD("session.reading-card", "正在读取身份证，请勿移动", "reading the card, do not move it"),
  CONFIRM_CONSENT("session.confirm-consent", "请确认同意进行人脸识别认证", "please agree to face verification"),
  FOLLOW_CHALLENGES("session.follow-challenges", "请正对摄像头，按提示完成动作",
      "face the camera and follow the prompts"),
  LIVENESS_FAILED_TRY_AGAIN("session.liveness-failed", "未检测到指定动作，请再试一次",
      "the movement was not seen, try again"),
  MISMATCH_TRY_AGAIN("session.mismatch", "人像比对未通过，请摘下帽子眼镜后再试一次",
      "face did not match, take off hat and glasses and try again"),
  MATCHING("session.matching", "正在比对，请稍候", "comparing, please wait"),
  MATCHING_LAST_PHOTO("session.matching-last-photo", "正在与您上次认证的照片比对，请稍候",
      "comparing with the photo from your last certification, please wait"),
  WAIT_FOR_STAFF("session.wait-for-staff", "请稍候，工作人员将核对您的身份证和本人，协助完成认证",
      "please wait: a staff member will check you and your card and finish the certification"),
  SAVING("session.saving", "正在保存认证结果", "saving the result"),
  PRINTING("session.printing", "正在打印凭条", "printing the receipt"),
  CERTIFIED_TAKE_RECEIPT("result.certified", "认证成功，请取走凭条和身份证", "certified, take your receipt and card"),
  CERTIFIED_NO_RECEIPT("result.certified-no-receipt", "认证成功，凭条打印失败，可凭身份证到窗口查询",
      "certified; the receipt did not print, staff can look it up with your card"),
  NOT_CERTIFIED_SEE_STAFF("result.not-certified", "认证未通过，请联系工作人员协助认证",
      "not certified, please ask staff for help"),
  CARD_UNREADABLE("result.card-unreadable", "身份证无法读取，请重新放置或联系工作人员",
      "the card could not be read, place it again or ask staff"),
  CARD_EXPIRED("result.card-expired", "身份证已过有效期，请到窗口办理", "the card has expired, please go to the counter"),
  CAMERA_UNAVAILABLE_SEE_STAFF("result.camera-unavailable", "摄像设备暂不可用，请联系工作人员",
      "the camera is not available, ask staff"),
  RECORD_NOT_SAVED_SEE_STAFF("result.record-not-saved", "认证结果未能保存，请联系工作人员",
      "the result could not be saved, ask staff"),
  CONSENT_REFUSED("result.consent-refused", "您已取消认证，请取走身份证", "you cancelled, take your card"),
  CANCELLED("result.cancelled", "认证已取消，请取走身份证", "cancelled, take your card"),
  CARD_REMOVED("result.card-removed", "身份证已移开，认证已取消", "the card was taken away, cancelled"),
  TIMED_OUT_START_AGAIN("result.timed-out", "操作超时，请取走身份证后重新开始", "timed out, take your card and start again"),
  /** The tamper switch opened: the session was ended and its personal data wiped; the kiosk waits for staff. */
  OUT_OF_SERVICE_SEE_STAFF("kiosk.out-of-service", "设备暂停服务，请取走身份证并联系工作人员",
      "this kiosk is out of service, take your card and ask staff"),
  /**
   * The terminal cannot take certifications now (disk full, enrolment refused): shown instead of "place your
   * card" while it lasts, and to a resident who places a card anyway, before the card is read.
   */
  CANNOT_CERTIFY_NOW("kiosk.cannot-certify", "本机暂时无法办理认证，请到窗口或联系工作人员",
      "this terminal cannot take certifications now, please go to the counter or ask staff"),

  // ---- ID card reader (ReaderProblem) ----
  READER_LIFT_AND_REPLACE("reader.lift-and-replace", "请拿起身份证，再重新放到读卡区",
      "lift the card and place it again"),
  READER_PLACE_CARD_FLAT("reader.place-card-flat", "请将身份证平放在读卡区，不要移动",
      "place the card flat on the reader and do not move it"),
  READER_CARD_REMOVED("reader.card-removed", "身份证已移开，请重新放置", "the card was moved away, place it again"),
  READER_READ_FAILED("reader.read-failed", "身份证读取失败，请重新放置后再试一次",
      "card could not be read, place it again and retry"),
  READER_CARD_NOT_GENUINE("reader.card-not-genuine", "身份证无法通过验证，可能已损坏，请联系工作人员",
      "the card failed verification and may be damaged, ask staff"),
  READER_UNSUPPORTED_CARD("reader.unsupported-card", "无法识别此证件，请使用居民身份证或居住证",
      "this card is not supported, use a resident ID card or residence permit"),
  READER_CARD_DATA_INVALID("reader.card-data-invalid", "证件信息校验未通过，请联系工作人员",
      "the card's data failed its checks, ask staff"),
  READER_LINE_ERRORS("reader.line-errors", "读卡器通信异常，请稍后再试或联系工作人员",
      "the reader is not communicating properly, try later or ask staff"),
  READER_NO_ANSWER("reader.no-answer", "读卡器无响应，请联系工作人员", "the reader does not answer, ask staff"),
  READER_FAULT("reader.fault", "读卡器故障，请联系工作人员", "reader fault, ask staff"),
  READER_NOT_CONNECTED("reader.not-connected", "读卡器未连接，请联系工作人员", "the reader is not connected, ask staff"),

  // ---- social-security card reader (device.sscard.SsCardProblem) ----
  SSCARD_NOT_SSCARD("sscard.not-sscard", "这不是社会保障卡，请插入社会保障卡",
      "this is not a social-security card, insert a social-security card"),
  SSCARD_CARD_REMOVED("sscard.card-removed", "社会保障卡已拔出，请重新插入并保持不动",
      "the card was pulled out during the read, insert it again and leave it in"),
  SSCARD_NEEDS_AUTHENTICATION("sscard.needs-authentication", "此社会保障卡需要密码或安全模块才能读取，请到窗口办理",
      "this card cannot be read here without a PIN, please go to the counter"),
  SSCARD_CARD_BLOCKED("sscard.card-blocked", "此社会保障卡已锁定或停用，请到窗口办理",
      "this card is blocked, please go to the counter"),
  SSCARD_CARD_DATA_MISSING("sscard.card-data-missing", "社会保障卡信息不完整，请联系工作人员",
      "the card's data is incomplete, ask staff"),
  SSCARD_CARD_DATA_INVALID("sscard.card-data-invalid", "社会保障卡信息校验未通过，请联系工作人员",
      "the card's data failed its checks, ask staff"),
  SSCARD_READ_FAILED("sscard.read-failed", "社会保障卡读取失败，请拔出后重新插入",
      "the card could not be read, pull it out and insert it again"),
  SSCARD_NO_ANSWER("sscard.no-answer", "读卡器无响应，请联系工作人员", "the card reader does not answer, ask staff"),
  SSCARD_NOT_CONNECTED("sscard.not-connected", "社保卡读卡器未连接，请联系工作人员",
      "the social-security card reader is not connected, ask staff"),

  // ---- document camera (vision.document.ScanProblem) ----
  DOCUMENT_NOT_FOUND("document.not-found", "未找到材料，请将整页平放在扫描区内",
      "no page found: lay the whole page flat in the scan area"),
  DOCUMENT_CUT_OFF("document.cut-off", "材料有一部分在画面外，请将整页放入框内",
      "part of the page is outside the picture: move it fully into the frame"),
  DOCUMENT_TOO_SMALL("document.too-small", "材料离镜头太远，请放近一些", "the page is too far away: move it closer"),
  DOCUMENT_BLURRED("document.blurred", "图像模糊，请将材料放平并保持不动",
      "the picture is blurred: hold the page flat and still"),
  DOCUMENT_GLARE("document.glare", "材料有反光，请稍微倾斜或避开灯光",
      "glare: tilt the page slightly or move it away from the light"),
  DOCUMENT_TOO_DARK("document.too-dark", "光线太暗，请打开照明或移到亮处",
      "too dark: switch on the light or move the page into brighter light"),

  // ---- receipt printer (PrinterProblem) ----
  PRINTER_FAULT("printer.fault", "凭条打印机故障，请联系工作人员", "printer fault, ask staff"),
  PRINTER_COVER_OPEN("printer.cover-open", "打印机盖未关闭，请联系工作人员", "printer cover open, ask staff"),
  PRINTER_PAPER_OUT("printer.paper-out", "凭条纸已用完，请联系工作人员", "paper out, ask staff"),
  PRINTER_PAPER_JAM("printer.paper-jam", "打印机卡纸，请联系工作人员", "paper jam, ask staff"),
  PRINTER_CUTTER_ERROR("printer.cutter-error", "凭条切纸故障，请联系工作人员", "paper cutter fault, ask staff"),
  PRINTER_HEAD_HOT("printer.head-hot", "打印机正在降温，请稍后重新打印凭条",
      "the printer is cooling down, reprint the receipt in a minute"),
  PRINTER_OFFLINE("printer.offline", "凭条打印机暂不可用，请联系工作人员", "the printer is not available, ask staff"),
  PRINTER_PAPER_LOW("printer.paper-low", "凭条纸即将用完，请通知工作人员更换", "paper is running low, tell staff");

  private final String key;
  private final String zh;
  private final String words;

  ResidentMessage(String key, String zh, String words) {
    this.key = key;
    this.zh = zh;
    this.words = words;
  }

  /** Stable key for screens and translations. */
  public String key() {
    return key;
  }

  /** Default text in simplified Chinese. */
  public String zh() {
    return zh;
  }

  /** The same in plain English words (staff tools, logs, the demo console). */
  public String words() {
    return words;
  }

  /** The message with {@code key}, if there is one. */
  public static java.util.Optional<ResidentMessage> ofKey(String key) {
    for (ResidentMessage m : values()) {
      if (m.key.equals(key)) {
        return java.util.Optional.of(m);
      }
    }
    return java.util.Optional.empty();
  }
}
