package org.doorstep.agent.device.gpio;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.doorstep.agent.device.health.Peripheral;

/**
 * Every GPIO line's logical state at one moment (polarity already applied).
 *
 * @param present       presence sensor sees someone
 * @param tamperOpen    tamper switch is open (alarm condition)
 * @param lightOn       status light output is on
 * @param relaysPowered per peripheral with a relay: whether its power is on
 */
public record GpioReading(boolean present, boolean tamperOpen, boolean lightOn, Map<Peripheral, Boolean> relaysPowered) {
  public GpioReading {
    Objects.requireNonNull(relaysPowered, "relaysPowered");
    relaysPowered = relaysPowered.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(relaysPowered));
  }
}
