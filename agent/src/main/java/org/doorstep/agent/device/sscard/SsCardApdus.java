package org.doorstep.agent.device.sscard;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The command APDUs of the basic-data read (agent/docs/social-security-card.md §2), as ISO/IEC 7816-4 short
 * APDUs {@code CLA INS P1 P2 [Lc data] [Le]}. No command carries a PIN: the basic files EF05 and EF06 are read
 * without VERIFY, and this class has no way to build one.
 */
public final class SsCardApdus {
  /** The SSSE application name: {@code "sx1.sh."} then 社会保障 in GBK (15 bytes). */
  public static final byte[] SSSE_AID = concat("sx1.sh.".getBytes(StandardCharsets.US_ASCII),
      HexFormat.of().parseHex("C9E7BBE1B1A3D5CF"));
  /** File identifier of the issuer data file (发卡机构数据文件). */
  public static final int EF05 = 0xEF05;
  /** File identifier of the holder's basic information file (持卡人基本信息文件). */
  public static final int EF06 = 0xEF06;

  private SsCardApdus() {
  }

  /** {@code 00 A4 04 00 0F <SSSE>}: SELECT by DF name (P1 04), first occurrence, no Le. */
  public static byte[] selectSsse() {
    byte[] c = new byte[5 + SSSE_AID.length];
    c[1] = (byte) 0xA4;
    c[2] = 0x04;
    c[4] = (byte) SSSE_AID.length;
    System.arraycopy(SSSE_AID, 0, c, 5, SSSE_AID.length);
    return c;
  }

  /** {@code 00 A4 02 00 02 <fid>}: SELECT an elementary file under the current DF (P1 02). */
  public static byte[] selectEf(int fid) {
    return new byte[] {0x00, (byte) 0xA4, 0x02, 0x00, 0x02, (byte) (fid >> 8), (byte) fid};
  }

  /**
   * {@code 00 B2 <tag> 00 <Le>}: READ RECORD of the current EF, P2 {@code 00} = first record whose identifier
   * (the data item's tag) is P1. {@code le} 0 asks for the whole record (256 on T=0, what the card has on T=1).
   */
  public static byte[] readRecord(int tag, int le) {
    return new byte[] {0x00, (byte) 0xB2, (byte) tag, 0x00, (byte) le};
  }

  /** {@code 00 C0 00 00 <Le>}: GET RESPONSE after {@code 61xx} (only seen raw on T=1; the JDK does it on T=0). */
  public static byte[] getResponse(int le) {
    return new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, (byte) le};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
