package org.doorstep.agent.device.idcard;

import io.vertx.core.Future;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.IdCard;

/**
 * The ID card reader port (GA/T 467 SAM reader: find card, select card, read base info).
 *
 * <p>Threads: callable from the agent's event loop; implementations do their blocking I/O on their
 * own single-thread worker and complete the futures on the caller's context. Every call is
 * cheap to repeat: the agent polls {@link #cardPresent()} a few times a second while idle.
 * Failures: a failed future carries a {@link org.doorstep.agent.device.DeviceException} with
 * {@code NOT_CONNECTED}, {@code TIMEOUT} or {@code CARD_UNREADABLE}; "no card" is a value, not a failure.
 */
public interface IdCardReader {
  /** Whether a card lies on the reader (SAM "find card"). */
  Future<Boolean> cardPresent();

  /**
   * Reads the card on the reader: number, name, validity and photo. Takes ~1 s on real hardware.
   *
   * @return the card, or empty when no card is present (removed before the read)
   */
  Future<Optional<IdCard>> read();

  /** Current health of the reader. */
  Future<PeripheralHealth> health();
}
