package org.doorstep.agent.device.ipp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One value of an IPP attribute (RFC 8010 §3.9), by encoding family. Every value knows its tag, so that a
 * decoded message encodes back to the same bytes.
 */
public sealed interface IppValue {
  /** The value tag on the wire (an unknown tag's byte for {@link Octets} of an unknown tag). */
  int tagCode();

  /** integer (0x21) or enum (0x23): a signed 32-bit number. */
  record Int(IppTag tag, int value) implements IppValue {
    public Int {
      if (tag != IppTag.INTEGER && tag != IppTag.ENUM) {
        throw new IllegalArgumentException("tag: an Int is integer or enum, was " + tag);
      }
    }

    @Override
    public int tagCode() {
      return tag.code();
    }
  }

  /** boolean (0x22). */
  record Bool(boolean value) implements IppValue {
    @Override
    public int tagCode() {
      return IppTag.BOOLEAN.code();
    }
  }

  /** A character-string value (text, name, keyword, uri, charset, naturalLanguage, mimeMediaType …). */
  record Text(IppTag tag, String value) implements IppValue {
    public Text {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(value, "value");
      if (!tag.isString()) {
        throw new IllegalArgumentException("tag: " + tag + " is not a character-string tag");
      }
    }

    @Override
    public int tagCode() {
      return tag.code();
    }
  }

  /**
   * Any other value as its raw bytes: octetString, dateTime (11 bytes), resolution (9), rangeOfInteger (8),
   * text/nameWithLanguage, out-of-band values (empty), and value tags this codec does not know.
   */
  record Octets(int tagCode, byte[] bytes) implements IppValue {
    public Octets {
      if (tagCode < 0x10 || tagCode > 0xFF) {
        throw new IllegalArgumentException("tagCode: a value tag is 0x10..0xFF, was " + tagCode);
      }
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Octets other && other.tagCode == tagCode && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return 31 * tagCode + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Octets[0x" + Integer.toHexString(tagCode) + ", " + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  /** begCollection … endCollection (RFC 8010 §3.1.6): member attributes in order. */
  record Collection(List<IppAttribute> members) implements IppValue {
    public Collection {
      members = List.copyOf(members);
    }

    @Override
    public int tagCode() {
      return IppTag.BEG_COLLECTION.code();
    }
  }

  /** The value as text when it is a character string (UTF-8 for octet families), else its string form. */
  default String asText() {
    if (this instanceof Text t) {
      return t.value();
    }
    if (this instanceof Octets o) {
      return new String(o.bytes, StandardCharsets.UTF_8);
    }
    if (this instanceof Int i) {
      return Integer.toString(i.value());
    }
    if (this instanceof Bool b) {
      return Boolean.toString(b.value());
    }
    return toString();
  }
}
