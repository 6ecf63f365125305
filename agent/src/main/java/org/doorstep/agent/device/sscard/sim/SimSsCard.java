package org.doorstep.agent.device.sscard.sim;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.doorstep.agent.device.sscard.DataItem;
import org.doorstep.agent.device.sscard.SocialSecurityCard;
import org.doorstep.agent.device.sscard.SsCardApdus;

/**
 * A simulated card's content: its ATR, whether it has the SSSE application, the records of each EF (tag → {@code
 * tag · len · value}, encoded as the specification pads them) and the EFs guarded by a PIN/PSAM.
 *
 * @param name    a label for tests and logs (no personal data)
 * @param atr     answer to reset
 * @param hasSsse false for a bank-only card (SELECT SSSE answers 6A82)
 * @param files   file identifier → records in order
 * @param guarded EFs whose READ RECORD answers 6982
 */
public record SimSsCard(String name, byte[] atr, boolean hasSsse, Map<Integer, Map<Integer, byte[]>> files,
    Set<Integer> guarded) {
  /**
   * A T=1 ATR: TS 3B · T0 96 (TA1, TD1; 6 historical bytes) · TA1 96 (Fi 512, Di 32) · TD1 81 (T=1, TD2) · TD2 B1
   * (TA3, TB3, TD3; T=1) · TA3 FE (IFSC 254) · TB3 45 (BWI 4, CWI 5) · TD3 1F (T=15, TA4) · TA4 03 (class A/B) ·
   * "SSCARD" · TCK.
   */
  public static final byte[] ATR_T1 = withTck(HexFormat.of().parseHex("3B969681B1FE451F03" + "535343415244"));
  private static final Charset GBK = Charset.forName("GB18030");

  /** The card holding {@code card}'s data in its EF05/EF06, as a 社保卡 stores them. */
  public static SimSsCard of(String name, SocialSecurityCard card) {
    Map<Integer, byte[]> ef05 = new LinkedHashMap<>();
    Map<Integer, byte[]> ef06 = new LinkedHashMap<>();
    put(ef05, DataItem.IDENTIFICATION_CODE, an(card.identificationCode(), 16));
    put(ef05, DataItem.CATEGORY, an(String.valueOf(card.category()), 1));
    put(ef05, DataItem.SPEC_VERSION, an(card.specVersion(), 4));
    put(ef05, DataItem.ISSUER, an(card.issuer(), 16));
    put(ef05, DataItem.ISSUE_DATE, cn(card.issueDate()));
    put(ef05, DataItem.VALID_UNTIL, cn(card.validUntil()));
    put(ef05, DataItem.CARD_NUMBER, an(card.cardNumber(), 9));
    put(ef06, DataItem.SOCIAL_SECURITY_NUMBER, an(card.idNumber().unmasked(), 18));
    put(ef06, DataItem.NAME, Arrays.copyOf(card.name().unmasked().getBytes(GBK), 30));
    put(ef06, DataItem.SEX, an(String.valueOf(card.sex()), 1));
    return new SimSsCard(name, ATR_T1, true, Map.of(SsCardApdus.EF05, ef05, SsCardApdus.EF06, ef06), Set.of());
  }

  /** A card without the SSSE application (a plain bank card). */
  public static SimSsCard bankOnly(String name) {
    return new SimSsCard(name, ATR_T1, false, Map.of(), Set.of());
  }

  /** This card with EF06 behind a PIN/PSAM (READ RECORD answers 6982). */
  public SimSsCard holderDataGuarded() {
    return new SimSsCard(name + "-guarded", atr, hasSsse, files, Set.of(SsCardApdus.EF06));
  }

  @Override
  public byte[] atr() {
    return atr.clone();
  }

  @Override
  public String toString() {
    return "SimSsCard[" + name + "]";
  }

  private static void put(Map<Integer, byte[]> ef, DataItem item, byte[] value) {
    byte[] r = new byte[value.length + 2];
    r[0] = (byte) item.tag();
    r[1] = (byte) value.length;
    System.arraycopy(value, 0, r, 2, value.length);
    ef.put(item.tag(), r);
  }

  private static byte[] an(String s, int length) {
    return Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), length);
  }

  private static byte[] cn(LocalDate d) {
    return HexFormat.of().parseHex(String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
  }

  private static byte[] withTck(byte[] atr) {
    byte tck = 0;
    for (int i = 1; i < atr.length; i++) {
      tck ^= atr[i];
    }
    byte[] r = Arrays.copyOf(atr, atr.length + 1);
    r[atr.length] = tck;
    return r;
  }
}
