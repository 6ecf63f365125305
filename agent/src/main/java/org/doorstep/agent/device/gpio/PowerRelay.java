package org.doorstep.agent.device.gpio;

import io.vertx.core.Future;
import java.util.Objects;
import org.doorstep.agent.device.health.Peripheral;

/**
 * The power relay of one peripheral: switches its supply so that {@link PowerCycler} can restart a
 * device that stopped answering. Threads and failures as {@link Gpio#setRelay}.
 */
public interface PowerRelay {
  /** The peripheral this relay powers. */
  Peripheral peripheral();

  /** Powers the peripheral on ({@code true}) or off. */
  Future<Void> setPowered(boolean powered);

  /** The relay of {@code peripheral} on {@code gpio}. */
  static PowerRelay of(Gpio gpio, Peripheral peripheral) {
    Objects.requireNonNull(gpio, "gpio");
    Objects.requireNonNull(peripheral, "peripheral");
    return new PowerRelay() {
      @Override
      public Peripheral peripheral() {
        return peripheral;
      }

      @Override
      public Future<Void> setPowered(boolean powered) {
        return gpio.setRelay(peripheral, powered);
      }

      @Override
      public String toString() {
        return "PowerRelay[" + peripheral.key() + "]";
      }
    };
  }
}
