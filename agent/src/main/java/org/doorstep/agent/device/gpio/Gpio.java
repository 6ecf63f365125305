package org.doorstep.agent.device.gpio;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import org.doorstep.agent.device.health.Peripheral;

/**
 * The kiosk's GPIO lines ({@link GpioLines}): two inputs (presence sensor, tamper switch) and outputs
 * (status light, a power relay per peripheral). Logical levels only: the adapter applies polarity.
 *
 * <p>Threads: methods may be called from any thread; the line I/O runs on the adapter's worker
 * ({@code gpio}, one thread), so calls are applied in order. Futures complete on the caller's context
 * when there is one. Events ({@link #onEvent}) are delivered on the Vert.x context that opened the
 * adapter, in the order the edges were seen.
 *
 * <p>Failures: a {@link org.doorstep.agent.device.DeviceException} with {@link
 * org.doorstep.agent.model.DeviceFault#NOT_CONNECTED} when the line does not exist (no GPIO, no relay
 * for that peripheral, adapter closed) and {@link org.doorstep.agent.model.DeviceFault#HARDWARE_ERROR}
 * when the platform refuses the I/O. Each call takes microseconds on real hardware; callers still
 * bound them with {@code timeout(…)} like every device call.
 */
public interface Gpio {
  /** Switches the status light on or off (patterns are timed by {@link StatusLight}, not here). */
  Future<Void> setLight(boolean on);

  /**
   * Powers {@code peripheral} on or off through its relay.
   *
   * @throws org.doorstep.agent.device.DeviceException NOT_CONNECTED (in the future) when it has no relay
   */
  Future<Void> setRelay(Peripheral peripheral, boolean powered);

  /** Every line's logical state now. */
  Future<GpioReading> read();

  /**
   * Adds a handler for input edges (presence, tamper). Handlers run on the context that opened the
   * adapter; register them before edges matter (the adapter does not replay past edges, but {@link
   * #read()} gives the levels now).
   */
  Gpio onEvent(Handler<GpioEvent> handler);

  /**
   * Releases the lines: outputs go to their shutdown level (light off, relays powered) and the
   * adapter refuses further calls. Idempotent.
   */
  Future<Void> close();
}
