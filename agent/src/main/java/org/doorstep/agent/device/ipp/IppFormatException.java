package org.doorstep.agent.device.ipp;

/**
 * Bytes that are not a well-formed RFC 8010 message. The message names what was wrong and at which byte
 * offset; it never contains attribute values (a response may echo a job name).
 */
public final class IppFormatException extends IllegalArgumentException {
  private final int offset;

  public IppFormatException(String problem, int offset) {
    super(problem + " (at byte " + offset + ")");
    this.offset = offset;
  }

  /** Where in the message the problem was found. */
  public int offset() {
    return offset;
  }
}
