package org.doorstep.agent.device.idcard;

import java.time.LocalDate;
import java.util.Objects;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * What the reader read from a card. {@code toString()} masks every personal field (the number and
 * name mask themselves, the photo shows only a hash prefix).
 *
 * @param cardType   resident ID card or one of the permits
 * @param idNumber   the card holder's number
 * @param name       the card holder's name
 * @param validUntil last day of validity; {@link LocalDate#MAX} for a card valid for life (长期)
 * @param photo      the card's photo, the reference for the 1:1 face match
 */
public record IdCard(CardType cardType, IdNumber idNumber, PersonName name, LocalDate validUntil, IdPhoto photo) {
  public IdCard {
    Objects.requireNonNull(cardType, "cardType");
    Objects.requireNonNull(idNumber, "idNumber");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(photo, "photo");
  }
}
