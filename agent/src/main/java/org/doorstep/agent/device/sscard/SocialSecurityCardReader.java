package org.doorstep.agent.device.sscard;

import io.vertx.core.Future;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;

/**
 * The social-security card reader port (社会保障卡, PC/SC contact reader; agent/docs/social-security-card.md).
 *
 * <p>Threads: callable from the agent's event loop; implementations do their blocking I/O on their own
 * single-thread worker ({@code sscard}) and complete the futures on the caller's context. Failures: a failed
 * future carries a {@link org.doorstep.agent.device.DeviceException} whose reason is a {@link SsCardProblem}
 * ({@code NOT_CONNECTED}, {@code NO_ANSWER}, {@code NOT_A_SOCIAL_SECURITY_CARD}, {@code CARD_REMOVED}, …); "no card"
 * is a value. No method takes or sends a PIN: only the basic files readable without one are read.
 */
public interface SocialSecurityCardReader {
  /** Whether a card is in the reader. */
  Future<Boolean> cardPresent();

  /**
   * Reads the card's basic data (SELECT SSSE, EF05 and EF06 records): ~0.1–0.3 s on a real reader.
   *
   * @return the card, or empty when no card is in the reader
   */
  Future<Optional<SocialSecurityCard>> read();

  /** Current health of the reader. */
  Future<PeripheralHealth> health();
}
