package org.doorstep.agent.device.idcard;

import io.vertx.core.Future;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.IdCard;

/**
 * The reader of a terminal without one ({@code devices.idCardReader.driver: NONE}): no card is ever present,
 * health is NODEVICE. Such a terminal offers no certification; it may still print proofs. Stateless.
 */
public final class NoIdCardReader implements IdCardReader {
  @Override
  public Future<Boolean> cardPresent() {
    return Future.succeededFuture(false);
  }

  @Override
  public Future<Optional<IdCard>> read() {
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(PeripheralHealth.NODEVICE);
  }
}
