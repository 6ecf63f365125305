package org.doorstep.agent.remote;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.doorstep.agent.device.gpio.PowerCycler;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.wiring.KioskDevices;

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
 * </table>
 */
public final class BuiltInCommands {
  /** Command names. */
  public static final String PING = "ping";
  public static final String REPORT_STATE = "report-state";
  public static final String POWER_CYCLE = "power-cycle";
  public static final String RELOAD_CONFIG = "reload-config";

  private BuiltInCommands() {}

  /**
   * Registers the four handlers.
   *
   * @param agentVersion  the agent's version
   * @param configVersion the config version in force
   * @param reportState   publishes the state now
   * @param devices       the kiosk's devices as they are now (they change when the services restart)
   * @param reload        puts the configuration on disk into force again
   */
  public static void register(CommandHandlers handlers, String agentVersion, LongSupplier configVersion,
      Runnable reportState, Supplier<KioskDevices> devices, Supplier<Future<InForce>> reload) {
    handlers.register(PING, c -> Future.succeededFuture(CommandHandler.Outcome.done(
        "pong: agent " + agentVersion + ", config version " + configVersion.getAsLong())));
    handlers.register(REPORT_STATE, c -> {
      reportState.run();
      return Future.succeededFuture(CommandHandler.Outcome.done("state published"));
    });
    handlers.register(POWER_CYCLE, c -> powerCycle(c.args().get("peripheral"), devices.get()));
    handlers.register(RELOAD_CONFIG, c -> reload.get().map(f -> CommandHandler.Outcome.done(
        "configuration reloaded; config version " + f.version() + " in force")));
  }

  private static Future<CommandHandler.Outcome> powerCycle(String key, KioskDevices devices) {
    Optional<Peripheral> p = key == null ? Optional.empty() : Peripheral.fromKey(key);
    if (p.isEmpty() || (p.get() != Peripheral.ID_CARD_READER && p.get() != Peripheral.PRINTER)) {
      return Future.succeededFuture(CommandHandler.Outcome.failed(
          "args.peripheral: must be idCardReader or printer, was " + (key == null ? "missing" : "'" + key + "'")));
    }
    if (devices == null) {
      return Future.succeededFuture(CommandHandler.Outcome.failed("the kiosk's devices are not running"));
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
}
