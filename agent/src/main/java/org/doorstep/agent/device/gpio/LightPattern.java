package org.doorstep.agent.device.gpio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A repeating on/off sequence for the status light. Pure: {@link #levelAt(Duration)} says whether the
 * light is on at any time after the pattern started, so tests need no clock.
 *
 * <table>
 *   <caption>Patterns</caption>
 *   <tr><th>state</th><th>pattern</th></tr>
 *   <tr><td>OFF</td><td>dark</td></tr>
 *   <tr><td>IDLE</td><td>steady on</td></tr>
 *   <tr><td>BUSY</td><td>500 ms on, 500 ms off (1 Hz)</td></tr>
 *   <tr><td>NEEDS_STAFF</td><td>125 ms on, 125 ms off (4 Hz: urgent, hard to miss)</td></tr>
 *   <tr><td>ERROR</td><td>150 on, 150 off, 150 on, 1550 off (double flash every 2 s)</td></tr>
 * </table>
 *
 * @param phases one or more phases, played in order and repeated; a single phase is a steady level
 */
public record LightPattern(List<Phase> phases) {

  /** One step: the light {@code on} or off for {@code duration}. */
  public record Phase(boolean on, Duration duration) {
    public Phase {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration: must be positive, was " + duration);
      }
    }
  }

  public LightPattern {
    Objects.requireNonNull(phases, "phases");
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("phases: must not be empty");
    }
    phases = List.copyOf(phases);
  }

  private static final LightPattern DARK = steady(false);
  private static final LightPattern LIT = steady(true);
  private static final LightPattern SLOW = blink(Duration.ofMillis(500), Duration.ofMillis(500));
  private static final LightPattern FAST = blink(Duration.ofMillis(125), Duration.ofMillis(125));
  private static final LightPattern DOUBLE_FLASH = new LightPattern(List.of(
      new Phase(true, Duration.ofMillis(150)), new Phase(false, Duration.ofMillis(150)),
      new Phase(true, Duration.ofMillis(150)), new Phase(false, Duration.ofMillis(1550))));

  /** The pattern that shows {@code state}. */
  public static LightPattern of(LightState state) {
    return switch (Objects.requireNonNull(state, "state")) {
      case OFF -> DARK;
      case IDLE -> LIT;
      case BUSY -> SLOW;
      case NEEDS_STAFF -> FAST;
      case ERROR -> DOUBLE_FLASH;
    };
  }

  /** A steady level (one phase). */
  public static LightPattern steady(boolean on) {
    return new LightPattern(List.of(new Phase(on, Duration.ofDays(1))));
  }

  /** On for {@code on}, off for {@code off}, repeated. */
  public static LightPattern blink(Duration on, Duration off) {
    return new LightPattern(List.of(new Phase(true, on), new Phase(false, off)));
  }

  /** Whether the level never changes. */
  public boolean isSteady() {
    return phases.stream().map(Phase::on).distinct().count() == 1;
  }

  /** One full cycle. */
  public Duration period() {
    return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
  }

  /** Whether the light is on {@code elapsed} after the pattern started (repeating). */
  public boolean levelAt(Duration elapsed) {
    Objects.requireNonNull(elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed: must be >= 0");
    }
    if (isSteady()) {
      return phases.get(0).on();
    }
    long t = elapsed.toNanos() % period().toNanos();
    for (Phase p : phases) {
      long d = p.duration().toNanos();
      if (t < d) {
        return p.on();
      }
      t -= d;
    }
    return phases.get(phases.size() - 1).on();
  }
}
