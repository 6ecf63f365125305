package org.doorstep.agent.kiosk;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.idcard.IdCardReader;
import org.doorstep.agent.device.sscard.SocialSecurityCard;
import org.doorstep.agent.device.sscard.SocialSecurityCardReader;
import org.doorstep.agent.model.IdCard;

/**
 * The card step's reader when the terminal takes either card: the ID card reader and the social-security card
 * reader (agent/docs/social-security-card.md §8), seen by {@link CertificationRunner} as one {@link IdCardReader}.
 *
 * <p>{@link #cardPresent()} asks the ID card reader first and, when it holds no card, the social-security card
 * reader; {@link #read()} reads from the one that last reported a card. A social-security card becomes an
 * {@link IdCard} of type {@code SOCIAL_SECURITY_CARD} without a photo ({@link IdCard#socialSecurityCard}). A
 * social-security card reader that fails to answer "is a card there?" (PC/SC service down) counts as holding no
 * card, so ID cards keep working; its own health entry reports the fault. Read failures pass through unchanged:
 * {@link DeviceMessages#forReadFailure} words both readers' problems.
 *
 * <p>{@link #health()} is the ID card reader's (the social-security card reader has its own health entry).
 * Confined to the runner's context, like the runner.
 */
public final class CardReaders implements IdCardReader {
  private final IdCardReader idCards;
  private final SocialSecurityCardReader socialSecurityCards;
  private boolean lastSeenSocialSecurityCard;

  public CardReaders(IdCardReader idCards, SocialSecurityCardReader socialSecurityCards) {
    this.idCards = Objects.requireNonNull(idCards, "idCards");
    this.socialSecurityCards = Objects.requireNonNull(socialSecurityCards, "socialSecurityCards");
  }

  @Override
  public Future<Boolean> cardPresent() {
    return idCards.cardPresent().compose(idCard -> {
      if (idCard) {
        lastSeenSocialSecurityCard = false;
        return Future.succeededFuture(true);
      }
      return socialSecurityCards.cardPresent()
          .otherwise(false)
          .map(ssCard -> {
            lastSeenSocialSecurityCard = ssCard;
            return ssCard;
          });
    });
  }

  @Override
  public Future<Optional<IdCard>> read() {
    if (!lastSeenSocialSecurityCard) {
      return idCards.read();
    }
    return socialSecurityCards.read().map(card -> card.map(CardReaders::holder));
  }

  @Override
  public Future<PeripheralHealth> health() {
    return idCards.health();
  }

  /** The card step's view of a social-security card: number, name and validity; no photo. */
  static IdCard holder(SocialSecurityCard card) {
    return IdCard.socialSecurityCard(card.idNumber(), card.name(), card.validUntil());
  }
}
