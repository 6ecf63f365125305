package org.doorstep.agent.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * What the reader read from a card. {@code toString()} masks every personal field (the number and
 * name mask themselves, the photo shows only a hash prefix, the text block masks itself).
 *
 * @param cardType   resident ID card or one of the permits
 * @param idNumber   the card holder's number
 * @param name       the card holder's name
 * @param validUntil last day of validity; {@link LocalDate#MAX} for a card valid for life (长期)
 * @param photo      the card's chip photo, the reference for the 1:1 face match (decoded by a {@code WltPhotoDecoder}
 *                   when read from a real reader); empty only for a {@link CardType#SOCIAL_SECURITY_CARD}, whose
 *                   photo is not readable without a PIN: its holder is matched against the last certification's
 *                   photo (or staff decide)
 * @param text       every field of the text block when the card came from a reader; empty for cards built
 *                   from the five fields alone (the in-process simulator)
 */
public record IdCard(CardType cardType, IdNumber idNumber, PersonName name, LocalDate validUntil,
    Optional<IdPhoto> photo, Optional<IdCardText> text) {
  public IdCard {
    Objects.requireNonNull(cardType, "cardType");
    Objects.requireNonNull(idNumber, "idNumber");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(photo, "photo");
    if (photo.isEmpty() != (cardType == CardType.SOCIAL_SECURITY_CARD)) {
      throw new IllegalArgumentException("photo: " + (photo.isEmpty() ? "required for a " + cardType + " card"
          : "a social-security card carries no readable photo"));
    }
    text = text == null ? Optional.empty() : text;
  }

  /** A card of the five essential fields, without the full text block. */
  public IdCard(CardType cardType, IdNumber idNumber, PersonName name, LocalDate validUntil, IdPhoto photo) {
    this(cardType, idNumber, name, validUntil, Optional.of(Objects.requireNonNull(photo, "photo")), Optional.empty());
  }

  /**
   * The holder of a social-security card (社会保障卡): its social security number (the ID number), name and
   * validity; no photo.
   */
  public static IdCard socialSecurityCard(IdNumber idNumber, PersonName name, LocalDate validUntil) {
    return new IdCard(CardType.SOCIAL_SECURITY_CARD, idNumber, name, validUntil, Optional.empty(), Optional.empty());
  }

  /** Whether the card carries a chip photo to match the live face against. */
  public boolean hasPhoto() {
    return photo.isPresent();
  }

  /** The card for a parsed text block and its photo. */
  public static IdCard of(IdCardText text, IdPhoto photo) {
    return new IdCard(text.cardType(), text.idNumber(), text.name(), text.validUntil(),
        Optional.of(Objects.requireNonNull(photo, "photo")), Optional.of(text));
  }

  @Override
  public String toString() {
    return "IdCard[" + cardType + ", " + idNumber.masked() + ", " + name.masked() + ", validUntil="
        + (validUntil.equals(LocalDate.MAX) ? "长期" : validUntil.toString()) + ", "
        + photo.map(Object::toString).orElse("no photo") + "]";
  }
}
