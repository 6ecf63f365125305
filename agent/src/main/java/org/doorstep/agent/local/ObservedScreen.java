package org.doorstep.agent.local;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.session.ResidentMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's screen with listeners: every message and face-check guidance goes to the resident's screen as before
 * and, as it is shown, to whoever {@link #observe observes} it — the XFS4IoT {@code Doorstep} and {@code Biometric}
 * services, which relay the prompts to bank host software as events. Observers get keys, never personal data
 * (messages and guidance carry none; the masked resident goes to the screen only). A failing observer is logged and
 * never disturbs the screen. Every method of the port is passed on: a default one left out would silently drop what
 * the screen shows (ObservedScreenTest).
 *
 * <p>Threads: observers are called on the thread that called {@link #show} or {@link #guide}; they must not block.
 */
public final class ObservedScreen implements Screen {
  private static final Logger LOG = LoggerFactory.getLogger(ObservedScreen.class);

  /** What an observer is told. Both default to nothing. */
  public interface Observer {
    /** A message was shown to the resident. */
    default void shown(ResidentMessage message) {
    }

    /** Face-check guidance was shown to the resident. */
    default void guided(Guidance guidance) {
    }
  }

  private final Screen screen;
  private final List<Observer> observers = new CopyOnWriteArrayList<>();

  public ObservedScreen(Screen screen) {
    this.screen = Objects.requireNonNull(screen, "screen");
  }

  /** Adds {@code observer}; closing the handle removes it. Thread-safe. */
  public AutoCloseable observe(Observer observer) {
    Objects.requireNonNull(observer, "observer");
    observers.add(observer);
    return () -> observers.remove(observer);
  }

  @Override
  public Future<Void> show(ResidentMessage message) {
    for (Observer o : observers) {
      try {
        o.shown(message);
      } catch (RuntimeException e) {
        LOG.warn("screen observer failed on {}", message.key(), e);
      }
    }
    return screen.show(message);
  }

  @Override
  public Future<Void> guide(Guidance guidance) {
    for (Observer o : observers) {
      try {
        o.guided(guidance);
      } catch (RuntimeException e) {
        LOG.warn("screen observer failed on {}", guidance.key(), e);
      }
    }
    return screen.guide(guidance);
  }

  @Override
  public Future<Void> resident(Optional<MaskedResident> resident) {
    return screen.resident(resident);
  }

  @Override
  public Future<Boolean> askConsent() {
    return screen.askConsent();
  }

  @Override
  public Future<Void> wake() {
    return screen.wake();
  }
}
