package org.doorstep.agent.device.sscard.sim;

import java.time.LocalDate;
import org.doorstep.agent.device.idcard.Gb11643;
import org.doorstep.agent.device.sscard.SocialSecurityCard;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/** Sample cards for the simulators and tests (made-up people; the numbers pass GB 11643). */
public final class SampleSsCards {
  /** A resident's third-generation card, valid ten years. */
  public static final SocialSecurityCard RESIDENT_CARD = new SocialSecurityCard("410100D156000005", '1', "3.00",
      "41010000000000", LocalDate.of(2022, 3, 15), LocalDate.of(2032, 3, 15), "A12345678",
      IdNumber.of(Gb11643.complete("41010519520317002")), PersonName.of("张桂兰"), '2');
  /** {@link #RESIDENT_CARD} on a card. */
  public static final SimSsCard RESIDENT = SimSsCard.of("resident", RESIDENT_CARD);
  /** A bank card without the social-security application. */
  public static final SimSsCard BANK_ONLY = SimSsCard.bankOnly("bank-only");
  /** {@link #RESIDENT_CARD} on a generation whose EF06 needs a PIN/PSAM. */
  public static final SimSsCard HOLDER_DATA_GUARDED = RESIDENT.holderDataGuarded();

  private SampleSsCards() {
  }
}
