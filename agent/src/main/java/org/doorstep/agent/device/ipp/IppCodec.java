package org.doorstep.agent.device.ipp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code application/ipp} encoding of RFC 8010 §3, both ways; pure (no I/O), thread-safe.
 *
 * <pre>
 * message    = version-number(2) operation-id|status-code(2) request-id(4)
 *              *(begin-attribute-group-tag(1) *attribute) end-of-attributes-tag(1) data
 * attribute  = value-tag(1) name-length(2) name value-length(2) value
 *              *(value-tag(1) 0x0000 value-length(2) value)          ; additional values
 * collection = begCollection(0x34) name … endCollection(0x37) 0x0000 0x0000, members as
 *              memberAttrName(0x4A) 0x0000 value-length name, then the member's value(s) with empty names
 * </pre>
 *
 * The decoder checks every length against the bytes left and fails with {@link IppFormatException} naming
 * the offset: a truncated, garbled or hostile response never loops or reads past its end.
 */
public final class IppCodec {
  /** Largest message the decoder takes (a printer's full attribute set is ~30 KB; forms are sent, not received). */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
  private static final int MAX_COLLECTION_DEPTH = 16;

  private IppCodec() {}

  // ---- encoding ----------------------------------------------------------------------------------

  /** The wire bytes of {@code m}. */
  public static byte[] encode(IppMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + m.dataLength());
    out.write(m.major());
    out.write(m.minor());
    short16(out, m.code());
    int32(out, m.requestId());
    for (IppGroup g : m.groups()) {
      out.write(g.tag().code());
      for (IppAttribute a : g.attributes()) {
        attribute(out, a.name(), a.values());
      }
    }
    out.write(IppTag.END_OF_ATTRIBUTES.code());
    out.writeBytes(m.data());
    return out.toByteArray();
  }

  private static void attribute(ByteArrayOutputStream out, String name, List<IppValue> values) {
    boolean first = true;
    for (IppValue v : values) {
      value(out, first ? name : "", v);
      first = false;
    }
  }

  private static void value(ByteArrayOutputStream out, String name, IppValue v) {
    out.write(v.tagCode());
    lengthPrefixed(out, name.getBytes(StandardCharsets.UTF_8));
    if (v instanceof IppValue.Int i) {
      short16(out, 4);
      int32(out, i.value());
    } else if (v instanceof IppValue.Bool b) {
      short16(out, 1);
      out.write(b.value() ? 1 : 0);
    } else if (v instanceof IppValue.Text t) {
      lengthPrefixed(out, t.value().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof IppValue.Octets o) {
      lengthPrefixed(out, o.bytes());
    } else if (v instanceof IppValue.Collection c) {
      short16(out, 0);
      for (IppAttribute member : c.members()) {
        out.write(IppTag.MEMBER_ATTR_NAME.code());
        short16(out, 0);
        lengthPrefixed(out, member.name().getBytes(StandardCharsets.UTF_8));
        for (IppValue mv : member.values()) {
          value(out, "", mv);
        }
      }
      out.write(IppTag.END_COLLECTION.code());
      short16(out, 0);
      short16(out, 0);
    }
  }

  private static void lengthPrefixed(ByteArrayOutputStream out, byte[] b) {
    if (b.length > 0x7FFF) {
      throw new IllegalArgumentException("value: " + b.length + " bytes is longer than an IPP length field allows (32767)");
    }
    short16(out, b.length);
    out.writeBytes(b);
  }

  private static void short16(ByteArrayOutputStream out, int v) {
    out.write((v >>> 8) & 0xFF);
    out.write(v & 0xFF);
  }

  private static void int32(ByteArrayOutputStream out, int v) {
    out.write((v >>> 24) & 0xFF);
    out.write((v >>> 16) & 0xFF);
    out.write((v >>> 8) & 0xFF);
    out.write(v & 0xFF);
  }

  // ---- decoding ----------------------------------------------------------------------------------

  /**
   * The message in {@code bytes}.
   *
   * @throws IppFormatException when the bytes are not a complete, well-formed message (too short, a length
   *     past the end, an attribute outside a group, an additional value without an attribute, a bad
   *     integer/boolean length, invalid UTF-8 in a string, an unbalanced collection, a missing
   *     end-of-attributes tag)
   */
  public static IppMessage decode(byte[] bytes) {
    if (bytes.length > MAX_MESSAGE_BYTES) {
      throw new IppFormatException("message of " + bytes.length + " bytes exceeds " + MAX_MESSAGE_BYTES, 0);
    }
    Reader r = new Reader(bytes);
    if (bytes.length < 9) {
      throw new IppFormatException("message of " + bytes.length + " bytes is shorter than the 9-byte minimum "
          + "(version, code, request-id, end-of-attributes)", 0);
    }
    int major = r.u8();
    int minor = r.u8();
    if (major < 1 || major > 2) {
      throw new IppFormatException("version " + major + "." + minor + " is not IPP 1.x or 2.x (not an IPP response?)", 0);
    }
    int code = r.u16();
    int requestId = r.s32();
    List<IppGroup> groups = new ArrayList<>();
    IppTag groupTag = null;
    List<IppAttribute> attrs = null;
    while (true) {
      if (!r.has(1)) {
        throw new IppFormatException("end-of-attributes tag (0x03) missing: message truncated", r.pos);
      }
      int at = r.pos;
      int tag = r.u8();
      if (tag < 0x10) {
        if (groupTag != null) {
          groups.add(new IppGroup(groupTag, attrs));
        }
        if (tag == IppTag.END_OF_ATTRIBUTES.code()) {
          return new IppMessage(major, minor, code, requestId, groups, Arrays.copyOfRange(bytes, r.pos, bytes.length));
        }
        Optional<IppTag> t = IppTag.of(tag).filter(IppTag::isDelimiter);
        if (t.isEmpty()) {
          throw new IppFormatException(String.format("unknown attribute-group tag 0x%02X", tag), at);
        }
        groupTag = t.get();
        attrs = new ArrayList<>();
        continue;
      }
      if (groupTag == null) {
        throw new IppFormatException(String.format("value tag 0x%02X before any attribute-group tag", tag), at);
      }
      String name = r.string(r.u16(), "name");
      IppValue v = readValue(r, tag, 0);
      if (name.isEmpty()) {
        if (attrs.isEmpty()) {
          throw new IppFormatException("additional value (empty name) without an attribute before it", at);
        }
        IppAttribute last = attrs.remove(attrs.size() - 1);
        List<IppValue> vs = new ArrayList<>(last.values());
        vs.add(v);
        attrs.add(new IppAttribute(last.name(), vs));
      } else {
        attrs.add(IppAttribute.of(name, v));
      }
    }
  }

  /** Reads the value-length and value of a value whose tag and name were read. */
  private static IppValue readValue(Reader r, int tag, int depth) {
    int at = r.pos;
    if (tag == 0x7F) {
      throw new IppFormatException("extension value tags (0x7F) are not supported", at - 1);
    }
    int len = r.u16();
    if (!r.has(len)) {
      throw new IppFormatException("value-length " + len + " runs past the end (" + r.left() + " bytes left)", at);
    }
    IppTag t = IppTag.of(tag).orElse(null);
    if (t == IppTag.INTEGER || t == IppTag.ENUM) {
      if (len != 4) {
        throw new IppFormatException(t + " value-length must be 4, was " + len, at);
      }
      return new IppValue.Int(t, r.s32());
    }
    if (t == IppTag.BOOLEAN) {
      if (len != 1) {
        throw new IppFormatException("boolean value-length must be 1, was " + len, at);
      }
      int b = r.u8();
      if (b > 1) {
        throw new IppFormatException("boolean value must be 0 or 1, was " + b, at + 2);
      }
      return new IppValue.Bool(b == 1);
    }
    if (t == IppTag.BEG_COLLECTION) {
      r.skip(len);       // RFC 8010 §3.1.6: zero length; tolerate and ignore anything else
      return readCollection(r, depth + 1);
    }
    if (t == IppTag.END_COLLECTION || t == IppTag.MEMBER_ATTR_NAME) {
      throw new IppFormatException(t + " outside a collection", at - 1);
    }
    if (t != null && t.isString()) {
      return new IppValue.Text(t, r.string(len, t.name()));
    }
    return new IppValue.Octets(tag, r.bytes(len));
  }

  private static IppValue.Collection readCollection(Reader r, int depth) {
    if (depth > MAX_COLLECTION_DEPTH) {
      throw new IppFormatException("collections nested deeper than " + MAX_COLLECTION_DEPTH, r.pos);
    }
    List<IppAttribute> members = new ArrayList<>();
    String member = null;
    List<IppValue> values = new ArrayList<>();
    while (true) {
      if (!r.has(1)) {
        throw new IppFormatException("collection not closed (endCollection 0x37 missing)", r.pos);
      }
      int at = r.pos;
      int tag = r.u8();
      int nameLen = r.u16();
      if (nameLen != 0) {
        throw new IppFormatException("collection member value with a name (name-length " + nameLen + ")", at);
      }
      if (tag == IppTag.END_COLLECTION.code()) {
        int len = r.u16();
        r.skip(len);
        if (member != null) {
          members.add(memberOf(member, values, at));
        }
        return new IppValue.Collection(members);
      }
      if (tag == IppTag.MEMBER_ATTR_NAME.code()) {
        if (member != null) {
          members.add(memberOf(member, values, at));
        }
        member = r.string(r.u16(), "memberAttrName");
        if (member.isEmpty()) {
          throw new IppFormatException("empty memberAttrName", at);
        }
        values = new ArrayList<>();
        continue;
      }
      if (tag < 0x10) {
        throw new IppFormatException(String.format("delimiter tag 0x%02X inside a collection", tag), at);
      }
      if (member == null) {
        throw new IppFormatException("collection value before any memberAttrName", at);
      }
      values.add(readValue(r, tag, depth));
    }
  }

  private static IppAttribute memberOf(String member, List<IppValue> values, int at) {
    if (values.isEmpty()) {
      throw new IppFormatException("collection member " + member + " has no value", at);
    }
    return new IppAttribute(member, values);
  }

  /** A bounds-checked cursor over the message bytes. */
  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    boolean has(int n) {
      return n >= 0 && b.length - pos >= n;
    }

    int left() {
      return b.length - pos;
    }

    private void need(int n, String what) {
      if (!has(n)) {
        throw new IppFormatException(what + " needs " + n + " bytes, " + left() + " left: message truncated", pos);
      }
    }

    int u8() {
      need(1, "a tag or byte");
      return b[pos++] & 0xFF;
    }

    int u16() {
      need(2, "a length field");
      int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    int s32() {
      need(4, "a 4-byte integer");
      int v = ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
      pos += 4;
      return v;
    }

    byte[] bytes(int n) {
      need(n, "a value");
      byte[] out = Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    void skip(int n) {
      need(n, "a value");
      pos += n;
    }

    String string(int n, String what) {
      int at = pos;
      need(n, what);
      try {
        String s = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b, pos, n)).toString();
        pos += n;
        return s;
      } catch (CharacterCodingException e) {
        throw new IppFormatException(what + " is not valid UTF-8", at);
      }
    }
  }
}
