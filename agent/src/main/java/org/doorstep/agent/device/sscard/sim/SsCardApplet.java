package org.doorstep.agent.device.sscard.sim;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.doorstep.agent.device.sscard.SsCardApdus;

/**
 * The card end of the basic-data read: answers SELECT (by DF name, by file identifier) and READ RECORD (by record
 * identifier, P2 00; by number, P2 04) from a {@link SimSsCard}'s files, with the status words of
 * agent/docs/social-security-card.md §3. Anything else is {@code 6D00}. Used by the vpcd virtual card and the
 * in-process terminal alike, so both speak the same card. Not thread safe (one card, one reader).
 */
public final class SsCardApplet {
  private final SimSsCard card;
  private boolean ssseSelected;
  private int currentEf;

  public SsCardApplet(SimSsCard card) {
    this.card = Objects.requireNonNull(card, "card");
  }

  /** The card's ATR. */
  public byte[] atr() {
    return card.atr();
  }

  /** Power-on or reset: nothing selected. */
  public void reset() {
    ssseSelected = false;
    currentEf = 0;
  }

  /** The response APDU (data, SW1, SW2) to {@code command}. */
  public byte[] process(byte[] command) {
    if (command.length < 4) {
      return sw(0x6700);
    }
    int cla = command[0] & 0xFF;
    int ins = command[1] & 0xFF;
    int p1 = command[2] & 0xFF;
    int p2 = command[3] & 0xFF;
    if (cla != 0x00) {
      return sw(0x6E00);
    }
    return switch (ins) {
      case 0xA4 -> select(command, p1);
      case 0xB2 -> readRecord(p1, p2);
      default -> sw(0x6D00);
    };
  }

  private byte[] select(byte[] command, int p1) {
    if (command.length < 5 || command.length < 5 + (command[4] & 0xFF)) {
      return sw(0x6700);
    }
    byte[] data = Arrays.copyOfRange(command, 5, 5 + (command[4] & 0xFF));
    if (p1 == 0x04) {
      if (!card.hasSsse() || !Arrays.equals(data, SsCardApdus.SSSE_AID)) {
        return sw(0x6A82);
      }
      ssseSelected = true;
      currentEf = 0;
      return sw(0x9000);
    }
    if (p1 == 0x02 && data.length == 2) {
      int fid = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
      if (!ssseSelected || !card.files().containsKey(fid)) {
        return sw(0x6A82);
      }
      currentEf = fid;
      return sw(0x9000);
    }
    return sw(0x6A86);
  }

  private byte[] readRecord(int p1, int p2) {
    if (currentEf == 0) {
      return sw(0x6986);                                 // command not allowed: no current EF
    }
    if (card.guarded().contains(currentEf)) {
      return sw(0x6982);                                 // security status not satisfied (PIN/PSAM generation)
    }
    Map<Integer, byte[]> records = card.files().get(currentEf);
    byte[] record;
    if (p2 == 0x00) {
      record = records.get(p1);                          // by record identifier (the tag)
    } else if (p2 == 0x04) {
      record = p1 >= 1 && p1 <= records.size() ? records.values().toArray(byte[][]::new)[p1 - 1] : null;
    } else {
      return sw(0x6A86);
    }
    if (record == null) {
      return sw(0x6A83);
    }
    byte[] r = Arrays.copyOf(record, record.length + 2);
    r[record.length] = (byte) 0x90;
    return r;
  }

  private static byte[] sw(int sw) {
    return new byte[] {(byte) (sw >> 8), (byte) sw};
  }
}
