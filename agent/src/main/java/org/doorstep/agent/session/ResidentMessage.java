package org.doorstep.agent.session;

/**
 * What the screen tells the resident, by stable key (the screen holds translations; {@link #zh()} is
 * the default simplified-Chinese text). Every terminal state carries one that says what to do next.
 */
public enum ResidentMessage {
  PLACE_CARD("session.place-card", "请将身份证放在读卡区"),
  READING_CARD("session.reading-card", "正在读取身份证，请勿移动"),
  CONFIRM_CONSENT("session.confirm-consent", "请确认同意进行人脸识别认证"),
  FOLLOW_CHALLENGES("session.follow-challenges", "请正对摄像头，按提示完成动作"),
  LIVENESS_FAILED_TRY_AGAIN("session.liveness-failed", "未检测到指定动作，请再试一次"),
  MISMATCH_TRY_AGAIN("session.mismatch", "人像比对未通过，请摘下帽子眼镜后再试一次"),
  MATCHING("session.matching", "正在比对，请稍候"),
  SAVING("session.saving", "正在保存认证结果"),
  PRINTING("session.printing", "正在打印凭条"),
  CERTIFIED_TAKE_RECEIPT("result.certified", "认证成功，请取走凭条和身份证"),
  CERTIFIED_NO_RECEIPT("result.certified-no-receipt", "认证成功，凭条打印失败，可凭身份证到窗口查询"),
  NOT_CERTIFIED_SEE_STAFF("result.not-certified", "认证未通过，请联系工作人员协助认证"),
  CARD_UNREADABLE("result.card-unreadable", "身份证无法读取，请重新放置或联系工作人员"),
  CARD_EXPIRED("result.card-expired", "身份证已过有效期，请到窗口办理"),
  CAMERA_UNAVAILABLE_SEE_STAFF("result.camera-unavailable", "摄像设备暂不可用，请联系工作人员"),
  RECORD_NOT_SAVED_SEE_STAFF("result.record-not-saved", "认证结果未能保存，请联系工作人员"),
  CONSENT_REFUSED("result.consent-refused", "您已取消认证，请取走身份证"),
  CANCELLED("result.cancelled", "认证已取消，请取走身份证"),
  CARD_REMOVED("result.card-removed", "身份证已移开，认证已取消"),
  TIMED_OUT_START_AGAIN("result.timed-out", "操作超时，请取走身份证后重新开始");

  private final String key;
  private final String zh;

  ResidentMessage(String key, String zh) {
    this.key = key;
    this.zh = zh;
  }

  /** Stable key for screens and translations. */
  public String key() {
    return key;
  }

  /** Default text in simplified Chinese. */
  public String zh() {
    return zh;
  }
}
