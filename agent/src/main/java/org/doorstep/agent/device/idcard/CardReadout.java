package org.doorstep.agent.device.idcard;

import java.util.Arrays;

/**
 * The blocks of a {@code 30 01}/{@code 30 10} reply: text (256 B), photo (1024 B), fingerprint (0 or 1024 B).
 * Layout of DATA (PERIPHERALS.md §1): text length (2, big-endian), photo length (2), [fingerprint length (2)],
 * then the blocks in that order.
 */
record CardReadout(byte[] text, byte[] wlt, byte[] fingerprint) {

  /**
   * Splits {@code data}.
   *
   * @throws IllegalArgumentException when the lengths do not add up (a length error: the driver retries)
   */
  static CardReadout parse(byte[] data, boolean withFingerprint) {
    int head = withFingerprint ? 6 : 4;
    if (data.length < head) {
      throw new IllegalArgumentException("read reply: " + data.length + " B data, shorter than its length fields");
    }
    int textLen = u16(data, 0);
    int photoLen = u16(data, 2);
    int fpLen = withFingerprint ? u16(data, 4) : 0;
    if (textLen != CardTextLayout.SIZE) {
      throw new IllegalArgumentException("read reply: text length " + textLen + ", expected 256");
    }
    if (photoLen == 0 || head + textLen + photoLen + fpLen != data.length) {
      throw new IllegalArgumentException("read reply: lengths " + textLen + "+" + photoLen + "+" + fpLen
          + " do not match " + (data.length - head) + " B of data");
    }
    int t = head;
    int p = t + textLen;
    int f = p + photoLen;
    return new CardReadout(Arrays.copyOfRange(data, t, p), Arrays.copyOfRange(data, p, f),
        Arrays.copyOfRange(data, f, f + fpLen));
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
