package org.doorstep.agent.device.gpio;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the tamper switch into the FRAUDATTEMPT alarm. When the switch opens, at once and in this
 * order: every {@link #onTamper} action runs (the session layer ends the session and wipes the
 * in-progress personal data), the {@link Peripheral#GPIO} health becomes {@link
 * PeripheralHealth#FRAUDATTEMPT} with error {@code TAMPER_OPEN}, and every {@link #onReport} hook gets
 * a {@link TamperAlarm} (uplink event, state report).
 *
 * <p>The alarm latches: closing the switch does not clear it. Staff clear it with {@link
 * #acknowledge()} once the switch is closed; the GPIO health goes back to ONLINE.
 *
 * <pre>{@code
 * TamperGuard guard = new TamperGuard(health, clock)
 *     .onTamper(() -> runner.fire(new Event.Cancel()))      // end session + wipe (lead's wiring)
 *     .onReport(alarm -> reporter.changed());
 * gpio.onEvent(guard::accept);
 * }</pre>
 *
 * <p>Threads: thread-safe; actions and hooks run on the thread that reported the edge (the GPIO
 * adapter's context). No Vert.x and no GPIO types here, so it is tested with plain calls.
 */
public final class TamperGuard {
  private static final Logger LOG = LoggerFactory.getLogger(TamperGuard.class);
  /** Error code on the GPIO health while the alarm is raised. */
  public static final String CODE = "TAMPER_OPEN";

  /** What happened to the tamper alarm. */
  public record TamperAlarm(Kind kind, Instant at) {
    /** Raised: switch opened. Closed: switch closed again (alarm still latched). Acknowledged: cleared by staff. */
    public enum Kind { RAISED, SWITCH_CLOSED, ACKNOWLEDGED }

    public TamperAlarm {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(at, "at");
    }
  }

  private final HealthRegistry health;
  private final Clock clock;
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();
  private final List<Consumer<TamperAlarm>> hooks = new CopyOnWriteArrayList<>();
  private boolean switchOpen;
  private boolean latched;

  public TamperGuard(HealthRegistry health, Clock clock) {
    this.health = Objects.requireNonNull(health, "health");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs {@code action} every time the alarm is raised: end the session, wipe personal data. */
  public TamperGuard onTamper(Runnable action) {
    actions.add(Objects.requireNonNull(action, "action"));
    return this;
  }

  /** Calls {@code hook} with every alarm change (raised, switch closed, acknowledged). */
  public TamperGuard onReport(Consumer<TamperAlarm> hook) {
    hooks.add(Objects.requireNonNull(hook, "hook"));
    return this;
  }

  /** Feeds a GPIO event (presence events are ignored), e.g. {@code gpio.onEvent(guard::accept)}. */
  public void accept(GpioEvent event) {
    if (event instanceof GpioEvent.TamperChanged t) {
      if (t.open()) {
        switchOpened();
      } else {
        switchClosed();
      }
    }
  }

  /**
   * The switch opened. Raises the alarm on the first open after an acknowledgement (an open while
   * already latched is not raised twice, but the session actions run again: wiping twice is harmless).
   */
  public void switchOpened() {
    boolean raise;
    synchronized (this) {
      switchOpen = true;
      raise = !latched;
      latched = true;
    }
    for (Runnable a : actions) {
      try {
        a.run();
      } catch (RuntimeException e) {
        LOG.error("tamper action failed", e);
      }
    }
    if (raise) {
      LOG.error("tamper switch opened: FRAUDATTEMPT, session ended; staff must inspect the kiosk and acknowledge");
      health.report(Peripheral.GPIO, PeripheralHealth.FRAUDATTEMPT, CODE,
          "tamper switch opened: the cabinet or a device enclosure was opened; inspect the kiosk");
      report(TamperAlarm.Kind.RAISED);
    }
  }

  /** The switch closed again; the alarm stays latched until {@link #acknowledge()}. */
  public void switchClosed() {
    synchronized (this) {
      if (!switchOpen) {
        return;
      }
      switchOpen = false;
    }
    LOG.info("tamper switch closed; alarm stays until acknowledged");
    report(TamperAlarm.Kind.SWITCH_CLOSED);
  }

  /**
   * Staff clear the alarm. Refused while the switch is still open.
   *
   * @return true when the alarm was cleared (or none was raised)
   */
  public boolean acknowledge() {
    synchronized (this) {
      if (switchOpen) {
        return false;
      }
      if (!latched) {
        return true;
      }
      latched = false;
    }
    LOG.info("tamper alarm acknowledged");
    health.setStatus(Peripheral.GPIO, PeripheralHealth.ONLINE);
    report(TamperAlarm.Kind.ACKNOWLEDGED);
    return true;
  }

  /** Whether the alarm is raised (latched). */
  public synchronized boolean alarmed() {
    return latched;
  }

  private void report(TamperAlarm.Kind kind) {
    TamperAlarm alarm = new TamperAlarm(kind, clock.instant());
    for (Consumer<TamperAlarm> h : hooks) {
      try {
        h.accept(alarm);
      } catch (RuntimeException e) {
        LOG.warn("tamper report hook failed", e);
      }
    }
  }
}
