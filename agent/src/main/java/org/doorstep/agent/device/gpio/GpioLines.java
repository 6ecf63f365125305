package org.doorstep.agent.device.gpio;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.config.profile.DeviceProfile;

/**
 * Which GPIO line does what (BCM numbers) and its polarity.
 *
 * @param presencePin        presence sensor input
 * @param presenceActiveHigh the sensor drives HIGH when someone is there (pull-down); else LOW (pull-up)
 * @param tamperPin          tamper switch input
 * @param tamperActiveHigh   HIGH means "opened": the usual wiring is a normally-closed switch to ground
 *                           with a pull-up, so opening it lets the line go HIGH
 * @param statusLightPin     status light output (HIGH = lit)
 * @param relayPins          power relay output per peripheral; may be empty (no power cycling)
 * @param relayActiveHigh    HIGH means the peripheral is powered
 * @param debounce           input debounce; 10 ms filters switch bounce without delaying an alarm noticeably
 */
public record GpioLines(int presencePin, boolean presenceActiveHigh, int tamperPin, boolean tamperActiveHigh,
    int statusLightPin, Map<Peripheral, Integer> relayPins, boolean relayActiveHigh, Duration debounce) {

  /** See {@link #debounce()}. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(10);

  public GpioLines {
    Objects.requireNonNull(relayPins, "relayPins");
    Objects.requireNonNull(debounce, "debounce");
    check("presencePin", presencePin);
    check("tamperPin", tamperPin);
    check("statusLightPin", statusLightPin);
    EnumMap<Peripheral, Integer> copy = new EnumMap<>(Peripheral.class);
    relayPins.forEach((p, pin) -> {
      if (p == Peripheral.GPIO) {
        throw new IllegalArgumentException("relayPins: the GPIO lines cannot power-cycle themselves");
      }
      check("relayPins." + p.key(), Objects.requireNonNull(pin, "relayPins." + p.key()));
      copy.put(p, pin);
    });
    long distinct = java.util.stream.Stream.concat(java.util.stream.Stream.of(presencePin, tamperPin, statusLightPin),
        copy.values().stream()).distinct().count();
    if (distinct != 3 + copy.size()) {
      throw new IllegalArgumentException("pins: every line needs its own pin");
    }
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce: must be >= 0");
    }
    relayPins = Collections.unmodifiableMap(copy);
  }

  private static void check(String field, int pin) {
    if (pin < 0 || pin > 63) {
      throw new IllegalArgumentException(field + ": must be a BCM line number 0..63, was " + pin);
    }
  }

  /** The three required lines with the usual polarity (all active-high), no relays. */
  public static GpioLines of(int presencePin, int tamperPin, int statusLightPin) {
    return new GpioLines(presencePin, true, tamperPin, true, statusLightPin, Map.of(), true, DEFAULT_DEBOUNCE);
  }

  /** A copy with these power relays. */
  public GpioLines withRelays(Map<Peripheral, Integer> pins) {
    return new GpioLines(presencePin, presenceActiveHigh, tamperPin, tamperActiveHigh, statusLightPin, pins,
        relayActiveHigh, debounce);
  }

  /**
   * The lines of a device profile. The profile has no relay pins yet: pass them in ({@code Map.of()}
   * for none).
   *
   * @throws IllegalArgumentException naming the config path of a missing pin ({@code devices.gpio.tamperPin: required …})
   */
  public static GpioLines from(DeviceProfile.Gpio gpio, Map<Peripheral, Integer> relayPins) {
    Objects.requireNonNull(gpio, "devices.gpio");
    return of(required("devices.gpio.presencePin", gpio.presencePin()),
        required("devices.gpio.tamperPin", gpio.tamperPin()),
        required("devices.gpio.statusLightPin", gpio.statusLightPin())).withRelays(relayPins);
  }

  private static int required(String path, Integer pin) {
    if (pin == null) {
      throw new IllegalArgumentException(path + ": required when devices.gpio.enabled is true");
    }
    return pin;
  }
}
