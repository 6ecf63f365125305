package org.doorstep.agent.model;

import java.util.Objects;

/**
 * The resident as a screen may show them: the masked name ({@code 张*}) and ID number ({@code 110***********1234})
 * of their card, nothing else. The only way to make one is {@link #of(IdCard)}, so a screen adapter cannot be
 * handed the full name or number by mistake.
 */
public final class MaskedResident {
  private final String name;
  private final String idNumber;

  private MaskedResident(String name, String idNumber) {
    this.name = name;
    this.idNumber = idNumber;
  }

  /** The masked name and ID number of {@code card}'s holder. */
  public static MaskedResident of(IdCard card) {
    Objects.requireNonNull(card, "card");
    return new MaskedResident(card.name().masked(), card.idNumber().masked());
  }

  /** {@code PersonName.masked()}: the first character, then a star for each of the others. */
  public String name() {
    return name;
  }

  /** {@code IdNumber.masked()}: the region prefix and the last four characters. */
  public String idNumber() {
    return idNumber;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskedResident m && m.name.equals(name) && m.idNumber.equals(idNumber);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, idNumber);
  }

  @Override
  public String toString() {
    return name + " " + idNumber;
  }
}
