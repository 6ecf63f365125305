package org.doorstep.agent.device.idcard.sim;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.idcard.IdCardReader;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.IdCard;

/**
 * An in-process reader: a test or the demo {@link #insert(IdCard) puts a card on it} and {@link
 * #remove() takes it away}. Answers immediately. Thread-safe: fixtures may call it from any thread.
 */
public final class SimulatedIdCardReader implements IdCardReader {
  private final AtomicReference<IdCard> card = new AtomicReference<>();
  private final AtomicBoolean unreadable = new AtomicBoolean();
  private final AtomicBoolean offline = new AtomicBoolean();

  /** Places {@code c} on the reader (replacing any card). */
  public void insert(IdCard c) {
    card.set(c);
  }

  /** Takes the card away. */
  public void remove() {
    card.set(null);
  }

  /** While set, reads fail with {@code CARD_UNREADABLE} (a scratched card). */
  public void unreadable(boolean on) {
    unreadable.set(on);
  }

  /** While set, every call fails with {@code NOT_CONNECTED} and health is {@code OFFLINE}. */
  public void offline(boolean on) {
    offline.set(on);
  }

  @Override
  public Future<Boolean> cardPresent() {
    if (offline.get()) {
      return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "simulated reader offline"));
    }
    return Future.succeededFuture(card.get() != null);
  }

  @Override
  public Future<Optional<IdCard>> read() {
    if (offline.get()) {
      return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "simulated reader offline"));
    }
    if (unreadable.get()) {
      return Future.failedFuture(new DeviceException(DeviceFault.CARD_UNREADABLE, "simulated unreadable card"));
    }
    return Future.succeededFuture(Optional.ofNullable(card.get()));
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(offline.get() ? PeripheralHealth.OFFLINE : PeripheralHealth.ONLINE);
  }
}
