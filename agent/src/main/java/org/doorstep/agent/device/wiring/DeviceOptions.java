package org.doorstep.agent.device.wiring;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import org.doorstep.agent.device.gpio.PowerCyclePolicy;
import org.doorstep.agent.vision.liveness.LivenessPolicy;
import org.doorstep.agent.vision.match.FaceMatcher;

/**
 * How {@link KioskDevices} opens the peripherals, beyond the device profile of the config: what the agent's
 * own options say about devices, and nothing else (so this package never depends on the agent's root package).
 *
 * @param clock            the agent's clock (card validity, GPIO and power-cycle timing)
 * @param zone             local time of the kiosk (receipts, card validity)
 * @param gpioMock         with {@code devices.gpio.enabled}: run the lines on Pi4J's mock platform (demo, tests)
 * @param powerCyclePolicy how a peripheral with a power relay is restarted when it stops answering
 * @param faceMatcher      the 1:1 matcher of the real (OPENCV) face check; {@link FaceMatcher#NONE} loads the
 *                         OpenCV one from the models folder
 * @param liveness         the liveness numbers of the real (OPENCV) face check (from the flow policy)
 */
public record DeviceOptions(Clock clock, ZoneId zone, boolean gpioMock, PowerCyclePolicy powerCyclePolicy,
    FaceMatcher faceMatcher, LivenessPolicy liveness) {
  public DeviceOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(powerCyclePolicy, "powerCyclePolicy");
    Objects.requireNonNull(faceMatcher, "faceMatcher");
    Objects.requireNonNull(liveness, "liveness");
  }
}
