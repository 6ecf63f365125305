package org.doorstep.agent.device.gpio;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Objects;
import org.doorstep.agent.device.health.HealthRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs the status light: keeps the {@link LightInputs} state machine, and plays the {@link
 * LightPattern} of its {@link LightState} on {@link Gpio#setLight} with Vert.x timers (one timer per
 * phase change; none for a steady light).
 *
 * <pre>{@code
 * StatusLight light = new StatusLight(vertx, gpio, health);   // subscribes to health changes
 * light.on(new LightInputs.Event.Running(true));              // IDLE: steady on
 * light.on(new LightInputs.Event.Session(true));              // BUSY: 1 Hz
 * light.close();                                              // OFF, unsubscribed
 * }</pre>
 *
 * <p>Threads: confined to the context that created it; {@link #on} may be called from any thread
 * (it hops to that context). A failing {@code setLight} is logged once per state, never retried: the
 * light is a courtesy, the health of the GPIO lines is reported elsewhere.
 */
public final class StatusLight {
  private static final Logger LOG = LoggerFactory.getLogger(StatusLight.class);

  private final Vertx vertx;
  private final Context context;
  private final Gpio gpio;
  private final AutoCloseable subscription;
  private LightInputs inputs;
  private volatile LightState showing;
  private long generation;
  private long timer = -1;
  private boolean warned;

  /** A light that starts OFF and follows {@code health}; call from a Vert.x context. */
  public StatusLight(Vertx vertx, Gpio gpio, HealthRegistry health) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.gpio = Objects.requireNonNull(gpio, "gpio");
    this.context = vertx.getOrCreateContext();
    this.inputs = LightInputs.initial(health.snapshot());
    this.showing = null;
    this.subscription = health.subscribe(change -> on(new LightInputs.Event.Health(change.snapshot())));
    context.runOnContext(v -> apply());
  }

  /** Feeds an event to the state machine; the light changes if its state does. Thread-safe. */
  public void on(LightInputs.Event event) {
    Objects.requireNonNull(event, "event");
    context.runOnContext(v -> {
      inputs = inputs.on(event);
      apply();
    });
  }

  /** The state shown now (a plain read: exact on the light's context, eventually elsewhere). */
  public LightState showing() {
    return showing == null ? LightState.OFF : showing;
  }

  /**
   * Plays {@code state}'s pattern now, regardless of the inputs, until the next event (for {@code diag
   * gpio}). Thread-safe.
   *
   * @return completes when the pattern's first level is set
   */
  public Future<Void> force(LightState state) {
    Objects.requireNonNull(state, "state");
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> play(state).onComplete(p));
    return p.future();
  }

  /** Switches the light off and stops following health changes. Thread-safe. */
  public Future<Void> close() {
    try {
      subscription.close();
    } catch (Exception e) {
      LOG.debug("unsubscribe failed", e);
    }
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      inputs = inputs.on(new LightInputs.Event.Running(false));
      play(LightState.OFF).onComplete(p);
    });
    return p.future();
  }

  private void apply() {
    LightState wanted = inputs.state();
    if (wanted != showing) {
      play(wanted);
    }
  }

  private Future<Void> play(LightState state) {
    showing = state;
    warned = false;
    long gen = ++generation;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    LOG.debug("status light {}", state);
    return phase(LightPattern.of(state), 0, gen, state);
  }

  private Future<Void> phase(LightPattern pattern, int index, long gen, LightState state) {
    LightPattern.Phase p = pattern.phases().get(index);
    Future<Void> set = gpio.setLight(p.on()).onFailure(err -> {
      if (!warned) {
        warned = true;
        LOG.warn("status light cannot show {}: {}", state, err.getMessage());
      }
    });
    if (!pattern.isSteady()) {
      timer = vertx.setTimer(Math.max(1, p.duration().toMillis()), id -> {
        if (gen == generation) {
          phase(pattern, (index + 1) % pattern.phases().size(), gen, state);
        }
      });
    }
    return set;
  }
}
