package org.doorstep.agent.device.ipp;

import java.util.Optional;

/**
 * The one-byte tags of RFC 8010 §3.5: delimiter tags (0x00–0x0F) that open attribute groups and end the
 * attributes, and value tags (0x10–0xFF) that say how a value is encoded. Unknown value tags are kept as
 * octets (RFC 8010 §3.5.2: a receiver must accept and skip value tags it does not know).
 */
public enum IppTag {
  // delimiter tags (RFC 8010 §3.5.1)
  OPERATION_ATTRIBUTES(0x01),
  JOB_ATTRIBUTES(0x02),
  END_OF_ATTRIBUTES(0x03),
  PRINTER_ATTRIBUTES(0x04),
  UNSUPPORTED_ATTRIBUTES(0x05),
  // out-of-band values (RFC 8010 §3.5.2)
  UNSUPPORTED(0x10),
  UNKNOWN(0x12),
  NO_VALUE(0x13),
  // integer types
  INTEGER(0x21),
  BOOLEAN(0x22),
  ENUM(0x23),
  // octetString types
  OCTET_STRING(0x30),
  DATE_TIME(0x31),
  RESOLUTION(0x32),
  RANGE_OF_INTEGER(0x33),
  BEG_COLLECTION(0x34),
  TEXT_WITH_LANGUAGE(0x35),
  NAME_WITH_LANGUAGE(0x36),
  END_COLLECTION(0x37),
  // character-string types
  TEXT_WITHOUT_LANGUAGE(0x41),
  NAME_WITHOUT_LANGUAGE(0x42),
  KEYWORD(0x44),
  URI(0x45),
  URI_SCHEME(0x46),
  CHARSET(0x47),
  NATURAL_LANGUAGE(0x48),
  MIME_MEDIA_TYPE(0x49),
  MEMBER_ATTR_NAME(0x4A);

  private final int code;

  IppTag(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  public int code() {
    return code;
  }

  /** Whether this tag opens an attribute group (or ends the attributes). */
  public boolean isDelimiter() {
    return code < 0x10;
  }

  /** Whether values of this tag are encoded as UTF-8/US-ASCII strings. */
  public boolean isString() {
    return code >= 0x40 && code <= 0x5F && this != MEMBER_ATTR_NAME;
  }

  /** The tag for a byte, if this codec knows it. */
  public static Optional<IppTag> of(int code) {
    for (IppTag t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
