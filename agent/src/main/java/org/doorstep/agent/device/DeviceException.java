package org.doorstep.agent.device;

import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.DeviceFault;

/**
 * A peripheral failed. Travels in failed futures; the {@link DeviceFault} says what happened in coarse terms,
 * the optional {@link #reason()} says it precisely (a driver's own enum: {@code ReaderProblem.PLACE_CARD_FLAT},
 * {@code PrinterProblem.COVER_OPEN}), and the message is for staff logs and never contains personal data. No
 * stack trace: device faults are expected, not exceptional.
 *
 * <pre>{@code
 * throw new DeviceException(DeviceFault.CARD_UNREADABLE, ReaderProblem.PLACE_CARD_FLAT, "SELECT_CARD answered 81");
 * DeviceException.reasonOf(err, ReaderProblem.class)      // Optional[PLACE_CARD_FLAT]
 * }</pre>
 */
public final class DeviceException extends RuntimeException {
  private final DeviceFault fault;
  private final Object reason;

  /** A failure without a finer reason than its fault. */
  public DeviceException(DeviceFault fault, String message) {
    this(fault, null, message);
  }

  /**
   * A failure with a precise reason.
   *
   * @param reason the driver's reason (an enum constant, immutable); {@code null} for none
   */
  public DeviceException(DeviceFault fault, Object reason, String message) {
    super(message, null, false, false);
    this.fault = Objects.requireNonNull(fault, "fault");
    this.reason = reason;
  }

  public DeviceFault fault() {
    return fault;
  }

  /** The driver's precise reason, when it gave one. */
  public Optional<Object> reason() {
    return Optional.ofNullable(reason);
  }

  /** The reason when it is a {@code type} (e.g. {@code ReaderProblem.class}). */
  public <T> Optional<T> reason(Class<T> type) {
    return type.isInstance(reason) ? Optional.of(type.cast(reason)) : Optional.empty();
  }

  /** The fault of {@code error} when it is a device exception, {@link DeviceFault#UNKNOWN} otherwise. */
  public static DeviceFault faultOf(Throwable error) {
    return error instanceof DeviceException d ? d.fault : DeviceFault.UNKNOWN;
  }

  /** The reason of {@code error} when it is a device exception with a reason of {@code type}. */
  public static <T> Optional<T> reasonOf(Throwable error, Class<T> type) {
    return error instanceof DeviceException d ? d.reason(type) : Optional.empty();
  }
}
