package org.doorstep.agent.remote;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.gpio.PowerCycler;
import org.doorstep.agent.device.health.DeviceHealthSnapshot;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.device.printer.PaperWidth;
import org.doorstep.agent.device.printer.ReceiptTemplates;
import org.doorstep.agent.device.wiring.KioskDevices;
import org.doorstep.agent.logging.RecentLogs;
import org.doorstep.config.contract.Command;
import org.doorstep.config.profile.DoorstepConfig;

/**
 * The commands every agent understands:
 *
 * <table>
 *   <caption>built-in commands</caption>
 *   <tr><th>name</th><th>args</th><th>does</th></tr>
 *   <tr><td>{@code ping}</td><td>none</td><td>answers DONE with the agent and config versions</td></tr>
 *   <tr><td>{@code report-state}</td><td>none</td><td>publishes the retained state now</td></tr>
 *   <tr><td>{@code power-cycle}</td><td>{@code peripheral}: {@code idCardReader} or {@code printer}</td>
 *       <td>switches the peripheral's power relay off and on until it answers ({@link PowerCycler})</td></tr>
 *   <tr><td>{@code reload-config}</td><td>none</td><td>puts the configuration on disk into force again
 *       (restarts the agent's services)</td></tr>
 *   <tr><td>{@code self-test}</td><td>none</td><td>asks every peripheral for its status now; DONE when every
 *       configured one is ONLINE with paper, FAILED listing the ones that are not</td></tr>
 *   <tr><td>{@code print-test-page}</td><td>none</td><td>prints the receipt printer's test page
 *       ({@link ReceiptTemplates#testPage})</td></tr>
 *   <tr><td>{@code restart}</td><td>none</td><td>restarts the agent's services (devices reopened, uplink
 *       reconnected) with the configuration in force; refused while a resident is being served</td></tr>
 *   <tr><td>{@code fetch-logs}</td><td>{@code lines} (1–{@value #MAX_LOG_LINES}, default
 *       {@value #DEFAULT_LOG_LINES}), {@code maxBytes} ({@value #MIN_LOG_BYTES}–{@value #MAX_LOG_BYTES}, default
 *       {@value #DEFAULT_LOG_BYTES})</td><td>answers the newest lines of the agent's log, masked
 *       ({@link RecentLogs})</td></tr>
 * </table>
 */
public final class BuiltInCommands {
  /** Command names. */
  public static final String PING = "ping";
  public static final String REPORT_STATE = "report-state";
  public static final String POWER_CYCLE = "power-cycle";
  public static final String RELOAD_CONFIG = "reload-config";
  public static final String SELF_TEST = "self-test";
  public static final String PRINT_TEST_PAGE = "print-test-page";
  public static final String RESTART = "restart";
  public static final String FETCH_LOGS = "fetch-logs";

  /** {@code fetch-logs} bounds: a result must fit one MQTT message with room for its signature. */
  public static final int MAX_LOG_LINES = 5000;
  public static final int DEFAULT_LOG_LINES = 200;
  public static final int MIN_LOG_BYTES = 1024;
  public static final int MAX_LOG_BYTES = 64 * 1024;
  public static final int DEFAULT_LOG_BYTES = 16 * 1024;

  private BuiltInCommands() {}

