package org.doorstep.agent.device.sscard;

import io.vertx.core.Future;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;

/** The reader of a terminal without one ({@code devices.socialSecurityCard} absent or driver NONE). Stateless. */
public final class NoSocialSecurityCardReader implements SocialSecurityCardReader {
  @Override
  public Future<Boolean> cardPresent() {
    return Future.succeededFuture(false);
  }

  @Override
  public Future<Optional<SocialSecurityCard>> read() {
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(PeripheralHealth.NODEVICE);
  }
}
