package org.doorstep.agent.device.gpio;

import java.util.Objects;
import org.doorstep.agent.device.health.DeviceHealthSnapshot;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;

/**
 * The status light's state machine: what it knows ({@code sessionActive}, {@code staffCalled}, the
 * health) and the {@link LightState} that follows. Pure and immutable: {@link #on(Event)} returns the
 * next inputs, {@link #state()} the light state, so the whole table is unit-tested without GPIO or
 * Vert.x. {@link StatusLight} performs it.
 *
 * <p>Priority, highest first: agent stopped → OFF; tamper/fraud → NEEDS_STAFF (someone must look at
 * the kiosk before it serves again); a configured peripheral OFFLINE/POWEROFF/HWERROR → ERROR; paper
 * OUT/JAMMED or staff called → NEEDS_STAFF; a session in progress → BUSY; otherwise IDLE.
 *
 * @param running       the agent runs (false before start and after stop)
 * @param sessionActive a resident's session is in progress
 * @param staffCalled   a resident or the agent asked for staff (e.g. a help button)
 * @param health        the device health last seen
 */
public record LightInputs(boolean running, boolean sessionActive, boolean staffCalled, DeviceHealthSnapshot health) {

  public LightInputs {
    Objects.requireNonNull(health, "health");
  }

  /** What can change the light. */
  public sealed interface Event {
    /** The agent started ({@code true}) or is stopping. */
    record Running(boolean running) implements Event {}
    /** A session started ({@code true}) or ended. */
    record Session(boolean active) implements Event {}
    /** Staff were called ({@code true}) or the call was cleared. */
    record StaffCall(boolean called) implements Event {}
    /** The health changed. */
    record Health(DeviceHealthSnapshot snapshot) implements Event {
      public Health {
        Objects.requireNonNull(snapshot, "snapshot");
      }
    }
  }

  /** Before the agent runs: OFF. */
  public static LightInputs initial(DeviceHealthSnapshot health) {
    return new LightInputs(false, false, false, health);
  }

  /** The inputs after {@code event}. */
  public LightInputs on(Event event) {
    Objects.requireNonNull(event, "event");
    if (event instanceof Event.Running r) {
      return new LightInputs(r.running(), r.running() && sessionActive, staffCalled, health);
    }
    if (event instanceof Event.Session s) {
      return new LightInputs(running, s.active(), staffCalled, health);
    }
    if (event instanceof Event.StaffCall c) {
      return new LightInputs(running, sessionActive, c.called(), health);
    }
    Event.Health h = (Event.Health) event;
    // Health changes may arrive late (runOnContext); never go back to an older snapshot.
    return h.snapshot().version() < health.version() ? this
        : new LightInputs(running, sessionActive, staffCalled, h.snapshot());
  }

  /** The light state these inputs call for. */
  public LightState state() {
    if (!running) {
      return LightState.OFF;
    }
    if (health.anyFraud()) {
      return LightState.NEEDS_STAFF;
    }
    if (health.anyOutOfService()) {
      return LightState.ERROR;
    }
    PaperState paper = health.get(Peripheral.PRINTER).paper();
    if (staffCalled || paper == PaperState.OUT || paper == PaperState.JAMMED) {
      return LightState.NEEDS_STAFF;
    }
    return sessionActive ? LightState.BUSY : LightState.IDLE;
  }
}
