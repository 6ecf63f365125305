package org.doorstep.agent.device.idcard;

import java.util.Objects;

/**
 * GA/T 467 SAM frame encoding (PERIPHERALS.md §1). Both directions share one shape:
 *
 * <pre>
 * AA AA AA 96 69 · LEN (2 bytes, big-endian) · body · CHK
 *   host → reader body: CMD PARA DATA…
 *   reader → host body: SW1 SW2 SW3 DATA…
 * LEN = body length + 1 (it counts every byte after the LEN field, CHK included)
 * CHK = XOR of every byte after the preamble: both LEN bytes and the body
 * </pre>
 *
 * Example, find card: {@code AA AA AA 96 69 | 00 03 | 20 01 | 22}. Decoding is {@link SamFrameDecoder}.
 */
public final class SamFrames {
  /** The 5-byte preamble that starts every frame. */
  private static final byte[] PREAMBLE = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, (byte) 0x69};
  /** Bytes before the body: preamble and LEN. */
  public static final int HEADER_LENGTH = 7;
  /**
   * Largest LEN a decoder accepts: the longest defined reply ({@code 30 10} text + photo + fingerprint,
   * LEN 2314) with headroom for readers that append a few bytes. Anything larger is a length error.
   */
  public static final int MAX_LEN = 0x0A00;
  /** Smallest LEN of a reply: SW1 SW2 SW3 CHK. */
  public static final int MIN_REPLY_LEN = 4;
  /** Smallest LEN of a request: CMD PARA CHK. */
  public static final int MIN_REQUEST_LEN = 3;

  private SamFrames() {}

  /** A copy of the preamble {@code AA AA AA 96 69}. */
  public static byte[] preamble() {
    return PREAMBLE.clone();
  }

  static byte preambleByte(int i) {
    return PREAMBLE[i];
  }

  /** The full host → reader frame for {@code command}. */
  public static byte[] request(SamCommand command) {
    return request(command.cmd(), command.para(), new byte[0]);
  }

  /** The full host → reader frame for CMD, PARA and DATA. */
  public static byte[] request(int cmd, int para, byte[] data) {
    Objects.requireNonNull(data, "data");
    return frame(new byte[] {(byte) cmd, (byte) para}, data);
  }

  /** The full reader → host frame for SW1 SW2 SW3 and DATA (what a reader, or the simulator, sends). */
  public static byte[] reply(int sw1, int sw2, int sw3, byte[] data) {
    Objects.requireNonNull(data, "data");
    return frame(new byte[] {(byte) sw1, (byte) sw2, (byte) sw3}, data);
  }

  /** The full reply frame with SW1 = SW2 = 00 and {@code sw3}. */
  public static byte[] reply(Sw3 sw3, byte[] data) {
    return reply(0, 0, sw3.code(), data);
  }

  /** XOR of {@code bytes[from, to)}. */
  public static int xor(byte[] bytes, int from, int to) {
    int x = 0;
    for (int i = from; i < to; i++) {
      x ^= bytes[i];
    }
    return x & 0xFF;
  }

  private static byte[] frame(byte[] head, byte[] data) {
    int len = head.length + data.length + 1;
    if (len > 0xFFFF) {
      throw new IllegalArgumentException("data: too long for a 2-byte LEN (" + data.length + " B)");
    }
    byte[] f = new byte[HEADER_LENGTH + len];
    System.arraycopy(PREAMBLE, 0, f, 0, PREAMBLE.length);
    f[5] = (byte) (len >>> 8);
    f[6] = (byte) len;
    System.arraycopy(head, 0, f, HEADER_LENGTH, head.length);
    System.arraycopy(data, 0, f, HEADER_LENGTH + head.length, data.length);
    f[f.length - 1] = (byte) xor(f, 5, f.length - 1);
    return f;
  }
}
