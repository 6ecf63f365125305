package org.doorstep.agent.device;

import java.util.Objects;

/**
 * A peripheral failed. Travels in failed futures; the {@link DeviceFault} says what happened, the
 * message is for staff logs and never contains personal data. No stack trace: device faults are
 * expected, not exceptional.
 */
public final class DeviceException extends RuntimeException {
  private final DeviceFault fault;

  public DeviceException(DeviceFault fault, String message) {
    super(message, null, false, false);
    this.fault = Objects.requireNonNull(fault, "fault");
  }

  public DeviceFault fault() {
    return fault;
  }

  /** The fault of {@code error} when it is a device exception, {@link DeviceFault#UNKNOWN} otherwise. */
  public static DeviceFault faultOf(Throwable error) {
    return error instanceof DeviceException d ? d.fault : DeviceFault.UNKNOWN;
  }
}
