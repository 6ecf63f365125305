package org.doorstep.agent.device.forms;

import io.vertx.core.Future;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.model.DeviceFault;

/** The form printer of a terminal without one ({@code devices.formPrinter} absent or driver NONE): every call fails NOT_CONNECTED. */
public final class NoFormPrinter implements FormPrinter {
  @Override
  public Future<PrintedForm> print(FormSheet sheet) {
    return Future.failedFuture(none());
  }

  @Override
  public Future<FormPrinterStatus> status() {
    return Future.failedFuture(none());
  }

  private static DeviceException none() {
    return new DeviceException(DeviceFault.NOT_CONNECTED, "no form printer configured (devices.formPrinter.driver is NONE)");
  }
}
