package org.doorstep.agent.device.sscard;

import java.util.Optional;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.model.DeviceFault;

/**
 * Why a social-security card could not be read, in words a resident can act on. Every status word the
 * sequence can meet maps to one ({@link StatusWords#problem}), as do the adapter's own findings (no reader, card
 * pulled, malformed records). Same shape as the ID card reader's {@code ReaderProblem}: a stable screen key, the
 * Chinese text, the same for staff in English ({@link #words()}), and the coarse {@link DeviceFault}.
 */
public enum SsCardProblem {
  /** SELECT of the SSSE directory answered 6A82 (or 6A81/6D00): a bank-only or other card, not a 社保卡. */
  NOT_A_SOCIAL_SECURITY_CARD("sscard.not-sscard", "这不是社会保障卡，请插入社会保障卡", DeviceFault.CARD_UNREADABLE,
      "this is not a social-security card (no SSSE application), insert a social-security card"),
  /** The card left the reader during the read (SCARD_W_REMOVED_CARD, SCARD_E_NOT_TRANSACTED, reset). */
  CARD_REMOVED("sscard.card-removed", "社会保障卡已拔出，请重新插入并保持不动", DeviceFault.CARD_UNREADABLE,
      "the card was pulled out during the read, insert it again and leave it in"),
  /** 6982/6983/6985 on a basic file: this card generation guards EF05/EF06 behind a PIN or PSAM. */
  NEEDS_AUTHENTICATION("sscard.needs-authentication", "此社会保障卡需要密码或安全模块才能读取，请到窗口办理",
      DeviceFault.CARD_UNREADABLE, "this card needs PIN or PSAM authentication to read its basic data, go to the counter"),
  /** 6283 or 6A81 after selection: the card or its application is blocked (挂失/注销). */
  CARD_BLOCKED("sscard.card-blocked", "此社会保障卡已锁定或停用，请到窗口办理", DeviceFault.CARD_UNREADABLE,
      "the card or its application is blocked, go to the counter"),
  /** 6A82 on EF05/EF06, 6A83 on a record: the card lacks a file of the basic application data. */
  CARD_DATA_MISSING("sscard.card-data-missing", "社会保障卡信息不完整，请联系工作人员", DeviceFault.CARD_UNREADABLE,
      "the card lacks basic application data, ask staff"),
  /** A record is malformed (tag, length, format) or the ID number fails GB 11643. */
  CARD_DATA_INVALID("sscard.card-data-invalid", "社会保障卡信息校验未通过，请联系工作人员", DeviceFault.CARD_UNREADABLE,
      "the card's data failed its checks, ask staff"),
  /** Any other status word, or a transmission error: pull the card and insert it again. */
  READ_FAILED_TRY_AGAIN("sscard.read-failed", "社会保障卡读取失败，请拔出后重新插入", DeviceFault.CARD_UNREADABLE,
      "the card could not be read, pull it out, insert it again and retry"),
  /** The card or reader did not answer within the deadline. */
  NO_ANSWER("sscard.no-answer", "读卡器无响应，请联系工作人员", DeviceFault.TIMEOUT, "the reader does not answer, ask staff"),
  /** No PC/SC service (pcscd down), no reader of the configured name, or the reader vanished. */
  NOT_CONNECTED("sscard.not-connected", "社保卡读卡器未连接，请联系工作人员", DeviceFault.NOT_CONNECTED,
      "the social-security card reader is not connected (PC/SC service or reader missing), ask staff");

  private final String key;
  private final String zh;
  private final DeviceFault fault;
  private final String words;

  SsCardProblem(String key, String zh, DeviceFault fault, String words) {
    this.key = key;
    this.zh = zh;
    this.fault = fault;
    this.words = words;
  }

  /** Stable screen key. */
  public String key() {
    return key;
  }

  /** Default simplified-Chinese text. */
  public String zh() {
    return zh;
  }

  /** The coarse fault the port reports. */
  public DeviceFault fault() {
    return fault;
  }

  /** The same as {@link #zh()} in plain English words, for staff (peripheral health, logs). */
  public String words() {
    return words;
  }

  /** A device exception for this problem; {@code detail} is for staff logs and must hold no personal data. */
  public DeviceException exception(String detail) {
    return new DeviceException(fault, this, name() + ": " + detail);
  }

  /** The problem a failure from a social-security card reader carries, empty for any other failure. */
  public static Optional<SsCardProblem> of(Throwable error) {
    return DeviceException.reasonOf(error, SsCardProblem.class);
  }
}
