package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.model.DeviceFault;

/**
 * Our XFS-style device health ({@code device/health}) in XFS4IoT words: Common.Status {@code common.device}
 * (XFS4IoT API specification, Common interface, "Common.Status"), printer paper, and the completion code of a
 * device failure. Pure.
 */
public final class XfsStatus {
  private XfsStatus() {
  }

  /** {@code common.device} for a peripheral's status word. */
  public static String device(PeripheralHealth h) {
    return switch (h) {
      case ONLINE -> "online";
      case OFFLINE -> "offline";
      case HWERROR -> "hardwareError";
      case NODEVICE -> "noDevice";
      case POWEROFF -> "powerOff";
      case USERERROR -> "userError";
      case BUSY -> "deviceBusy";
      case FRAUDATTEMPT -> "fraudAttempt";
      case POTENTIALFRAUD -> "potentialFraud";
    };
  }

  /** The Common.Status payload's {@code common} object for {@code status}. */
  public static ObjectNode common(PeripheralStatus status) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("device", device(status.status()));
    c.put("devicePosition", "inPosition");
    c.put("powerSaveRecoveryTime", 0);
    c.put("antiFraudModule", status.isFraud() ? "deviceDetected" : "notSupported");
    return c;
  }

  /** Printer {@code paper} words ({@code full}, {@code low}, {@code out}, {@code jammed}, {@code unknown} …). */
  public static String paper(PaperState p) {
    return switch (p) {
      case FULL -> "full";
      case LOW -> "low";
      case OUT -> "out";
      case JAMMED -> "jammed";
      case NOTSUPPORTED -> "notSupported";
      default -> "unknown";
    };
  }

  /**
   * The completion code a device call's failure ends a command with: {@code timeOut}, {@code deviceNotReady}
   * (not connected), {@code hardwareError}; anything else is {@code internalError}.
   */
  public static CompletionCode completionFor(Throwable err) {
    if (err instanceof io.vertx.core.VertxException && err.getMessage() != null
        && err.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
      return CompletionCode.TIME_OUT;
    }
    if (!(err instanceof DeviceException)) {
      return CompletionCode.INTERNAL_ERROR;
    }
    DeviceFault f = DeviceException.faultOf(err);
    return switch (f) {
      case TIMEOUT -> CompletionCode.TIME_OUT;
      case NOT_CONNECTED -> CompletionCode.DEVICE_NOT_READY;
      case HARDWARE_ERROR -> CompletionCode.HARDWARE_ERROR;
      default -> CompletionCode.COMMAND_ERROR_CODE;
    };
  }

  /**
   * A device command that failed with {@code err}: its {@link #completionFor completion code}, a device fault
   * without a code of its own reported as {@code hardwareError}, described as {@code "<device>: <FAULT>"}.
   */
  static XfsService.Outcome deviceFailed(String device, Throwable err) {
    CompletionCode code = completionFor(err);
    return XfsService.Outcome.failed(code == CompletionCode.COMMAND_ERROR_CODE ? CompletionCode.HARDWARE_ERROR : code,
        device + ": " + DeviceException.faultOf(err));
  }
}
