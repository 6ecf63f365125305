package org.doorstep.agent.device.idcard;

import java.util.Optional;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.model.DeviceFault;

/**
 * Why an ID card could not be read, in words a resident can act on. Every SW3 failure code maps to one
 * ({@link Sw3#problem()}), as do the driver's own findings (no answer, line errors, bad card data).
 *
 * <p>Each problem has a stable screen key ({@link #key()}, {@code reader.*}), a default Chinese text, the same
 * in plain English words for staff ({@link #words()}: health and logs), and the coarse {@link DeviceFault} that
 * the {@link IdCardReader} port reports. The screen message for a problem is chosen in {@code kiosk}
 * ({@code DeviceMessages}): the driver knows nothing of the resident's screen. A failed future carries a {@link DeviceException} whose {@link DeviceException#reason()} is the
 * problem; {@link #of(Throwable)} recovers it.
 */
public enum ReaderProblem {
  /** Card lies on the reader since the last read: it must be lifted and placed again (find fails until then). */
  LIFT_AND_REPLACE("reader.lift-and-replace", "请拿起身份证，再重新放到读卡区", DeviceFault.CARD_UNREADABLE,
      "lift the card and place it again"),
  /** SW3 81: select failed, usually a card at an angle or moved while being selected. */
  PLACE_CARD_FLAT("reader.place-card-flat", "请将身份证平放在读卡区，不要移动", DeviceFault.CARD_UNREADABLE,
      "place the card flat on the reader and do not move it"),
  /** The card went away between find and the end of the read (a reply cut off, then find fails). */
  CARD_REMOVED("reader.card-removed", "身份证已移开，请重新放置", DeviceFault.CARD_UNREADABLE,
      "the card was moved away, place it again"),
  /** SW3 41 read failed, 47 random failed, 91 item empty: the card could not be read, a retry may work. */
  READ_FAILED_TRY_AGAIN("reader.read-failed", "身份证读取失败，请重新放置后再试一次", DeviceFault.CARD_UNREADABLE,
      "card could not be read, place it again and retry"),
  /** SW3 31/32 card–SAM authentication failed, 33 verification error: not genuine or damaged. */
  CARD_NOT_GENUINE("reader.card-not-genuine", "身份证无法通过验证，可能已损坏，请联系工作人员",
      DeviceFault.CARD_UNREADABLE, "the card failed verification and may be damaged, ask staff"),
  /** SW3 40: not a card this reader knows (a bank card, a first-generation card). */
  UNSUPPORTED_CARD("reader.unsupported-card", "无法识别此证件，请使用居民身份证或居住证", DeviceFault.CARD_UNREADABLE,
      "this card is not supported, use a resident ID card or residence permit"),
  /** The card's text is malformed or fails GB 11643 (checksum, birth date): ask staff. */
  CARD_DATA_INVALID("reader.card-data-invalid", "证件信息校验未通过，请联系工作人员", DeviceFault.CARD_UNREADABLE,
      "the card's data failed its checks, ask staff"),
  /** The card's validity period has ended (not a reader failure: the card is returned, the flow says so). */
  CARD_EXPIRED("result.card-expired", "身份证已过有效期，请到窗口办理", DeviceFault.CARD_UNREADABLE,
      "the card has expired, please go to the counter"),
  /** SW3 10/11/21 or corrupt frames on every retry: the line is noisy or the reader is confused. */
  LINE_ERRORS("reader.line-errors", "读卡器通信异常，请稍后再试或联系工作人员", DeviceFault.HARDWARE_ERROR,
      "the reader is not communicating properly, try later or ask staff"),
  /** The reader did not answer within the deadline on every retry. */
  NO_ANSWER("reader.no-answer", "读卡器无响应，请联系工作人员", DeviceFault.TIMEOUT,
      "the reader does not answer, ask staff"),
  /** SW3 23/24/60/66 or an undefined SW3: SAM self-test, authorisation or firmware fault. */
  READER_FAULT("reader.fault", "读卡器故障，请联系工作人员", DeviceFault.HARDWARE_ERROR,
      "reader fault, ask staff"),
  /** The serial port cannot be opened or the device went away. */
  NOT_CONNECTED("reader.not-connected", "读卡器未连接，请联系工作人员", DeviceFault.NOT_CONNECTED,
      "the reader is not connected, ask staff");

  private final String key;
  private final String zh;
  private final DeviceFault fault;
  private final String words;

  ReaderProblem(String key, String zh, DeviceFault fault, String words) {
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

  /**
   * A device exception for this problem (its {@link DeviceException#reason() reason}); {@code detail} is for
   * staff logs, prefixed with the problem's name, and must hold no personal data.
   */
  public DeviceException exception(String detail) {
    return new DeviceException(fault, this, name() + ": " + detail);
  }

  /** The problem a failure from an ID card reader carries, empty for any other failure. */
  public static Optional<ReaderProblem> of(Throwable error) {
    return DeviceException.reasonOf(error, ReaderProblem.class);
  }
}
