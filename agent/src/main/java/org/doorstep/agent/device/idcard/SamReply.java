package org.doorstep.agent.device.idcard;

import java.util.Arrays;
import java.util.Optional;

/**
 * One checked reader → host frame: SW1 SW2 SW3 and DATA. Immutable ({@link #data()} returns a copy).
 * {@link #toString()} shows the status words and the data length only: data may be a card's text and photo.
 */
public final class SamReply implements SamFrameDecoder.Result {
  private final int sw1;
  private final int sw2;
  private final int sw3;
  private final byte[] data;

  SamReply(int sw1, int sw2, int sw3, byte[] data) {
    this.sw1 = sw1 & 0xFF;
    this.sw2 = sw2 & 0xFF;
    this.sw3 = sw3 & 0xFF;
    this.data = data;
  }

  /** A reply with these values (tests, the simulator). */
  public static SamReply of(int sw1, int sw2, int sw3, byte[] data) {
    return new SamReply(sw1, sw2, sw3, data.clone());
  }

  public int sw1() {
    return sw1;
  }

  public int sw2() {
    return sw2;
  }

  /** The raw SW3 byte. */
  public int sw3() {
    return sw3;
  }

  /** SW3 as a defined status, empty for an undefined code. */
  public Optional<Sw3> status() {
    return Sw3.of(sw3);
  }

  /** A copy of DATA. */
  public byte[] data() {
    return data.clone();
  }

  public int dataLength() {
    return data.length;
  }

  /** DATA without copying, for parsers in this package. */
  byte[] dataUnsafe() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamReply r && r.sw1 == sw1 && r.sw2 == sw2 && r.sw3 == sw3 && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * sw1 + sw2) + sw3) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return String.format("SamReply[SW %02X %02X %02X, %d B data]", sw1, sw2, sw3, data.length);
  }
}
