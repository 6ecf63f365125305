package org.doorstep.agent.device.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.config.profile.DeviceProfile.GpioProvider;
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

  /** The Pi4J context the lines live in (on the mock platform, tests drive the inputs through it). */
  public Context pi4j() {
    return pi4j;
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
   * The Pi4J context of {@code provider}, each with only its own digital input and output providers (no
   * auto-detection: the agent never mistakes one interface, or the mock, for another).
   *
   * <ul>
   *   <li>{@code GPIOD}: Pi4J's gpiod plugin on the GPIO character device {@code /dev/gpiochipN} (libgpiod,
   *       native library for armhf and aarch64; Pi4J 2.8.0 uses the Raspberry Pi's {@code pinctrl} chip).
   *   <li>{@code LINUXFS}: Pi4J's linuxfs plugin on the legacy sysfs interface {@code /sys/class/gpio}.
   *   <li>{@code MOCK}: {@link #mockContext()}.
   * </ul>
   *
   * @throws DeviceException NOT_CONNECTED naming the provider and what this machine lacks (no GPIO chip, no
   *     sysfs GPIO, the native library does not load on this CPU, not a supported board)
   */
  public static Context context(GpioProvider provider) {
    Objects.requireNonNull(provider, "provider");
    return switch (provider) {
      case MOCK -> mockContext();
      case GPIOD -> {
        if (!hasGpioChip(GPIO_CHIP_DIR)) {
          throw unavailable(provider, "no GPIO character device " + GPIO_CHIP_DIR + "/gpiochip* on this machine");
        }
        yield build(provider, () -> Pi4J.newContextBuilder()
            .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance()).build());
      }
      case LINUXFS -> {
        if (!Files.isDirectory(SYSFS_GPIO)) {
          throw unavailable(provider, "no sysfs GPIO interface " + SYSFS_GPIO + " on this machine (kernel built "
              + "without CONFIG_GPIO_SYSFS: use GPIOD)");
        }
        yield build(provider, () -> Pi4J.newContextBuilder()
            .add(LinuxFsDigitalInputProvider.newInstance(), LinuxFsDigitalOutputProvider.newInstance()).build());
      }
    };
  }

  /** Where the GPIO character devices live. */
  static final Path GPIO_CHIP_DIR = Path.of("/dev");
  /** The legacy sysfs GPIO interface. */
  static final Path SYSFS_GPIO = Path.of("/sys/class/gpio");

  /** Whether {@code dir} holds a {@code gpiochipN} device. */
  static boolean hasGpioChip(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().matches("gpiochip\\d+"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Context build(GpioProvider provider, java.util.function.Supplier<Context> builder) {
    try {
      return builder.get();
    } catch (RuntimeException | LinkageError e) {
      // The gpiod plugin throws from its native loader (UnsatisfiedLinkError on a CPU it has no library for)
      // or from board detection ("board model is unknown").
      throw unavailable(provider, "Pi4J could not start it: " + e);
    }
  }

  private static DeviceException unavailable(GpioProvider provider, String why) {
    return new DeviceException(DeviceFault.NOT_CONNECTED, "GPIO provider " + provider + " (devices.gpio.provider) is "
        + "unavailable: " + why);
  }

  private void createLines() {
    long debounceUs = TimeUnit.NANOSECONDS.toMicros(lines.debounce().toNanos());
    presence = pi4j.din().create(DigitalInput.newConfigBuilder(pi4j).id(PRESENCE_ID).name("presence sensor")
        .address(lines.presencePin()).pull(presencePull(lines.presenceActiveHigh()))
        .debounce(debounceUs).build());
    tamper = pi4j.din().create(DigitalInput.newConfigBuilder(pi4j).id(TAMPER_ID).name("tamper switch")
        .address(lines.tamperPin()).pull(tamperPull(lines.tamperActiveHigh()))
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

  /**
   * The presence sensor's pull holds the line at its idle level when the sensor's output is off (an
   * open-collector output only pulls one way): pull-down for an active-high sensor, pull-up for active-low.
   */
  static PullResistance presencePull(boolean activeHigh) {
    return activeHigh ? PullResistance.PULL_DOWN : PullResistance.PULL_UP;
  }

  /**
   * The tamper switch's pull gives the "opened" level when the switch opens (or its wire is cut): the usual
   * normally-closed switch to ground reads LOW while closed and, with a pull-up, HIGH once opened (active-high);
   * a normally-closed switch to 3.3 V needs a pull-down (active-low). The pull is towards the active level.
   */
  static PullResistance tamperPull(boolean activeHigh) {
    return activeHigh ? PullResistance.PULL_UP : PullResistance.PULL_DOWN;
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
