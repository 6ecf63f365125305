package org.doorstep.agent.device.gpio;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.config.profile.DeviceProfile;

/** Picks the {@link Gpio} adapter for a device profile. */
public final class Gpios {
  private Gpios() {}

  /**
   * {@link NoGpio} when {@code devices.gpio} is missing or {@code enabled} is not true; otherwise
   * {@link Pi4jGpio} on real hardware, or on Pi4J's mock platform when {@code mock} (demo, tests).
   *
   * @param relayPins power relay per peripheral (the profile has none yet; {@code Map.of()} for none)
   * @return failed with {@link DeviceException} (NOT_CONNECTED: no hardware provider; HARDWARE_ERROR:
   *     lines refused) or {@link IllegalArgumentException} naming a missing pin's config path
   */
  public static Future<Gpio> open(Vertx vertx, DeviceProfile.Gpio profile, Map<Peripheral, Integer> relayPins,
      boolean mock, HealthRegistry health, Clock clock) {
    if (profile == null || !Boolean.TRUE.equals(profile.enabled())) {
      return Future.succeededFuture(new NoGpio(health));
    }
    GpioLines lines;
    com.pi4j.context.Context pi4j;
    try {
      lines = GpioLines.from(profile, relayPins);
      pi4j = mock ? Pi4jGpio.mockContext() : Pi4jGpio.hardwareContext();
    } catch (DeviceException e) {
      health.report(Peripheral.GPIO, org.doorstep.agent.device.PeripheralHealth.HWERROR, "GPIO_UNAVAILABLE",
          "GPIO is enabled in the profile but this machine has no usable GPIO driver");
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Pi4jGpio.open(vertx, pi4j, lines, health, clock).map(g -> g);
  }
}
