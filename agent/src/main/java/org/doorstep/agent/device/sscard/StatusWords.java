package org.doorstep.agent.device.sscard;

import java.util.Locale;

/**
 * Status words (SW1 SW2) of ISO/IEC 7816-4 §5.6 as LD/T 32.5 (社会保障卡规范 第5部分: 命令, §6.4) uses them,
 * mapped to {@link SsCardProblem}s for each step of the read. The table is in agent/docs/social-security-card.md §3.
 */
public final class StatusWords {
  /** Normal processing. */
  public static final int OK = 0x9000;

  private StatusWords() {
  }

  /** The problem for a status word other than 9000, 61xx and 6Cxx answered to {@code command}. */
  public static SsCardProblem problem(CardReadSequence.Command command, int sw) {
    if (sw == 0x6283) {
      return SsCardProblem.CARD_BLOCKED;                     // selected file invalidated: card deactivated
    }
    if (command == CardReadSequence.Command.SELECT_SSSE) {
      return switch (sw) {
        case 0x6A82, 0x6A86, 0x6D00, 0x6E00 -> SsCardProblem.NOT_A_SOCIAL_SECURITY_CARD; // no such DF / INS / CLA
        case 0x6A81 -> SsCardProblem.CARD_BLOCKED;           // application locked (LD/T 32.5, as in PBOC)
        default -> SsCardProblem.READ_FAILED_TRY_AGAIN;
      };
    }
    return switch (sw) {
      case 0x6982, 0x6983, 0x6985 -> SsCardProblem.NEEDS_AUTHENTICATION; // security status / PIN blocked / conditions
      case 0x6A81 -> SsCardProblem.CARD_BLOCKED;
      case 0x6A82, 0x6A83 -> SsCardProblem.CARD_DATA_MISSING; // file or record not found
      default -> SsCardProblem.READ_FAILED_TRY_AGAIN;       // 6581 memory, 6700 length, 6F00, 64xx, …
    };
  }

  /** {@code 6A82}-style text for logs. */
  public static String hex(int sw) {
    return String.format(Locale.ROOT, "%04X", sw);
  }
}
