package org.doorstep.agent.device.ipp;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPP request or response (RFC 8010 §3.1.1): version, operation-id (request) or status-code (response),
 * request-id, attribute groups in order, then the document data (requests such as Print-Job; empty
 * otherwise).
 *
 * @param major     version-number major (2 for IPP/2.0; 1 for 1.1)
 * @param minor     version-number minor
 * @param code      operation-id of a request or status-code of a response (0x0000–0xFFFF)
 * @param requestId 1..2^31-1 for requests (RFC 8011 §4.1.2); a response echoes it
 * @param groups    attribute groups in wire order
 * @param data      document data after end-of-attributes
 */
public record IppMessage(int major, int minor, int code, int requestId, List<IppGroup> groups, byte[] data) {
  public IppMessage {
    if (major < 0 || major > 0xFF || minor < 0 || minor > 0xFF) {
      throw new IllegalArgumentException("version: " + major + "." + minor + " does not fit two bytes");
    }
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("code: " + code + " does not fit two bytes");
    }
    groups = List.copyOf(groups);
    data = Objects.requireNonNull(data, "data").clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The size of the document data, without copying it. */
  public int dataLength() {
    return data.length;
  }

  /** The first group with {@code tag}. */
  public Optional<IppGroup> group(IppTag tag) {
    return groups.stream().filter(g -> g.tag() == tag).findFirst();
  }

  /** The attribute {@code name} in the first group with {@code tag}. */
  public Optional<IppAttribute> attribute(IppTag tag, String name) {
    return group(tag).flatMap(g -> g.get(name));
  }

  /** A response's status-code as a known status, if it is one. */
  public Optional<IppStatus> status() {
    return IppStatus.of(code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IppMessage m && m.major == major && m.minor == minor && m.code == code
        && m.requestId == requestId && m.groups.equals(groups) && Arrays.equals(m.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(major, minor, code, requestId, groups) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "IppMessage[" + major + "." + minor + ", code=0x" + Integer.toHexString(code) + ", requestId=" + requestId
        + ", groups=" + groups.size() + ", data=" + data.length + " bytes]";
  }
}
