package org.doorstep.agent.device.gpio;

import java.time.Instant;
import java.util.Objects;

/** A GPIO input changed. Delivered by {@link Gpio#onEvent}, on the adapter's Vert.x context. */
public sealed interface GpioEvent {
  /** When the adapter saw the edge. */
  Instant at();

  /** Someone stepped in front of the kiosk ({@code present}) or left. Arrival wakes the screen. */
  record PresenceChanged(boolean present, Instant at) implements GpioEvent {
    public PresenceChanged {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The tamper switch opened ({@code open}: cabinet or enclosure opened) or closed again. */
  record TamperChanged(boolean open, Instant at) implements GpioEvent {
    public TamperChanged {
      Objects.requireNonNull(at, "at");
    }
  }
}
