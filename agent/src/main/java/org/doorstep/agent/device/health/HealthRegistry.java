package org.doorstep.agent.device.health;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.DeviceFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's device health: drivers update it, the state reporter, the local API, the OPC UA
 * namespace and the status light read it.
 *
 * <pre>{@code
 * HealthRegistry health = new HealthRegistry(clock);
 * health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
 * health.setPaper(Peripheral.PRINTER, PaperState.LOW);
 * health.report(Peripheral.PRINTER, PeripheralHealth.HWERROR, "PAPER_OUT", "printer is out of paper");
 * AutoCloseable sub = health.subscribe(change -> log(change.peripheral(), change.current().status()));
 * Map<String, String> words = health.snapshot().statusWords();     // for DeviceState.peripherals
 * }</pre>
 *
 * <p>Threads: every method may be called from any thread. An update is atomic: the snapshot moves
 * from one version to the next as a whole. Listeners are called on the thread that made the update,
 * after it is visible in {@link #snapshot()}, never while a lock is held, one at a time and in version
 * order (an update made by a listener, or by another thread while listeners run, is delivered after
 * the current one). A listener must be quick; one that throws is logged and the others still run.
 *
 * <p>Every peripheral starts as {@link PeripheralHealth#NODEVICE}; the agent sets the configured ones
 * when it creates their drivers. An update that changes nothing is not an event.
 */
public final class HealthRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

  private final Clock clock;
  private final Object lock = new Object();
  private final CopyOnWriteArrayList<Consumer<HealthChange>> listeners = new CopyOnWriteArrayList<>();
  private final Queue<HealthChange> pending = new ArrayDeque<>();
  private volatile DeviceHealthSnapshot current;
  private boolean delivering;

  /** A registry in which every peripheral is NODEVICE, timed by {@code clock}. */
  public HealthRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Instant now = clock.instant();
    Map<Peripheral, PeripheralStatus> m = new EnumMap<>(Peripheral.class);
    for (Peripheral p : Peripheral.values()) {
      m.put(p, PeripheralStatus.initial(p, now));
    }
    current = new DeviceHealthSnapshot(m, 0, now);
  }

  /** The health now (a consistent, immutable view). */
  public DeviceHealthSnapshot snapshot() {
    return current;
  }

  /** The status of one peripheral now. */
  public PeripheralStatus get(Peripheral peripheral) {
    return current.get(peripheral);
  }

  /**
   * Calls {@code listener} with every change from now on (see the class comment for threads and order).
   *
   * @return closing it unsubscribes
   */
  public AutoCloseable subscribe(Consumer<HealthChange> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Sets the status word of {@code peripheral}. */
  public void setStatus(Peripheral peripheral, PeripheralHealth status) {
    Objects.requireNonNull(status, "status");
    update(peripheral, (s, now) -> s.withStatus(status, now));
  }

  /** Sets the paper state of the printer (ignored for peripherals without paper). */
  public void setPaper(Peripheral peripheral, PaperState paper) {
    Objects.requireNonNull(paper, "paper");
    update(peripheral, (s, now) -> s.withPaper(paper));
  }

  /**
   * Records an error and the status it leaves the peripheral in.
   *
   * @param code a stable code (see {@link HealthError#code()})
   * @param text plain words for staff; never personal data
   */
  public void report(Peripheral peripheral, PeripheralHealth status, String code, String text) {
    Objects.requireNonNull(status, "status");
    update(peripheral, (s, now) -> s.withStatus(status, now).withError(new HealthError(code, text, now)));
  }

  /**
   * Records a failed driver call: the fault decides the status word. TIMEOUT and NOT_CONNECTED →
   * OFFLINE; HARDWARE_ERROR and UNKNOWN → HWERROR; PAPER_OUT → HWERROR with paper OUT;
   * CARD_UNREADABLE → the status stays (the device works, the card did not) and only the error is kept.
   *
   * @param text plain words for staff; never an exception message that could carry card data
   */
  public void reportFault(Peripheral peripheral, DeviceFault fault, String text) {
    Objects.requireNonNull(fault, "fault");
    update(peripheral, (s, now) -> {
      PeripheralStatus next = switch (fault) {
        case TIMEOUT, NOT_CONNECTED -> s.withStatus(PeripheralHealth.OFFLINE, now);
        case HARDWARE_ERROR, UNKNOWN -> s.withStatus(PeripheralHealth.HWERROR, now);
        case PAPER_OUT -> s.withStatus(PeripheralHealth.HWERROR, now).withPaper(PaperState.OUT);
        case CARD_UNREADABLE -> s;
      };
      return next.withError(HealthError.of(fault, text, now));
    });
  }

  /** A change to one peripheral's status: given the status now and the time, the new status. */
  @FunctionalInterface
  public interface Update {
    PeripheralStatus apply(PeripheralStatus current, Instant now);
  }

  /**
   * Applies {@code update} to {@code peripheral} atomically (the general form of the setters).
   *
   * @return the status after the update
   */
  public PeripheralStatus update(Peripheral peripheral, Update update) {
    Objects.requireNonNull(peripheral, "peripheral");
    Objects.requireNonNull(update, "update");
    PeripheralStatus after;
    synchronized (lock) {
      DeviceHealthSnapshot before = current;
      PeripheralStatus old = before.get(peripheral);
      Instant now = clock.instant();
      after = Objects.requireNonNull(update.apply(old, now), "update result");
      if (after.peripheral() != peripheral) {
        throw new IllegalArgumentException("update: returned the status of " + after.peripheral().key());
      }
      if (after.equals(old)) {
        return old;
      }
      Map<Peripheral, PeripheralStatus> m = new EnumMap<>(before.peripherals());
      m.put(peripheral, after);
      DeviceHealthSnapshot next = new DeviceHealthSnapshot(m, before.version() + 1, now);
      current = next;
      pending.add(new HealthChange(old, after, next));
      if (old.status() != after.status()) {
        LOG.info("{} {} -> {}{}", peripheral.key(), old.status(), after.status(),
            after.lastError().map(e -> " (" + e.code() + ")").orElse(""));
      }
      if (delivering) {
        return after;        // the thread already delivering will deliver this one too, in order
      }
      delivering = true;
    }
    deliver();
    return after;
  }

  private void deliver() {
    while (true) {
      HealthChange change;
      synchronized (lock) {
        change = pending.poll();
        if (change == null) {
          delivering = false;
          return;
        }
      }
      for (Consumer<HealthChange> l : listeners) {
        try {
          l.accept(change);
        } catch (RuntimeException e) {
          LOG.warn("health listener failed on {} change", change.peripheral().key(), e);
        }
      }
    }
  }
}
