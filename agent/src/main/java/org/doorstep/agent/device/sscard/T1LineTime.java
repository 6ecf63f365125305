package org.doorstep.agent.device.sscard;

import java.util.List;

/**
 * The T=1 line-time floor of a read (ISO/IEC 7816-3 §7, §11): the time the frames need on the wire at the ATR's
 * speed, with no card processing at all. One etu = (Fi / Di) / f; TA1 gives Fi, Di (default 372, 1); f is the
 * reader's clock (not in the ATR; {@link #DEFAULT_CLOCK_HZ}). Each byte of a T=1 block takes 11 etu (character
 * guard time 11 etu with N = 0); each block adds NAD, PCB, LEN and LRC (4 bytes); a block in the other direction
 * starts at least BGT = 22 etu after the previous one. So one exchange costs
 * {@code ((cmd + 4) + (resp + 4)) × 11 etu + 2 × 22 etu}. Pure.
 */
public final class T1LineTime {
  /** Clock of common CCID readers (4 MHz; ISO/IEC 7816-3 allows 1–5 MHz at Fi 372). */
  public static final double DEFAULT_CLOCK_HZ = 4_000_000;
  private static final int[] FI = {372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0};
  private static final int[] DI = {0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};

  private T1LineTime() {
  }

  /** Fi/Di clock cycles per etu from the ATR's TA1 (372 when TA1 is absent). */
  public static double cyclesPerEtu(byte[] atr) {
    if (atr.length < 3) {
      throw new IllegalArgumentException("atr: too short");
    }
    int t0 = atr[1] & 0xFF;
    if ((t0 & 0x10) == 0) {
      return 372;
    }
    int ta1 = atr[2] & 0xFF;
    int fi = FI[ta1 >> 4];
    int di = DI[ta1 & 0x0F];
    if (fi == 0 || di == 0) {
      throw new IllegalArgumentException(String.format("atr: TA1 %02X is reserved", ta1));
    }
    return (double) fi / di;
  }

  /** The floor in nanoseconds for {@code exchanges} at the ATR's speed and {@code clockHz}. */
  public static long floorNanos(List<CardRead.Exchange> exchanges, byte[] atr, double clockHz) {
    double etuNanos = cyclesPerEtu(atr) / clockHz * 1e9;
    double etus = 0;
    for (CardRead.Exchange x : exchanges) {
      etus += (x.commandBytes() + 4 + x.responseBytes() + 4) * 11.0 + 2 * 22.0;
    }
    return Math.round(etus * etuNanos);
  }
}