  /**
   * What the built-in commands act on; every supplier is asked when a command arrives (devices and config
   * change when the services restart).
   *
   * @param agentVersion  the agent's version
   * @param configVersion the config version in force
   * @param config        the configuration in force
   * @param reportState   publishes the state now
   * @param devices       the kiosk's devices as they are now, null while the services are stopped
   * @param health        the peripherals' health as it is now
   * @param reload        puts the configuration on disk into force again
   * @param restart       restarts the services with the configuration in force; fails while a resident is served
   * @param clock         for the test page's time
   */
  public record Hooks(String agentVersion, LongSupplier configVersion, Supplier<DoorstepConfig> config,
      Runnable reportState, Supplier<KioskDevices> devices, Supplier<DeviceHealthSnapshot> health,
      Supplier<Future<InForce>> reload, Supplier<Future<Void>> restart, Clock clock) {
    public Hooks {
      Objects.requireNonNull(agentVersion, "agentVersion");
      Objects.requireNonNull(configVersion, "configVersion");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(reportState, "reportState");
      Objects.requireNonNull(devices, "devices");
      Objects.requireNonNull(health, "health");
      Objects.requireNonNull(reload, "reload");
      Objects.requireNonNull(restart, "restart");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /** Registers the eight handlers. */
  public static void register(CommandHandlers handlers, Hooks hooks) {
    handlers.register(PING, c -> Future.succeededFuture(CommandHandler.Outcome.done(
        "pong: agent " + hooks.agentVersion() + ", config version " + hooks.configVersion().getAsLong())));
    handlers.register(REPORT_STATE, c -> {
      hooks.reportState().run();
      return Future.succeededFuture(CommandHandler.Outcome.done("state published"));
    });
    handlers.register(POWER_CYCLE, c -> powerCycle(c.args().get("peripheral"), hooks.devices().get()));
    handlers.register(RELOAD_CONFIG, c -> hooks.reload().get().map(f -> CommandHandler.Outcome.done(
        "configuration reloaded; config version " + f.version() + " in force")));
    handlers.register(SELF_TEST, c -> selfTest(hooks));
    handlers.register(PRINT_TEST_PAGE, c -> printTestPage(hooks));
    handlers.register(RESTART, c -> hooks.restart().get().map(v -> CommandHandler.Outcome.done(
        "services restarted; config version " + hooks.configVersion().getAsLong() + " in force")));
    handlers.register(FETCH_LOGS, BuiltInCommands::fetchLogs);
  }

  private static Future<CommandHandler.Outcome> powerCycle(String key, KioskDevices devices) {
    Optional<Peripheral> p = key == null ? Optional.empty() : Peripheral.fromKey(key);
    if (p.isEmpty() || (p.get() != Peripheral.ID_CARD_READER && p.get() != Peripheral.PRINTER)) {
      return Future.succeededFuture(CommandHandler.Outcome.failed(
          "args.peripheral: must be idCardReader or printer, was " + (key == null ? "missing" : "'" + key + "'")));
    }
    if (devices == null) {
      return notRunning();
    }
    Optional<PowerCycler> cycler = devices.powerCycler();
    if (cycler.isEmpty() || !cycler.get().canCycle(p.get())) {
      return Future.succeededFuture(CommandHandler.Outcome.failed(
          p.get().key() + " has no power relay (devices.gpio.relays)"));
    }
    Supplier<Future<?>> probe = p.get() == Peripheral.PRINTER ? () -> devices.printer().health()
        : () -> devices.reader().health();
    return cycler.get().recover(p.get(), probe).map(n -> CommandHandler.Outcome.done(
        p.get().key() + " answers again after " + n + " power cycle(s)"));
  }

  private static Future<CommandHandler.Outcome> selfTest(Hooks hooks) {
    KioskDevices devices = hooks.devices().get();
    if (devices == null) {
      return notRunning();
    }
    return devices.probe().map(v -> selfTestOutcome(hooks.health().get()));
  }

  /**
   * The self-test's verdict on a health snapshot: peripherals with {@code NODEVICE} are not configured and left
   * out; any other status than ONLINE, and paper OUT or JAMMED, is a problem (paper LOW is reported, not failed).
   */
  static CommandHandler.Outcome selfTestOutcome(DeviceHealthSnapshot snapshot) {
    List<String> seen = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Peripheral p : Peripheral.values()) {
      PeripheralStatus s = snapshot.peripherals().get(p);
      if (s == null || s.status() == PeripheralHealth.NODEVICE) {
        continue;
      }
      String word = p.key() + " " + s.status()
          + (s.paper() == PaperState.NOTSUPPORTED ? "" : " (paper " + s.paper() + ")");
      seen.add(word);
      if (s.status() != PeripheralHealth.ONLINE || s.paper() == PaperState.OUT || s.paper() == PaperState.JAMMED) {
        problems.add(word + s.lastError().map(e -> ": " + e.code() + " " + e.text()).orElse(""));
      }
    }
    if (seen.isEmpty()) {
      return CommandHandler.Outcome.failed("self-test: no peripheral is configured");
    }
    return problems.isEmpty()
        ? CommandHandler.Outcome.done("self-test passed: " + String.join(", ", seen))
        : CommandHandler.Outcome.failed("self-test found " + problems.size() + " problem(s): "
            + String.join("; ", problems) + " | all: " + String.join(", ", seen));
  }

  private static Future<CommandHandler.Outcome> printTestPage(Hooks hooks) {
    KioskDevices devices = hooks.devices().get();
    if (devices == null) {
      return notRunning();
    }
    DoorstepConfig config = hooks.config().get();
    PaperWidth width = PaperWidth.ofMillimetres(config.devices().printer().paperWidthMm());
    String payload = "DOORSTEP-PRINTER-TEST " + config.device().id() + " "
        + hooks.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return devices.printer().print(ReceiptTemplates.testPage(width, payload, hooks.clock().instant()), "test-page")
        .map(v -> CommandHandler.Outcome.done("test page printed (" + width.millimetres() + " mm)"));
  }

  private static Future<CommandHandler.Outcome> fetchLogs(Command c) {
    int lines;
    int maxBytes;
    try {
      lines = intArg(c, "lines", DEFAULT_LOG_LINES, 1, MAX_LOG_LINES);
      maxBytes = intArg(c, "maxBytes", DEFAULT_LOG_BYTES, MIN_LOG_BYTES, MAX_LOG_BYTES);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(CommandHandler.Outcome.failed(e.getMessage()));
    }
    RecentLogs.Tail tail = RecentLogs.tail(lines, maxBytes - 200);
    String header = "# " + tail.lines().size() + " of " + tail.available() + " kept lines"
        + (tail.dropped() > 0 ? " (" + tail.dropped() + " older lines dropped)" : "") + ", masked\n";
    return Future.succeededFuture(CommandHandler.Outcome.done(header + tail.text()));
  }

  private static int intArg(Command c, String name, int dflt, int min, int max) {
    String v = c.args().get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("args." + name + ": must be a whole number from " + min + " to " + max
        + ", was '" + v + "'");
  }

  private static Future<CommandHandler.Outcome> notRunning() {
    return Future.succeededFuture(CommandHandler.Outcome.failed("the kiosk's devices are not running"));
  }
}
