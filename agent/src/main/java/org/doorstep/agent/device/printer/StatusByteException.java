package org.doorstep.agent.device.printer;

/**
 * A byte is not a {@code DLE EOT} reply: bits 1 and 4 of every reply are 1 and bits 0 and 7 are 0
 * (PERIPHERALS.md §3). Thrown by {@link PrinterStatus#decode}; the message names {@code n} and the
 * byte in hex. No stack trace: line noise is expected.
 */
public final class StatusByteException extends IllegalArgumentException {
  private final int n;
  private final int value;

  public StatusByteException(int n, int value) {
    super(String.format("DLE EOT %d reply 0x%02X: fixed bits wrong (want bits 1,4 set and 0,7 clear)", n, value & 0xFF));
    this.n = n;
    this.value = value & 0xFF;
  }

  /** The {@code n} of the request. */
  public int n() {
    return n;
  }

  /** The offending byte, 0..255. */
  public int value() {
    return value;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
