package org.doorstep.agent.device.idcard;

/**
 * GB 11643-1999 citizen identification numbers: 6-digit region code, 8-digit birth date, 3-digit
 * sequence (odd for men, even for women) and one ISO 7064 MOD 11-2 check character ({@code 0}–{@code 9}
 * or {@code X}).
 */
public final class Gb11643 {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();

  private Gb11643() {}

  /**
   * The check character for the first 17 digits.
   *
   * @throws IllegalArgumentException when {@code first17} is not 17 decimal digits
   */
  public static char checkDigit(String first17) {
    if (first17 == null || !first17.matches("[0-9]{17}")) {
      throw new IllegalArgumentException("first17: must be 17 decimal digits");
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11];
  }

  /** The 18-character number for {@code first17} plus its check character. */
  public static String complete(String first17) {
    return first17 + checkDigit(first17);
  }

  /** Whether {@code number} is 18 characters with a correct check character (a lower-case x is refused). */
  public static boolean isValid(String number) {
    return number != null && number.matches("[0-9]{17}[0-9X]")
        && checkDigit(number.substring(0, 17)) == number.charAt(17);
  }
}
