package org.doorstep.agent.diag;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.gpio.GpioLines;
import org.doorstep.agent.device.gpio.GpioReading;
import org.doorstep.agent.device.gpio.LightPattern;
import org.doorstep.agent.device.gpio.LightState;
import org.doorstep.agent.device.gpio.Pi4jGpio;
import org.doorstep.agent.device.gpio.StatusLight;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.config.profile.ConfigException;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DeviceProfile.GpioProvider;
import org.doorstep.config.profile.DoorstepConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code diag gpio}: a field technician's check of the kiosk's GPIO lines. Prints every configured
 * line with its pin and state, plays each status-light pattern (checking that the line follows), and
 * reads the presence sensor and the tamper switch.
 *
 * <pre>
 * agent diag gpio --config kiosk.yaml                 # pins from devices.gpio
 * agent diag gpio --presence-pin 17 --tamper-pin 27 --light-pin 22 --relay printer=23
 * agent diag gpio --mock                              # Pi4J mock platform: no hardware needed
 * </pre>
 *
 * Exit codes: {@value #OK} all lines work · {@value #USAGE} bad options or config · {@value #DISABLED}
 * GPIO disabled in the device profile (nothing to test) · {@value #UNAVAILABLE} the lines cannot be
 * opened (wrong board, no Pi4J platform plugin, no permission: run as a user in group {@code gpio}) ·
 * {@value #LIGHT_FAULT} the status light line does not follow (wiring or driver fault) · {@value
 * #TAMPER_OPEN} the tamper switch is open (close the cabinet, then acknowledge the alarm).
 */
@Command(name = "gpio", mixinStandardHelpOptions = true,
    description = "Check the GPIO lines: presence sensor, tamper switch, status light, power relays.")
public final class DiagGpioCommand implements Callable<Integer> {
  /** Every line works. */
  public static final int OK = 0;
  /** Bad options or config. */
  public static final int USAGE = 2;
  /** GPIO is disabled in the device profile. */
  public static final int DISABLED = 4;
  /** The lines could not be opened. */
  public static final int UNAVAILABLE = 5;
  /** The status light line does not follow what was set. */
  public static final int LIGHT_FAULT = 6;
  /** The tamper switch is open. */
  public static final int TAMPER_OPEN = 7;

  /** Reference wiring used with {@code --mock} when no pin is given. */
  static final int MOCK_PRESENCE_PIN = 17;
  static final int MOCK_TAMPER_PIN = 27;
  static final int MOCK_LIGHT_PIN = 22;

  @Spec
  CommandSpec spec;

  @Option(names = "--config", description = "Kiosk config: pins and enabled flag from devices.gpio.")
  Path config;

  @Option(names = "--presence-pin", description = "Presence sensor input (BCM); overrides the config.")
  Integer presencePin;

  @Option(names = "--tamper-pin", description = "Tamper switch input (BCM); overrides the config.")
  Integer tamperPin;

  @Option(names = "--light-pin", description = "Status light output (BCM); overrides the config.")
  Integer lightPin;

  @Option(names = "--relay", description = "Power relay output per peripheral, e.g. --relay printer=23 (idCardReader, printer, camera).")
  Map<String, Integer> relays = new LinkedHashMap<>();

  @Option(names = "--mock", description = "Use Pi4J's mock platform instead of the hardware (no GPIO needed).")
  boolean mock;

  @Option(names = "--provider", description = "GPIO interface: GPIOD (/dev/gpiochipN), LINUXFS (/sys/class/gpio) "
      + "or MOCK; overrides devices.gpio.provider (default GPIOD).")
  GpioProvider provider;

  @Option(names = "--dwell", defaultValue = "2s", converter = DurationConverter.class,
      description = "How long each light pattern shows (2s, 500ms, 0 to only check the line).")
  Duration dwell;

  @Option(names = "--mock-presence", hidden = true, description = "With --mock: someone stands in front.")
  boolean mockPresence;

  @Option(names = "--mock-tamper-open", hidden = true, description = "With --mock: the tamper switch is open.")
  boolean mockTamperOpen;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GpioLines lines;
    try {
      DeviceProfile.Gpio profile = profile();
      if (profile != null && !Boolean.TRUE.equals(profile.enabled()) && !mock) {
        out.println("GPIO is disabled in the device profile (devices.gpio.enabled: false): nothing to test.");
        out.println("If this kiosk has GPIO, set devices.gpio.enabled: true and its pins, then run again.");
        return DISABLED;
      }
      lines = lines(profile);
      if (provider == null) {
        provider = profile != null && profile.provider() != null ? profile.provider() : GpioProvider.GPIOD;
      }
      if (mock) {
        provider = GpioProvider.MOCK;
      }
    } catch (ConfigException e) {
      err.println("invalid config " + config + ":");
      e.messages().forEach(m -> err.println("  " + m));
      return USAGE;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return USAGE;
    }

    Vertx vertx = Vertx.vertx();
    try {
      return run(vertx, lines, out, err);
    } finally {
      vertx.close().await();
    }
  }

  private int run(Vertx vertx, GpioLines lines, PrintWriter out, PrintWriter err) {
    HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    Context pi4j;
    Pi4jGpio gpio;
    try {
      pi4j = Pi4jGpio.context(provider);
      gpio = Pi4jGpio.open(vertx, pi4j, lines, health, Clock.systemUTC()).await();
    } catch (RuntimeException e) {
      err.println("GPIO lines could not be opened: " + e.getMessage());
      err.println("Check: is this the kiosk's board? Is devices.gpio.provider right for its kernel? Is the user in group 'gpio'?"
          + " Is another program (or a running agent) holding the lines?");
      return UNAVAILABLE;
    }
    try {
      if (provider == GpioProvider.MOCK) {
        ((MockDigitalInput) pi4j.io(Pi4jGpio.PRESENCE_ID)).mockState(level(mockPresence, lines.presenceActiveHigh()));
        ((MockDigitalInput) pi4j.io(Pi4jGpio.TAMPER_ID)).mockState(level(mockTamperOpen, lines.tamperActiveHigh()));
      }
      out.println("GPIO lines (" + (provider == GpioProvider.MOCK ? "Pi4J mock platform" : provider + " provider") + "):");
      GpioReading r = gpio.read().await();
      printLines(out, lines, r);

      out.println("status light patterns (" + (dwell.isZero() ? "line check only" : dwell.toMillis() + " ms each") + "):");
      StatusLight light = new StatusLight(vertx, gpio, health);
      boolean lightOk = true;
      for (LightState s : new LightState[] {LightState.IDLE, LightState.BUSY, LightState.NEEDS_STAFF,
          LightState.ERROR, LightState.OFF}) {
        LightPattern p = LightPattern.of(s);
        light.force(s).await();
        boolean follows = gpio.read().await().lightOn() == p.phases().get(0).on();
        lightOk &= follows;
        out.printf("  %-12s %-40s %s%n", s, describe(p), follows ? "ok" : "FAULT: the line did not follow");
        pause(vertx, dwell).await();
      }
      light.close().await();

      r = gpio.read().await();
      out.println("presence: " + (r.present() ? "someone is in front of the kiosk"
          : "nobody in front (stand in front of the sensor and run again to see it change)"));
      out.println("tamper:   " + (r.tamperOpen() ? "OPEN - close the cabinet and every enclosure" : "closed"));
      if (!lightOk) {
        out.println("result: status light FAULT - check its wiring and pin " + lines.statusLightPin());
        return LIGHT_FAULT;
      }
      if (r.tamperOpen()) {
        out.println("result: tamper switch OPEN - the kiosk raises FRAUDATTEMPT until it is closed and acknowledged");
        return TAMPER_OPEN;
      }
      out.println("result: OK");
      return OK;
    } catch (DeviceException e) {
      err.println("GPIO failed during the check: " + e.getMessage());
      return UNAVAILABLE;
    } finally {
      gpio.close().await();
    }
  }

  private DeviceProfile.Gpio profile() {
    if (config == null) {
      return null;
    }
    DoorstepConfig cfg = new ConfigLoader().load(config);
    return cfg.devices() == null ? null : cfg.devices().gpio();
  }

  private GpioLines lines(DeviceProfile.Gpio profile) {
    Integer presence = presencePin != null ? presencePin : profile == null ? null : profile.presencePin();
    Integer tamper = tamperPin != null ? tamperPin : profile == null ? null : profile.tamperPin();
    Integer light = lightPin != null ? lightPin : profile == null ? null : profile.statusLightPin();
    if (mock) {
      presence = presence == null ? MOCK_PRESENCE_PIN : presence;
      tamper = tamper == null ? MOCK_TAMPER_PIN : tamper;
      light = light == null ? MOCK_LIGHT_PIN : light;
    }
    if (presence == null || tamper == null || light == null) {
      throw new IllegalArgumentException("pins missing: give --config with devices.gpio, or --presence-pin,"
          + " --tamper-pin and --light-pin (or --mock)");
    }
    Map<Peripheral, Integer> relayPins = new EnumMap<>(Peripheral.class);
    relays.forEach((name, pin) -> relayPins.put(Peripheral.fromKey(name).orElseThrow(() ->
        new IllegalArgumentException("--relay " + name + ": unknown peripheral; one of idCardReader, printer, camera")), pin));
    return GpioLines.of(presence, tamper, light).withRelays(relayPins);
  }

  private static void printLines(PrintWriter out, GpioLines lines, GpioReading r) {
    out.printf("  %-20s BCM %-3d input   %s%n", "presence sensor", lines.presencePin(), r.present() ? "someone there" : "nobody");
    out.printf("  %-20s BCM %-3d input   %s%n", "tamper switch", lines.tamperPin(), r.tamperOpen() ? "OPEN" : "closed");
    out.printf("  %-20s BCM %-3d output  %s%n", "status light", lines.statusLightPin(), r.lightOn() ? "on" : "off");
    lines.relayPins().forEach((p, pin) -> out.printf("  %-20s BCM %-3d output  %s%n", p.key() + " power relay", pin,
        Boolean.TRUE.equals(r.relaysPowered().get(p)) ? "powered" : "OFF"));
  }

  private static String describe(LightPattern p) {
    if (p.isSteady()) {
      return p.phases().get(0).on() ? "steady on" : "dark";
    }
    return p.phases().stream().map(ph -> ph.duration().toMillis() + " ms " + (ph.on() ? "on" : "off"))
        .collect(Collectors.joining(", "));
  }

  private static DigitalState level(boolean active, boolean activeHigh) {
    return active == activeHigh ? DigitalState.HIGH : DigitalState.LOW;
  }

  private static Future<Void> pause(Vertx vertx, Duration d) {
    if (d.isZero() || d.isNegative()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(Math.max(1, d.toMillis()), id -> p.complete());
    return p.future();
  }
}
