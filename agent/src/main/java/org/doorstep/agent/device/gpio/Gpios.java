package org.doorstep.agent.device.gpio;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DeviceProfile.GpioProvider;

/** Picks the {@link Gpio} adapter for a device profile: the one place GPIO is opened from a profile. */
public final class Gpios {
  private Gpios() {}

  /**
   * {@link NoGpio} when {@code devices.gpio} is missing or {@code enabled} is not true; otherwise
   * {@link Pi4jGpio} through {@code provider} (the profile's {@code devices.gpio.provider}, or {@code MOCK}
   * for the demo and tests). When the provider is unavailable on this machine (no GPIO chip, no sysfs GPIO,
   * a CPU the native library lacks) the GPIO health becomes HWERROR with that reason in words.
   *
   * @param relayPins power relay per peripheral ({@code Map.of()} for none)
   * @return failed with {@link DeviceException} (NOT_CONNECTED: the provider is unavailable; HARDWARE_ERROR:
   *     lines refused) or {@link IllegalArgumentException} naming a missing pin's config path
   */
  public static Future<Gpio> open(Vertx vertx, DeviceProfile.Gpio profile, Map<Peripheral, Integer> relayPins,
      GpioProvider provider, HealthRegistry health, Clock clock) {
    if (profile == null || !Boolean.TRUE.equals(profile.enabled())) {
      return Future.succeededFuture(new NoGpio(health));
    }
    GpioLines lines;
    com.pi4j.context.Context pi4j;
    try {
      lines = GpioLines.from(profile, relayPins);
      pi4j = Pi4jGpio.context(Objects.requireNonNull(provider, "devices.gpio.provider"));
    } catch (DeviceException e) {
      health.report(Peripheral.GPIO, PeripheralHealth.HWERROR, "GPIO_UNAVAILABLE", e.getMessage());
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Pi4jGpio.open(vertx, pi4j, lines, health, clock).map(g -> g);
  }
}
