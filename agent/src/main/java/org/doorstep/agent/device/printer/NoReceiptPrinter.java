package org.doorstep.agent.device.printer;

import io.vertx.core.Future;
import java.util.Objects;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.DeviceFault;

/**
 * A printer that cannot print: none is configured ({@code devices.printer.driver: NONE}, health NODEVICE), or
 * its serial port could not be opened at start (health OFFLINE). Every print fails with NOT_CONNECTED; the
 * certification still stands (the record is committed first) and the screen says no receipt printed.
 */
public final class NoReceiptPrinter implements ReceiptPrinter {
  private final PeripheralHealth health;
  private final String why;

  /**
   * @param health NODEVICE (not configured) or OFFLINE (configured, not reachable)
   * @param why    for the failure message (staff logs)
   */
  public NoReceiptPrinter(PeripheralHealth health, String why) {
    this.health = Objects.requireNonNull(health, "health");
    this.why = Objects.requireNonNull(why, "why");
  }

  @Override
  public Future<Void> print(Receipt receipt) {
    return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "no printer: " + why));
  }

  @Override
  public Future<Void> print(ReceiptDocument document, String jobName) {
    return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "no printer: " + why));
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(health);
  }
}
