package org.doorstep.agent.device.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.model.DeviceFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Gpio} over Pi4J 2.8.0 (the newest Pi4J for Java 17; 3.x needs Java 21).
 *
 * <p>Line ids in the Pi4J context: {@value #PRESENCE_ID}, {@value #TAMPER_ID}, {@value #LIGHT_ID} and
 * {@code relay-<peripheral key>} (e.g. {@code relay-printer}); tests and {@code diag gpio --mock} use
 * them to reach the mock lines ({@code (MockDigitalInput) pi4j.io(PRESENCE_ID)}).
 *
 * <p>Threads: line I/O runs on the named worker {@value #WORKER} (one thread, so outputs change in
 * call order). Pi4J reports input edges on its own threads (the mock platform: on the thread that
 * calls {@code mockState}); they are handed to the context that called {@link #open}. Health: {@link
 * Peripheral#GPIO} becomes ONLINE when the lines are open, HWERROR when the platform refuses them or
 * an I/O call fails. The adapter owns the Pi4J context and shuts it down on {@link #close()}.
 */
public final class Pi4jGpio implements Gpio {
  private static final Logger LOG = LoggerFactory.getLogger(Pi4jGpio.class);
  /** Worker pool name (one thread). */
  public static final String WORKER = "gpio";
  /** Pi4J id of the presence input. */
  public static final String PRESENCE_ID = "presence";
  /** Pi4J id of the tamper input. */
  public static final String TAMPER_ID = "tamper";
  /** Pi4J id of the status light output. */
  public static final String LIGHT_ID = "light";

  private final Vertx vertx;
  private final io.vertx.core.Context context;
  private final WorkerExecutor worker;
  private final Context pi4j;
  private final GpioLines lines;
  private final HealthRegistry health;
  private final Clock clock;
  private final List<Handler<GpioEvent>> handlers = new CopyOnWriteArrayList<>();
  private DigitalInput presence;
  private DigitalInput tamper;
  private DigitalOutput light;
  private final Map<Peripheral, DigitalOutput> relays = new EnumMap<>(Peripheral.class);
  private volatile boolean closed;

  private Pi4jGpio(Vertx vertx, Context pi4j, GpioLines lines, HealthRegistry health, Clock clock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.worker = vertx.createSharedWorkerExecutor(WORKER, 1);
    this.pi4j = pi4j;
    this.lines = lines;
    this.health = health;
    this.clock = clock;
  }

  /** The relay line id of {@code peripheral}. */
  public static String relayId(Peripheral peripheral) {
    return "relay-" + peripheral.key();
  }

  /**
   * Opens {@code lines} on {@code pi4j} (taken over: shut down on close, or at once if opening fails).
   * Call from the Vert.x context that should receive the events.
   *
   * @return the open adapter; failed with {@link DeviceException} HARDWARE_ERROR when a line cannot
   *     be created (busy, no permission, no provider) — the GPIO health is then HWERROR
   */
  public static Future<Pi4jGpio> open(Vertx vertx, Context pi4j, GpioLines lines, HealthRegistry health, Clock clock) {
    Pi4jGpio g = new Pi4jGpio(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(pi4j, "pi4j"),
        Objects.requireNonNull(lines, "lines"), Objects.requireNonNull(health, "health"),
        Objects.requireNonNull(clock, "clock"));
    return g.worker.executeBlocking(() -> {
      g.createLines();
      return g;
    }, true).recover(err -> {
      health.report(Peripheral.GPIO, PeripheralHealth.HWERROR, "GPIO_UNAVAILABLE",
          "GPIO lines could not be opened (in use, no permission or no GPIO driver)");
      LOG.error("GPIO lines could not be opened: {}", err.toString());
      g.worker.close();
      shutdownQuietly(pi4j);
      return Future.failedFuture(new DeviceException(DeviceFault.HARDWARE_ERROR,
          "GPIO lines could not be opened: " + err.getMessage()));
    }).onSuccess(x -> {
      health.setStatus(Peripheral.GPIO, PeripheralHealth.ONLINE);
      LOG.info("GPIO open: presence {}, tamper {}, light {}, relays {}", lines.presencePin(), lines.tamperPin(),
          lines.statusLightPin(), lines.relayPins());
    });
  }

  /**
   * A Pi4J context on the mock platform: every line exists and starts LOW; tests and {@code diag gpio
   * --mock} drive inputs with {@code MockDigitalInput.mockState}. No shutdown hook (the caller closes it).
   */
  public static Context mockContext() {
    return Pi4J.newContextBuilder()
        .add(new MockPlatform())
        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
        .build();
  }

  /**
   * The Pi4J context of real hardware ({@code Pi4J.newAutoContext()}).
   *
   * @throws DeviceException NOT_CONNECTED when only the mock platform is on the class path: the agent
   *     must not believe a mock is its hardware (a real board needs a Pi4J platform plugin such as
   *     {@code pi4j-plugin-gpiod} or {@code pi4j-plugin-linuxfs} on the class path)
   */
  public static Context hardwareContext() {
    Context ctx = Pi4J.newAutoContext();
    String provider = ctx.dout().id();
    if (provider != null && provider.startsWith("mock")) {
      shutdownQuietly(ctx);
      throw new DeviceException(DeviceFault.NOT_CONNECTED,
          "no GPIO hardware provider (only Pi4J's mock is on the class path); disable devices.gpio or add a Pi4J platform plugin");
    }
    return ctx;
  }

  private void createLines() {
    long debounceUs = TimeUnit.NANOSECONDS.toMicros(lines.debounce().toNanos());
    presence = pi4j.din().create(DigitalInput.newConfigBuilder(pi4j).id(PRESENCE_ID).name("presence sensor")
        .address(lines.presencePin()).pull(lines.presenceActiveHigh() ? PullResistance.PULL_DOWN : PullResistance.PULL_UP)
        .debounce(debounceUs).build());
    tamper = pi4j.din().create(DigitalInput.newConfigBuilder(pi4j).id(TAMPER_ID).name("tamper switch")
        .address(lines.tamperPin()).pull(lines.tamperActiveHigh() ? PullResistance.PULL_DOWN : PullResistance.PULL_UP)
        .debounce(debounceUs).build());
    light = pi4j.dout().create(DigitalOutput.newConfigBuilder(pi4j).id(LIGHT_ID).name("status light")
        .address(lines.statusLightPin()).initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
    DigitalState powered = level(true, lines.relayActiveHigh());
    lines.relayPins().forEach((p, pin) -> relays.put(p, pi4j.dout().create(DigitalOutput.newConfigBuilder(pi4j)
        .id(relayId(p)).name(p.key() + " power relay").address(pin)
        // Peripherals stay powered when the agent stops: a stopped agent must not switch the kiosk off.
        .initial(powered).shutdown(powered).build())));
    presence.addListener(e -> edge(new GpioEvent.PresenceChanged(active(e.state(), lines.presenceActiveHigh()),
        clock.instant())));
    tamper.addListener(e -> edge(new GpioEvent.TamperChanged(active(e.state(), lines.tamperActiveHigh()),
        clock.instant())));
  }

  private void edge(GpioEvent event) {
    if (closed) {
      return;
    }
    // Pi4J's thread: never run agent code here.
    context.runOnContext(v -> handlers.forEach(h -> {
      try {
        h.handle(event);
      } catch (RuntimeException e) {
        LOG.warn("GPIO event handler failed on {}", event.getClass().getSimpleName(), e);
      }
    }));
  }

  private static boolean active(DigitalState state, boolean activeHigh) {
    return (state == DigitalState.HIGH) == activeHigh;
  }

  private static DigitalState level(boolean active, boolean activeHigh) {
    return active == activeHigh ? DigitalState.HIGH : DigitalState.LOW;
  }

  @Override
  public Future<Void> setLight(boolean on) {
    return io("status light", () -> light.state(on ? DigitalState.HIGH : DigitalState.LOW));
  }

  @Override
  public Future<Void> setRelay(Peripheral peripheral, boolean powered) {
    Objects.requireNonNull(peripheral, "peripheral");
    DigitalOutput relay = relays.get(peripheral);
    if (relay == null) {
      return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED,
          peripheral.key() + " has no power relay"));
    }
    return io(peripheral.key() + " relay", () -> relay.state(level(powered, lines.relayActiveHigh())));
  }

  @Override
  public Future<GpioReading> read() {
    if (closed) {
      return closedFailure();
    }
    return worker.executeBlocking(() -> {
      Map<Peripheral, Boolean> r = new EnumMap<>(Peripheral.class);
      relays.forEach((p, out) -> r.put(p, active(out.state(), lines.relayActiveHigh())));
      return new GpioReading(active(presence.state(), lines.presenceActiveHigh()),
          active(tamper.state(), lines.tamperActiveHigh()), light.state() == DigitalState.HIGH, r);
    }, true).recover(err -> ioFailed("read", err));
  }

  @Override
  public Gpio onEvent(Handler<GpioEvent> handler) {
    handlers.add(Objects.requireNonNull(handler, "handler"));
    return this;
  }

  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    return worker.<Void>executeBlocking(() -> {
      shutdownQuietly(pi4j);
      return null;
    }, true).eventually(() -> worker.close()).onComplete(r -> LOG.info("GPIO closed"));
  }

  private interface LineCall {
    void run() throws Exception;
  }

  private Future<Void> io(String what, LineCall call) {
    if (closed) {
      return closedFailure();
    }
    return worker.<Void>executeBlocking(() -> {
      call.run();
      return null;
    }, true).recover(err -> ioFailed(what, err));
  }

  private <T> Future<T> ioFailed(String what, Throwable err) {
    health.report(Peripheral.GPIO, PeripheralHealth.HWERROR, "GPIO_IO_ERROR", "a GPIO line stopped working (" + what + ")");
    return Future.failedFuture(new DeviceException(DeviceFault.HARDWARE_ERROR, "GPIO " + what + " failed: " + err.getMessage()));
  }

  private static <T> Future<T> closedFailure() {
    return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "GPIO is closed"));
  }

  private static void shutdownQuietly(Context ctx) {
    try {
      if (!ctx.isShutdown()) {
        ctx.shutdown();
      }
    } catch (Exception e) {
      LOG.debug("Pi4J shutdown failed", e);
    }
  }
}
