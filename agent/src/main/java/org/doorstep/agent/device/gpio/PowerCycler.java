package org.doorstep.agent.device.gpio;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.model.DeviceFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a reader or printer that stopped answering by switching its power relay off and on, up to
 * {@link PowerCyclePolicy#maxAttempts()} times with exponential backoff between attempts.
 *
 * <p>One attempt: wait {@link PowerCyclePolicy#delayBefore(int)} → report {@link
 * PowerCycleEvent.Attempt}, health POWEROFF (error {@code POWER_CYCLE}) → relay off → wait {@code
 * offTime} → relay on, health OFFLINE → wait {@code settleTime} → probe (bounded by {@code
 * probeTimeout}). A probe that succeeds ends the run: health ONLINE, {@link PowerCycleEvent.Recovered}.
 * After the last failed attempt, or when the relay itself fails: health HWERROR (error {@code
 * POWER_CYCLE_FAILED}), {@link PowerCycleEvent.GaveUp}, and a failed future.
 *
 * <pre>{@code
 * PowerCycler cycler = new PowerCycler(vertx, health, Map.of(Peripheral.PRINTER, PowerRelay.of(gpio, Peripheral.PRINTER)),
 *     PowerCyclePolicy.defaults(), clock, event -> reporter.changed());
 * printer.status().recover(err -> cycler.recover(Peripheral.PRINTER, printer::status).mapEmpty());
 * }</pre>
 *
 * <p>Threads: call from a Vert.x context; timers and events run on it. A second {@link #recover} for
 * a peripheral already being cycled returns the run in progress. The event listener must be quick.
 */
public final class PowerCycler {
  private static final Logger LOG = LoggerFactory.getLogger(PowerCycler.class);

  private final Vertx vertx;
  private final HealthRegistry health;
  private final Map<Peripheral, PowerRelay> relays;
  private final PowerCyclePolicy policy;
  private final Clock clock;
  private final Consumer<PowerCycleEvent> events;
  private final Map<Peripheral, Future<Integer>> running = new EnumMap<>(Peripheral.class);

  /**
   * @param relays the peripherals that can be power-cycled (others fail with NOT_CONNECTED)
   * @param events called with every step (on the caller's context)
   */
  public PowerCycler(Vertx vertx, HealthRegistry health, Map<Peripheral, PowerRelay> relays, PowerCyclePolicy policy,
      Clock clock, Consumer<PowerCycleEvent> events) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.health = Objects.requireNonNull(health, "health");
    this.relays = new EnumMap<>(Peripheral.class);
    this.relays.putAll(Objects.requireNonNull(relays, "relays"));
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** Whether {@code peripheral} has a relay. */
  public boolean canCycle(Peripheral peripheral) {
    return relays.containsKey(peripheral);
  }

  /** Whether a run for {@code peripheral} is in progress. */
  public synchronized boolean cycling(Peripheral peripheral) {
    return running.containsKey(peripheral);
  }

  /**
   * Power-cycles {@code peripheral} until {@code probe} succeeds or the attempts run out.
   *
   * @param probe asks the device something harmless (SAM status, {@code DLE EOT 1}); a failed future
   *              means it still does not answer
   * @return the number of attempts it took; failed with {@link DeviceException}: NOT_CONNECTED when
   *     the peripheral has no relay (health untouched), HARDWARE_ERROR after giving up
   */
  public synchronized Future<Integer> recover(Peripheral peripheral, Supplier<Future<?>> probe) {
    Objects.requireNonNull(peripheral, "peripheral");
    Objects.requireNonNull(probe, "probe");
    PowerRelay relay = relays.get(peripheral);
    if (relay == null) {
      return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED,
          peripheral.key() + " has no power relay"));
    }
    Future<Integer> inFlight = running.get(peripheral);
    if (inFlight != null) {
      return inFlight;
    }
    Future<Integer> run = attempt(peripheral, relay, probe, 1);
    running.put(peripheral, run);
    run.onComplete(r -> {
      synchronized (this) {
        running.remove(peripheral);
      }
    });
    return run;
  }

  private Future<Integer> attempt(Peripheral p, PowerRelay relay, Supplier<Future<?>> probe, int n) {
    Duration delay = policy.delayBefore(n).orElseThrow();
    return after(delay)
        .compose(v -> {
          emit(new PowerCycleEvent.Attempt(p, n, policy.maxAttempts(), clock.instant()));
          LOG.warn("{} not answering: power cycle {} of {}", p.key(), n, policy.maxAttempts());
          health.report(p, PeripheralHealth.POWEROFF, "POWER_CYCLE",
              "power-cycling " + p.key() + " (attempt " + n + " of " + policy.maxAttempts() + ")");
          return relay.setPowered(false);
        })
        .compose(v -> after(policy.offTime()))
        .compose(v -> relay.setPowered(true))
        .onSuccess(v -> health.setStatus(p, PeripheralHealth.OFFLINE))
        .recover(err -> Future.failedFuture(new RelayFailed(err)))
        .compose(v -> after(policy.settleTime()))
        .compose(v -> safeProbe(probe).timeout(policy.probeTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
        .map(ok -> {
          health.setStatus(p, PeripheralHealth.ONLINE);
          emit(new PowerCycleEvent.Recovered(p, n, clock.instant()));
          LOG.info("{} answers again after {} power cycle(s)", p.key(), n);
          return n;
        })
        .recover(err -> {
          if (err instanceof RelayFailed) {
            return giveUp(p, n, "its power relay did not switch");
          }
          if (n < policy.maxAttempts()) {
            return attempt(p, relay, probe, n + 1);
          }
          return giveUp(p, n, "it did not answer after " + n + " power cycle(s)");
        });
  }

  private Future<Integer> giveUp(Peripheral p, int n, String reason) {
    String text = p.key() + " is out of service: " + reason + "; ask staff";
    health.report(p, PeripheralHealth.HWERROR, "POWER_CYCLE_FAILED", text);
    emit(new PowerCycleEvent.GaveUp(p, n, reason, clock.instant()));
    LOG.error("{} is out of service: {}", p.key(), reason);
    return Future.failedFuture(new DeviceException(DeviceFault.HARDWARE_ERROR, text));
  }

  private static Future<?> safeProbe(Supplier<Future<?>> probe) {
    try {
      return Objects.requireNonNull(probe.get(), "probe result");
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void emit(PowerCycleEvent e) {
    try {
      events.accept(e);
    } catch (RuntimeException ex) {
      LOG.warn("power cycle listener failed", ex);
    }
  }

  private Future<Void> after(Duration d) {
    if (d.isZero()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(Math.max(1, d.toMillis()), id -> p.complete());
    return p.future();
  }

  /** Marks a relay failure so the run gives up at once instead of retrying. */
  private static final class RelayFailed extends RuntimeException {
    RelayFailed(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
