package org.doorstep.agent.device.health;

import java.util.Optional;

/**
 * The peripherals whose health the kiosk reports. {@link #key()} is the name used in the retained
 * state message ({@link org.doorstep.config.contract.DeviceState#peripherals()}), the local API and
 * the OPC UA browse path; it never changes once published.
 */
public enum Peripheral {
  /** GA/T 467 ID-card reader. */
  ID_CARD_READER("idCardReader", false),
  /** ESC/POS receipt printer (paper state from its sensor). */
  PRINTER("printer", true),
  /** Face camera. */
  CAMERA("camera", false),
  /** GPIO lines: presence sensor, tamper switch, status light, power relays. */
  GPIO("gpio", false),
  /** A4 form printer over IPP (agent/docs/forms-and-ipp.md): paper state from printer-state-reasons. */
  FORM_PRINTER("formPrinter", true),
  /** Document camera (高拍仪): auto-captured pages for the document scan. */
  DOCUMENT_CAMERA("documentCamera", false),
  /** Social-security card reader (PC/SC; agent/docs/social-security-card.md). */
  SOCIAL_SECURITY_CARD("socialSecurityCard", false);

  private final String key;
  private final boolean hasPaper;

  Peripheral(String key, boolean hasPaper) {
    this.key = key;
    this.hasPaper = hasPaper;
  }

  /** The stable wire name ({@code idCardReader}, {@code printer}, {@code camera}, {@code gpio}, {@code formPrinter},
   * {@code documentCamera}, {@code socialSecurityCard}). */
  public String key() {
    return key;
  }

  /** Whether this peripheral has paper (the printers; only then is its {@link PaperState} other than NOTSUPPORTED). */
  public boolean hasPaper() {
    return hasPaper;
  }

  /** The peripheral with this wire name. */
  public static Optional<Peripheral> fromKey(String key) {
    for (Peripheral p : values()) {
      if (p.key.equals(key)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
