package org.doorstep.agent.device.gpio;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.Objects;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.model.DeviceFault;

/**
 * The GPIO port of a machine without GPIO ({@code devices.gpio.enabled: false}): the health of {@link
 * Peripheral#GPIO} is NODEVICE, no events ever come, the light is silently dark, relays and {@link
 * #read()} fail with NOT_CONNECTED (so nothing believes a peripheral was power-cycled or a sensor
 * read). The kiosk works: the screen is woken by touch instead of presence, and there is no tamper
 * alarm.
 */
public final class NoGpio implements Gpio {

  /** A port without lines; sets the GPIO health to NODEVICE. */
  public NoGpio(HealthRegistry health) {
    Objects.requireNonNull(health, "health").setStatus(Peripheral.GPIO, PeripheralHealth.NODEVICE);
  }

  @Override
  public Future<Void> setLight(boolean on) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> setRelay(Peripheral peripheral, boolean powered) {
    return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "GPIO is disabled: no power relay for "
        + Objects.requireNonNull(peripheral, "peripheral").key()));
  }

  @Override
  public Future<GpioReading> read() {
    return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "GPIO is disabled in the device profile"));
  }

  @Override
  public Gpio onEvent(Handler<GpioEvent> handler) {
    Objects.requireNonNull(handler, "handler");
    return this;
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
